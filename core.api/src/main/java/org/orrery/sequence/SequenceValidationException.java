package org.orrery.sequence;

import java.util.List;

import org.orrery.task.TaskParameterException;

/** A document (or a template's parameters) is not acceptable; nothing was created. The REST API answers 400. */
public class SequenceValidationException extends TaskParameterException {

    private static final long serialVersionUID = 1L;

    private final List<SequenceProblem> problems;

    public SequenceValidationException(List<SequenceProblem> problems) {
        super(summary(problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, in document order; never empty. */
    public List<SequenceProblem> problems() {
        return problems;
    }

    private static String summary(List<SequenceProblem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a validation exception needs at least one problem");
        }
        return problems.size() == 1 ? problems.get(0).toString()
                : problems.get(0) + " (and " + (problems.size() - 1) + " more)";
    }
}
