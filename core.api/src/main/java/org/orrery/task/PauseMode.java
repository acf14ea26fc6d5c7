package org.orrery.task;

/** How the whole scheduler pauses. */
public enum PauseMode {
    /** Start nothing new; let running tasks finish. */
    DEFERRED,
    /** Start nothing new, and cancel running tasks' attempts; they run again on resume. */
    IMMEDIATE
}
