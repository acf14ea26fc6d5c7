package org.orrery.web.api.internal;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.orrery.web.api.internal.EventStreamHub.State;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client of the event stream ({@link EventStreamHub}): its bounded queue and its sender, which
 * has at most one message in flight. Served by the fan-out passes of its lane.
 */
final class EventStreamSubscription {

    private static final Logger LOG = LoggerFactory.getLogger(EventStreamHub.class);

    /** Messages one pump run sends at most before it lets the other clients have the thread. */
    static final int BURST = 64;
    private static final int SENDING = 0;
    private static final int WRITTEN_AT_ONCE = 1;
    private static final int RETURNED = 2;

    final EventStreamClient client;
    final EventStreamFilter filter;
    final String user;
    final StreamCredential credential;
    private final EventStreamHub hub;
    private final EventStreamSettings settings;
    /** The fan-out passes that serve this client. */
    final int lane;
    private final EventStreamQueue<EventStreamClient.Message> queue;
    private final AtomicLong queuedChars = new AtomicLong();
    /** A pump runs or a message is in flight. */
    private final AtomicBoolean busy = new AtomicBoolean();
    /** Where the one message in flight is: {@link #SENDING}, {@link #WRITTEN_AT_ONCE} or {@link #RETURNED}. */
    private final AtomicInteger phase = new AtomicInteger();
    /** The completion of every event's send (one in flight at a time, so one object serves them all). */
    private final Consumer<Throwable> written = this::written;
    final AtomicBoolean pinging = new AtomicBoolean();
    private final AtomicReference<State> state = new AtomicReference<>(State.OPEN);
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();

    EventStreamSubscription(EventStreamHub hub, EventStreamClient client, EventStreamFilter filter, String user,
            StreamCredential credential, int lane) {
        this.hub = hub;
        this.settings = hub.settings();
        this.lane = lane;
        this.client = client;
        this.filter = filter;
        this.user = user;
        this.credential = credential;
        this.queue = new EventStreamQueue<>(settings.capacity());
    }

    State state() {
        return state.get();
    }

    /** Closes this subscription (no more events, what waits dropped); false if it was closed already. */
    boolean markClosed() {
        if (state.getAndSet(State.CLOSED) == State.CLOSED) {
            return false;
        }
        queue.clear();
        return true;
    }

    /** Events not sent to this client because it fell behind. */
    long dropped() {
        return dropped.get();
    }

    /** Events written to this client. */
    long sent() {
        return sent.get();
    }

    /** Events waiting. */
    int queued() {
        return queue.size();
    }

    /** Enqueues without waiting; a full queue makes the client one that fell behind. */
    void offer(EventStreamClient.Message message) {
        State now = state.get();
        if (now != State.OPEN) {
            if (now == State.OVERFLOWED) {
                dropped.incrementAndGet();
            }
            return;
        }
        long waiting = queuedChars.get();
        // one event larger than the character limit still goes to a client that keeps up
        int length = message.text().length();
        if (waiting > 0 && waiting + length > settings.maxQueuedChars() || !queue.offer(message)) {
            overflow();
            return;
        }
        queuedChars.addAndGet(length);
    }

    /** Sends what waits, in this thread, unless a message is in flight (its completion goes on). */
    void startPump() {
        if (!queue.isEmpty() && state.get() == State.OPEN && busy.compareAndSet(false, true)) {
            pump();
        }
    }

    /**
     * Sends the waiting messages, one at a time; runs on the sender pool (in a fan-out pass,
     * or where a write that had to wait completed). While sends complete at once (the
     * socket has room) it goes on in this thread, up to {@value #BURST} messages; a send
     * that has to wait resumes the pump when it completes.
     */
    private void pump() {
        for (int n = 0; n < BURST; n++) {
            if (state.get() != State.OPEN) {
                return; // stays busy: nothing more is sent but the overflow message
            }
            EventStreamClient.Message next = queue.poll();
            if (next == null) {
                flush();
                busy.set(false);
                // an event enqueued after the poll and before busy was cleared would wait forever
                if (queue.isEmpty() || !busy.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            queuedChars.addAndGet(-next.text().length());
            if (!sentAtOnce(next)) {
                return;
            }
        }
        flush();
        hub.execute(this::pump); // let the other clients have the pool, then go on
    }

    private void flush() {
        try {
            client.flush();
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    /** Sends; true when the message was written before send returned, so the pump may go on. */
    private boolean sentAtOnce(EventStreamClient.Message message) {
        phase.set(SENDING);
        try {
            client.send(message, written);
        } catch (RuntimeException e) {
            failed(e);
            return false;
        }
        return !phase.compareAndSet(SENDING, RETURNED);
    }

    private void written(Throwable failure) {
        if (failure != null) {
            failed(failure);
            return;
        }
        sent.incrementAndGet();
        if (!phase.compareAndSet(SENDING, WRITTEN_AT_ONCE)) {
            hub.execute(this::pump); // the pump had returned: resume it
        }
    }

    private void failed(Throwable failure) {
        if (markClosed()) {
            LOG.debug("Event stream: sending to {} failed; closing it", client.describe(), failure);
            hub.forget(this);
            EventStreamHub.close(client, EventStreamHub.CLOSE_GOING_AWAY, "sending failed");
        }
    }

    private void overflow() {
        dropped.incrementAndGet();
        if (state.compareAndSet(State.OPEN, State.OVERFLOWED)) {
            // the last message and the close go out behind the message in flight, if any
            hub.execute(this::fellBehind);
        }
    }

    private void fellBehind() {
        long lost = dropped.addAndGet(queue.size());
        queue.clear();
        queuedChars.set(0);
        LOG.warn("Event stream: {} (user {}) fell behind (its queue of at most {} events, {} characters, was full); "
                + "dropped {} events and closing it", client.describe(), user, settings.capacity(), settings.maxQueuedChars(), lost);
        String reason = EventStreamHub.reason("fell behind: " + lost + " events dropped; reconnect");
        try {
            client.expireWhenIdle(settings.overflowGrace());
            client.send(EventStreamJson.overflow(lost, settings.capacity(), Instant.now()), failure -> {
            });
        } catch (RuntimeException e) {
            LOG.debug("Event stream: cannot send the overflow message to {}", client.describe(), e);
        }
        EventStreamHub.close(client, EventStreamHub.CLOSE_FELL_BEHIND, reason);
    }

    void ping() {
        try {
            client.ping();
        } catch (Exception e) {
            LOG.debug("Event stream: ping to {} failed", client.describe(), e);
        } finally {
            pinging.set(false);
        }
    }

    @Override
    public String toString() {
        return client.describe() + " " + state.get() + " queued=" + queue.size() + " sent=" + sent.get() + " dropped="
                + dropped.get();
    }
}
