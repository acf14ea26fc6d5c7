package org.orrery.core.scheduler.internal;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.orrery.task.TaskEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events whose changes are committed, posted in order by one thread. Thread-safe: the committer
 * adds (in commit order), the event thread drains.
 */
final class EventOutbox {

    private static final Logger LOG = LoggerFactory.getLogger(TaskEngine.class);

    private final Consumer<TaskEvent> events;
    private final ConcurrentLinkedQueue<TaskEvent> queue = new ConcurrentLinkedQueue<>();
    /** Set while a drain is scheduled on the event thread. */
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "orrery-task-events");
        t.setDaemon(true);
        return t;
    });

    EventOutbox(Consumer<TaskEvent> events) {
        this.events = events;
    }

    void addAll(List<TaskEvent> committed) {
        queue.addAll(committed);
    }

    /** Starts the event thread if events wait. */
    void post() {
        if (!queue.isEmpty() && !thread.isShutdown() && drainScheduled.compareAndSet(false, true)) {
            try {
                thread.execute(this::drain);
            } catch (RejectedExecutionException ignored) {
                drainScheduled.set(false); // closing
            }
        }
    }

    private void drain() {
        while (true) {
            for (TaskEvent event = queue.poll(); event != null; event = queue.poll()) {
                try {
                    events.accept(event);
                } catch (RuntimeException e) {
                    LOG.warn("Posting {} of task {} failed: {}", event.type().id(), event.taskId(), e.toString());
                }
            }
            drainScheduled.set(false);
            // an event added after the last poll but before the flag was cleared is not left behind
            if (queue.isEmpty() || !drainScheduled.compareAndSet(false, true)) {
                return;
            }
        }
    }

    /** Posts what is queued, then ends the thread. */
    void close() throws InterruptedException {
        thread.shutdown();
        thread.awaitTermination(5, TimeUnit.SECONDS);
    }

    void closeNow() {
        thread.shutdownNow();
    }
}
