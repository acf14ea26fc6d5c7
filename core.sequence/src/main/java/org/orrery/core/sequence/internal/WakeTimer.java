package org.orrery.core.sequence.internal;

import java.time.Duration;
import java.time.Instant;

/** Runs a task at an instant of the runner's clock: a scheduled executor in the runtime, a manual one in tests. */
interface WakeTimer {

    void at(Instant when, Runnable task);

    /** Runs a task after a duration of real time (not of the sky clock); the answer cancels it. */
    Runnable afterReal(Duration real, Runnable task);
}
