package org.orrery.core.scheduler.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.orrery.task.TaskEvent;
import org.orrery.task.TaskEventListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link TaskEventListener} services, told of each committed event on the outbox's thread
 * before it goes to Event Admin. Thread-safe: listeners come and go while events flow.
 */
final class TaskEventListeners {

    private static final Logger LOG = LoggerFactory.getLogger(TaskEventListeners.class);

    private final List<TaskEventListener> listeners = new CopyOnWriteArrayList<>();

    void add(TaskEventListener listener) {
        listeners.add(listener);
    }

    void remove(TaskEventListener listener) {
        listeners.remove(listener);
    }

    /** Tells every listener; one that throws is logged, and the others (and Event Admin) still get the event. */
    void tell(TaskEvent event) {
        for (TaskEventListener listener : listeners) {
            try {
                listener.taskEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("Task event listener {} failed on {} of task {}: {}", listener.getClass().getName(),
                        event.type().id(), event.taskId(), e.toString());
            }
        }
    }
}
