package org.orrery.core.sequence.internal;

import java.util.List;

import org.orrery.sequence.SequenceProblem;
import org.orrery.sequence.SequenceValidationException;

/** A {@code ${…}} that does not resolve (at run time) or is not well written. */
public final class MacroException extends SequenceValidationException {

    private static final long serialVersionUID = 1L;

    public MacroException(String pointer, String message) {
        super(List.of(new SequenceProblem(pointer, 0, 0, message)));
    }
}
