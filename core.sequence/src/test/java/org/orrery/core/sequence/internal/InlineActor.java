package org.orrery.core.sequence.internal;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * The runner's executor in tests: runs a task on the calling thread at once, unless a task runs
 * already, then after it (as one thread would), so a handler never runs inside another.
 */
final class InlineActor implements Executor {

    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private boolean running;
    private boolean held;

    /** Queues what comes from now on without running it (as a busy thread would), until {@link #release()}. */
    void hold() {
        held = true;
    }

    /** Runs what was queued while held, and what it posts. */
    void release() {
        held = false;
        execute(() -> { });
    }

    @Override
    public void execute(Runnable task) {
        queue.add(task);
        if (running || held) {
            return;
        }
        running = true;
        try {
            for (Runnable next = queue.poll(); next != null; next = queue.poll()) {
                next.run();
            }
        } finally {
            running = false;
        }
    }
}
