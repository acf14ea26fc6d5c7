package org.orrery.core.sequence.internal.night;

import java.time.Instant;

/**
 * One target as the planner sees it at a decision.
 *
 * @param spec the target
 * @param state where it stands
 * @param reason why it cannot run (for every state but {@link State#VIABLE}), for people
 * @param nextViable for {@link State#NOT_VIABLE}: when it becomes viable within the night, else null
 * @param done accepted frames that count towards its plan (each entry at most its count)
 * @param total frames its plan asks for
 */
record Assessment(TargetSpec spec, State state, String reason, Instant nextViable, int done, int total) {

    enum State {
        /** Complete (status or plan). */
        DONE,
        /** Failed or skipped: it does not run again. */
        FAILED,
        /** A target it depends on is not done yet. */
        BLOCKED,
        /** A target it depends on failed (or cannot be found): it can never run. */
        BLOCKED_FOREVER,
        /** Its constraints hold now. */
        VIABLE,
        /** Its constraints do not hold now. */
        NOT_VIABLE
    }

    String stepId() {
        return spec.stepId();
    }

    String name() {
        return spec.name();
    }

    boolean viable() {
        return state == State.VIABLE;
    }

    /** Not viable now, but within the night. */
    boolean later() {
        return state == State.NOT_VIABLE && nextViable != null;
    }

    /** Done, failed or never able to run. */
    boolean over() {
        return state == State.DONE || state == State.FAILED || state == State.BLOCKED_FOREVER;
    }
}
