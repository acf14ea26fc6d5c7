package org.orrery.sequence;

import java.util.Locale;

/** Where one step is. JSON spells them lower case. */
public enum StepState {
    /** Not reached yet. */
    PENDING,
    /** Running: its task runs, its children run, or it waits. */
    RUNNING,
    COMPLETED,
    FAILED,
    /** Not run: a condition was false, a {@code skip} policy, a skip to end, a stop. */
    SKIPPED,
    /** Was running when a stop or a halt came. */
    CANCELLED;

    public boolean isFinished() {
        return this == COMPLETED || this == FAILED || this == SKIPPED || this == CANCELLED;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
