package org.orrery.task;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told of every {@link TaskEvent} directly by the scheduler: a whiteboard service (register one
 * and the scheduler calls it). Events come once their change is committed, in commit order, one
 * at a time on the scheduler's event thread, before the same event is posted to Event Admin; so
 * a listener sees a change one thread hand-off earlier than an Event Admin handler does (the
 * event stream uses it).
 *
 * <p>A listener must return at once and never block (hand the event to a queue of its own):
 * every other listener, and every Event Admin handler of task events, waits for it. An exception
 * it throws is logged and ignored. Event Admin's topics ({@link TaskEvent.Type#topic()}) stay
 * for everyone else: a listener that also handles them gets each event twice.
 *
 * @since 2.5
 */
@ConsumerType
@FunctionalInterface
public interface TaskEventListener {

    /**
     * One committed change of a task.
     *
     * @param event the change, as it is also posted to Event Admin
     */
    void taskEvent(TaskEvent event);
}
