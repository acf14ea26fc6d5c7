package org.orrery.sequence;

import org.orrery.task.TaskConflictException;

/**
 * The operation does not fit the sequence's state (resume one that is not paused, delete one
 * that runs). Nothing was changed; the REST API answers 409.
 */
public class SequenceStateException extends TaskConflictException {

    private static final long serialVersionUID = 1L;

    public SequenceStateException(String message) {
        super(message);
    }
}
