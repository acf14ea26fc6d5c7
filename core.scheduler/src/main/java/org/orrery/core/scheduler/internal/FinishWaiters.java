package org.orrery.core.scheduler.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import org.orrery.task.Severity;
import org.orrery.task.TaskEvent;
import org.orrery.task.TaskException;
import org.orrery.task.TaskNotFoundException;
import org.orrery.task.TaskRecord;

/**
 * Who waits for which task to finish ({@code Scheduler.whenFinished}). Completed from the event
 * thread, after the change was committed; thread-safe. A waiter that cancels its stage is removed
 * (a long poll that timed out leaves nothing behind).
 *
 * <p>The event thread runs behind the engine: by the time a task's finish is posted, the task may
 * have been retried (a sequence resumed after an immediate pause retries its cancelled task at
 * once). A waiter is completed only by a finish newer than what it saw when it began to wait,
 * and only while the task is still finished; the others wait for its next finish.
 */
final class FinishWaiters {

    /** A stage, and the revision of the task it saw when it began to wait. */
    private static final class Waiter {
        final CompletableFuture<TaskRecord> stage = new CompletableFuture<>();
        long seenRevision; // set before it is registered, never after
    }

    private final Map<String, List<Waiter>> waiting = new ConcurrentHashMap<>();
    private final Function<String, Optional<TaskRecord>> lookup;
    private final Runnable awaitCommitted;
    private volatile boolean closed;

    /**
     * @param lookup the task's record as the engine has it (it may be a change not yet committed)
     * @param awaitCommitted returns once every change made so far is committed
     */
    FinishWaiters(Function<String, Optional<TaskRecord>> lookup, Runnable awaitCommitted) {
        this.lookup = lookup;
        this.awaitCommitted = awaitCommitted;
    }

    CompletionStage<TaskRecord> await(String id) {
        Waiter w = new Waiter();
        CompletableFuture<TaskRecord> f = w.stage;
        if (closed) {
            f.completeExceptionally(stopped());
            return f;
        }
        Optional<TaskRecord> now = lookup.apply(id);
        if (now.isEmpty()) {
            f.completeExceptionally(new TaskNotFoundException(id));
            return f;
        }
        if (!now.get().status().isTerminal()) {
            w.seenRevision = now.get().revision(); // a finish after this one completes it
            waiting.compute(id, (k, list) -> {
                List<Waiter> l = list == null ? new CopyOnWriteArrayList<>() : list;
                l.add(w);
                return l;
            });
            // a waiter that gives up (a wait that timed out cancels its stage) is forgotten at once
            f.whenComplete((r, e) -> {
                if (f.isCancelled()) {
                    remove(id, w);
                }
            });
            // it may have finished between the look-up and the registration (its finish posted already)
            now = lookup.apply(id);
            if (now.isEmpty()) {
                remove(id, w);
                f.completeExceptionally(new TaskNotFoundException(id));
                return f;
            }
            if (!now.get().status().isTerminal() || now.get().revision() <= w.seenRevision) {
                return f;
            }
        }
        // finished in memory: its change is queued, perhaps not yet committed (nor its execution)
        awaitCommitted.run();
        remove(id, w);
        f.complete(now.get());
        return f;
    }

    /** {@code events}, then {@link #posted}: what the engine's event thread calls for each committed event. */
    java.util.function.Consumer<TaskEvent> after(java.util.function.Consumer<TaskEvent> events) {
        return event -> {
            try {
                events.accept(event);
            } finally {
                posted(event);
            }
        };
    }

    /** An event was posted: a finished task completes its waiters. */
    void posted(TaskEvent event) {
        if (event.type() != TaskEvent.Type.COMPLETED && event.type() != TaskEvent.Type.FAILED
                && event.type() != TaskEvent.Type.CANCELLED) {
            return;
        }
        String id = event.taskId();
        List<Waiter> list = waiting.get(id);
        if (list == null) {
            return;
        }
        Optional<TaskRecord> record = lookup.apply(id);
        if (record.isPresent() && !record.get().status().isTerminal()) {
            return; // retried since that finish: its waiters wait for the next one
        }
        for (Waiter w : list) {
            if (record.isEmpty()) {
                if (list.remove(w)) {
                    w.stage.completeExceptionally(new TaskNotFoundException(id));
                }
            } else if (w.seenRevision < record.get().revision() && list.remove(w)) {
                w.stage.complete(record.get());
            }
        }
        waiting.computeIfPresent(id, (k, l) -> l.isEmpty() ? null : l);
    }

    /** How many stages wait (for tests). */
    int size() {
        return waiting.values().stream().mapToInt(List::size).sum();
    }

    /** The scheduler stops: every waiter fails. */
    void close() {
        closed = true;
        for (String id : List.copyOf(waiting.keySet())) {
            List<Waiter> list = waiting.remove(id);
            if (list != null) {
                list.forEach(w -> w.stage.completeExceptionally(stopped()));
            }
        }
    }

    private void remove(String id, Waiter w) {
        waiting.computeIfPresent(id, (k, list) -> {
            list.remove(w);
            return list.isEmpty() ? null : list;
        });
    }

    private static TaskException stopped() {
        return new TaskException("the scheduler stopped", Severity.HIGH, true);
    }
}
