package org.orrery.web.api.internal;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client's bounded queue of the event stream, without a lock: the thread that publishes and
 * the thread that sends never wait for each other (an {@code ArrayBlockingQueue} has one lock for
 * both ends, and every event for every client took it twice). Any number of threads may offer
 * and poll.
 */
final class EventStreamQueue<T> {

    private final ConcurrentLinkedQueue<T> items = new ConcurrentLinkedQueue<>();
    /** Items offered and not yet polled (counted before an item is added, so never below the truth). */
    private final AtomicInteger size = new AtomicInteger();
    private final int capacity;

    EventStreamQueue(int capacity) {
        this.capacity = capacity;
    }

    /** Adds at the tail unless {@code capacity} items wait; false (nothing added) when full. */
    boolean offer(T item) {
        if (size.incrementAndGet() > capacity) {
            size.decrementAndGet();
            return false;
        }
        items.offer(item);
        return true;
    }

    /** The head, removed; null when empty. */
    T poll() {
        T item = items.poll();
        if (item != null) {
            size.decrementAndGet();
        }
        return item;
    }

    boolean isEmpty() {
        return items.isEmpty();
    }

    /** Items waiting (those being offered at this moment included). */
    int size() {
        return size.get();
    }

    /** Removes every waiting item. */
    void clear() {
        while (poll() != null) {
            // removed
        }
    }
}
