package org.orrery.core.sequence.internal.night;

/** Where a target step of a container stands, as the runner tells the planner. */
public enum TargetStatus {
    /** Not begun, or interrupted (it may run again). */
    PENDING,
    /** Running now. */
    RUNNING,
    /** Its plan is complete (every entry has its accepted frames) or its step completed. */
    DONE,
    /** It failed (after its retries) or was skipped: it does not run again in this sequence. */
    FAILED
}
