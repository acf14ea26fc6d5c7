package org.orrery.core.sequence.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.orrery.task.TaskException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner's one executor, used as an actor: tasks run one at a time, in order. A call made
 * from a task of the actor itself (a completion callback that asks the manager something) runs
 * at once instead of queueing behind the task that waits for it.
 */
final class Actor {

    private static final Logger LOG = LoggerFactory.getLogger(Actor.class);

    /** A piece of work whose answer the caller waits for. */
    interface Call<T> {
        T call() throws TaskException;
    }

    private final Executor executor;
    /** Set on the thread while it runs a task of the actor. */
    private final ThreadLocal<Boolean> inside = ThreadLocal.withInitial(() -> false);
    private volatile boolean closed;

    Actor(Executor executor) {
        this.executor = executor;
    }

    /** Runs the task on the actor (even once closed: for the last words). */
    void execute(Runnable task) {
        executor.execute(() -> {
            boolean outer = inside.get();
            inside.set(true);
            try {
                task.run();
            } finally {
                inside.set(outer);
            }
        });
    }

    /** An event for the actor; dropped once it is closed (recovery takes it up after a restart). */
    void post(Runnable task) {
        if (closed) {
            return;
        }
        try {
            execute(() -> {
                if (!closed) {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        // an executor would keep it in a future nobody reads: say it, the actor goes on
                        LOG.error("A sequence event failed on the runner's thread", e);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("The sequence runner stopped: an event is left for recovery");
        }
    }

    /** Runs the call on the actor and waits for its answer (or its exception). */
    <T> T call(Call<T> call) throws TaskException {
        if (closed) {
            throw new TaskException("the sequence layer stopped");
        }
        if (inside.get()) {
            return call.call();
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        execute(() -> {
            try {
                result.complete(call.call());
            } catch (TaskException | RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof TaskException t) {
                throw t;
            }
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    void close() {
        closed = true;
    }
}
