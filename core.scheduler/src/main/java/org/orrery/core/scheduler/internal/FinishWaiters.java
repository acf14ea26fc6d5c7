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
 */
final class FinishWaiters {

    private final Map<String, List<CompletableFuture<TaskRecord>>> waiting = new ConcurrentHashMap<>();
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
        CompletableFuture<TaskRecord> f = new CompletableFuture<>();
        if (closed) {
            f.completeExceptionally(stopped());
            return f;
        }
        // registered before the look-up: a finish posted in between completes it either way
        waiting.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(f);
        // a waiter that gives up (a wait that timed out cancels its stage) is forgotten at once
        f.whenComplete((r, e) -> {
            if (f.isCancelled()) {
                remove(id, f);
            }
        });
        Optional<TaskRecord> now = lookup.apply(id);
        if (now.isEmpty()) {
            remove(id, f);
            f.completeExceptionally(new TaskNotFoundException(id));
        } else if (now.get().status().isTerminal()) {
            // finished in memory: its change is queued, perhaps not yet committed (nor its execution)
            awaitCommitted.run();
            remove(id, f);
            f.complete(now.get());
        }
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
        List<CompletableFuture<TaskRecord>> list = waiting.remove(event.taskId());
        if (list != null) {
            Optional<TaskRecord> record = lookup.apply(event.taskId());
            for (CompletableFuture<TaskRecord> f : list) {
                if (record.isPresent()) {
                    f.complete(record.get());
                } else {
                    f.completeExceptionally(new TaskNotFoundException(event.taskId()));
                }
            }
        }
    }

    /** How many stages wait (for tests). */
    int size() {
        return waiting.values().stream().mapToInt(List::size).sum();
    }

    /** The scheduler stops: every waiter fails. */
    void close() {
        closed = true;
        for (String id : List.copyOf(waiting.keySet())) {
            List<CompletableFuture<TaskRecord>> list = waiting.remove(id);
            if (list != null) {
                list.forEach(f -> f.completeExceptionally(stopped()));
            }
        }
    }

    private void remove(String id, CompletableFuture<TaskRecord> f) {
        waiting.computeIfPresent(id, (k, list) -> {
            list.remove(f);
            return list.isEmpty() ? null : list;
        });
    }

    private static TaskException stopped() {
        return new TaskException("the scheduler stopped", Severity.HIGH, true);
    }
}
