package org.orrery.sequence;

import org.orrery.task.Severity;
import org.orrery.task.TaskException;

/** No sequence (or template) has the given id or name. The REST API answers 404. */
public class SequenceNotFoundException extends TaskException {

    private static final long serialVersionUID = 1L;

    public SequenceNotFoundException(String message) {
        super(message, Severity.LOW, false);
    }
}
