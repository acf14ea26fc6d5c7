package org.orrery.core.sequence.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The watch over running frames: while a target of a sequence runs a slew or a frame it watches
 * (it has an {@code on_unsafe} or constraints), or waits for the night to be safe again, one timer
 * per sequence fires every {@link #PERIOD} of real time and the runner checks the sequence on its
 * actor ({@link SafetyPolicy#check}). The timer is re-armed after each flush while something is
 * watched and cancelled as soon as nothing is; it has no thread of its own (the runner's timer).
 * Used on the runner's actor only.
 */
final class FrameWatch {

    static final Duration PERIOD = Duration.ofSeconds(2);

    private final WakeTimer timer;
    /** The cancel of each sequence's armed tick. */
    private final Map<String, Runnable> armed = new HashMap<>();

    FrameWatch(WakeTimer timer) {
        this.timer = timer;
    }

    /** After a flush of the run: arms its tick while it has something to watch, cancels it when not. */
    void update(Run run, Runnable tick) {
        boolean watch = run.live() && !run.state.isTerminal() && watching(run);
        Runnable cancel = armed.get(run.id);
        if (watch && cancel == null) {
            armed.put(run.id, timer.afterReal(PERIOD, tick));
        } else if (!watch && cancel != null) {
            armed.remove(run.id).run();
        }
    }

    /** The tick of the sequence fired (on the actor): it is armed again by the flush that follows. */
    void fired(String sequenceId) {
        armed.remove(sequenceId);
    }

    /** Checks every running target of the run: unsafe or no longer viable → its task is cancelled now. */
    static void check(Run run, Interpreter interpreter) {
        for (StepRun r : List.copyOf(run.records.values())) {
            if (!r.finished() && run.plan.step(r.stepId) instanceof Step.Target t) {
                interpreter.safetyPolicy().check(run, t, r);
            }
        }
    }

    private static boolean watching(Run run) {
        for (StepRun r : run.records.values()) {
            if (!r.finished() && run.plan.step(r.stepId) instanceof Step.Target t
                    && (SafetyPolicy.watched(run, t, r) || SafetyPolicy.waiting(r))) {
                return true;
            }
        }
        return false;
    }

    /** Cancels every armed tick (the runner closes). */
    void close() {
        armed.values().forEach(Runnable::run);
        armed.clear();
    }
}
