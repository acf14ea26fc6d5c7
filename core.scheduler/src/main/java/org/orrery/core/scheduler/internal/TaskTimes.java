package org.orrery.core.scheduler.internal;

import java.time.Instant;

import org.orrery.task.TaskParameterException;
import org.orrery.task.TaskSpec;

/**
 * The times a task may name: {@code not_before} and {@code deadline} between
 * {@link TaskSpec#EARLIEST_TIME} and {@link TaskSpec#LATEST_TIME}. Checked at submission, and again
 * for what recovery reads from the store (a record written before the check, or by hand).
 */
final class TaskTimes {

    private TaskTimes() {
    }

    static void check(TaskSpec spec) throws TaskParameterException {
        check(spec, "not_before", spec.notBefore());
        check(spec, "deadline", spec.deadline());
    }

    private static void check(TaskSpec spec, String field, Instant value) throws TaskParameterException {
        if (value != null && (value.isBefore(TaskSpec.EARLIEST_TIME) || value.isAfter(TaskSpec.LATEST_TIME))) {
            throw new TaskParameterException(TaskEngine.describe(spec) + ": " + field + " must lie between "
                    + TaskSpec.EARLIEST_TIME + " and " + TaskSpec.LATEST_TIME + ", was " + value);
        }
    }
}
