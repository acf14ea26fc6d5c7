package org.orrery.web.api.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans task events out to the clients of the event stream without ever letting one client slow
 * down the others or the scheduler.
 * <ul>
 * <li>{@link #publish} (called by Event Admin) only filters and enqueues: it never blocks and
 * never does I/O.</li>
 * <li>Each client ({@link EventStreamSubscription}) has a bounded queue ({@link EventStreamSettings#capacity()} events, at most
 * {@link EventStreamSettings#maxQueuedChars()} characters) and at most one message in flight
 * (asynchronous send).</li>
 * <li>Clients are spread over lanes, one per sender thread. One fan-out pass per lane at a time
 * sends every client of the lane what waits for it, then flushes; events published during a
 * pass wait for the next, so a burst reaches each client in few writes (~24 events a write at
 * 50 clients and 2 000 events/s), not one write and one pool task per event and client. A
 * client whose write has to wait is skipped by the passes and resumed by the write's end.</li>
 * <li>A client whose queue overflows is sent a last {@code stream_overflow} message and closed
 * with {@value #CLOSE_FELL_BEHIND} (Try Again Later); if it does not read, its connection is
 * dropped after {@link EventStreamSettings#overflowGrace()} without progress.</li>
 * <li>Every client is pinged each {@link EventStreamSettings#pingInterval()}; pings run on
 * their own threads, since a ping waits until it is written.</li>
 * <li>Every {@link EventStreamSettings#recheckInterval()} each client's credential is checked
 * again: one whose token was revoked, whose user was removed, whose password changed or whose role no
 * longer allows watching is closed with {@value #CLOSE_POLICY} (Policy Violation).</li>
 * </ul>
 */
final class EventStreamHub implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventStreamHub.class);

    /** Close code for a client that fell behind: 1013, Try Again Later. */
    static final int CLOSE_FELL_BEHIND = 1013;
    /** Close code when the stream stops: 1001, Going Away. */
    static final int CLOSE_GOING_AWAY = 1001;
    /** Close code for a client whose credential is no longer valid: 1008, Policy Violation. */
    static final int CLOSE_POLICY = 1008;

    /** Where a subscription is in its life. */
    enum State {
        /** Receives events. */
        OPEN,
        /** Fell behind: gets no more events, only the overflow message and the close. */
        OVERFLOWED,
        /** Closed, by the client, by an error, or because the hub stopped. */
        CLOSED
    }

    private final EventStreamSettings settings;
    private final Set<EventStreamSubscription> subscriptions = ConcurrentHashMap.newKeySet();
    private final ThreadPoolExecutor senders;
    private final ExecutorService pingers;
    private final ScheduledExecutorService timer;
    private final AtomicBoolean rechecking = new AtomicBoolean();
    /** Per lane: publications since its running fan-out pass started; 0 when no pass is scheduled. */
    private final AtomicInteger[] passRequests;
    private final AtomicInteger nextLane = new AtomicInteger();
    private volatile boolean closed;

    EventStreamHub(EventStreamSettings settings) {
        this.settings = settings;
        int threads = Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));
        passRequests = new AtomicInteger[threads];
        Arrays.setAll(passRequests, lane -> new AtomicInteger());
        senders = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                threads("orrery-event-stream-sender-"));
        senders.allowCoreThreadTimeOut(true);
        // a ping blocks until written: one thread per client at most (see pinging), idle ones end
        pingers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                threads("orrery-event-stream-ping-"));
        timer = Executors.newSingleThreadScheduledExecutor(threads("orrery-event-stream-timer-"));
        long ping = settings.pingInterval().toMillis();
        timer.scheduleWithFixedDelay(this::pingAll, ping, ping, TimeUnit.MILLISECONDS);
        long recheck = settings.recheckInterval().toMillis();
        timer.scheduleWithFixedDelay(this::startRecheck, recheck, recheck, TimeUnit.MILLISECONDS);
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    EventStreamSettings settings() {
        return settings;
    }

    /**
     * Starts sending the events that {@code filter} selects to {@code client}; null (and the
     * client closed) when the hub has stopped.
     */
    EventStreamSubscription subscribe(EventStreamClient client, EventStreamFilter filter, String user) {
        return subscribe(client, filter, user, StreamCredential.FOREVER);
    }

    /**
     * Starts sending the events that {@code filter} selects to {@code client} while
     * {@code credential} stays valid; null (and the client closed) when the hub has stopped.
     */
    EventStreamSubscription subscribe(EventStreamClient client, EventStreamFilter filter, String user,
            StreamCredential credential) {
        int lane = Math.floorMod(nextLane.getAndIncrement(), passRequests.length);
        EventStreamSubscription subscription = new EventStreamSubscription(this, client, filter, user, credential, lane);
        subscriptions.add(subscription);
        if (closed) {
            subscriptions.remove(subscription);
            subscription.markClosed();
            close(client, CLOSE_GOING_AWAY, "the event stream is stopping");
            return null;
        }
        LOG.debug("Event stream: {} (user {}) connected, filter {}", client.describe(), user, filter);
        return subscription;
    }

    /** Forgets a subscription whose connection closed or failed. */
    void remove(EventStreamSubscription subscription) {
        if (subscription != null) {
            subscription.markClosed();
            subscriptions.remove(subscription);
        }
    }

    /** The clients connected now (those falling behind included, until closed). */
    List<EventStreamSubscription> subscriptions() {
        return List.copyOf(subscriptions);
    }

    /**
     * Hands an event to every client that wants it. Never blocks, never does I/O: the JSON is
     * made and encoded to UTF-8 once, and only when some client wants the event.
     */
    void publish(String type, String taskId, String sequenceId, Supplier<String> json) {
        publish(type, taskId, sequenceId, null, json);
    }

    /** As {@link #publish(String, String, String, Supplier)}, for an event that may be about an agent. */
    void publish(String type, String taskId, String sequenceId, String agentId, Supplier<String> json) {
        if (closed || subscriptions.isEmpty()) {
            return;
        }
        EventStreamClient.Message message = null;
        int lanes = 0;
        for (EventStreamSubscription subscription : subscriptions) {
            if (subscription.state() == State.CLOSED || !subscription.filter.matches(type, taskId, sequenceId, agentId)) {
                continue;
            }
            if (message == null) {
                message = EventStreamClient.Message.of(json.get());
            }
            subscription.offer(message);
            lanes |= 1 << subscription.lane;
        }
        for (int lane = 0; lane < passRequests.length; lane++) {
            if ((lanes & 1 << lane) != 0 && passRequests[lane].getAndIncrement() == 0) {
                int mine = lane;
                execute(() -> fanOut(mine));
            }
        }
    }

    /** Lanes of clients: each has its own fan-out passes, which run in parallel (one per sender thread). */
    int lanes() {
        return passRequests.length;
    }

    /**
     * Sends every client of {@code lane} what waits for it, one client after the other; when
     * events were published during the pass, the next pass is queued behind the pool's other
     * tasks (clients resuming after a write that waited), not run at once. One pass per lane at a time.
     */
    private void fanOut(int lane) {
        AtomicInteger requests = passRequests[lane];
        int seen = requests.get();
        for (EventStreamSubscription subscription : subscriptions) {
            if (subscription.lane == lane) {
                subscription.startPump();
            }
        }
        if (requests.addAndGet(-seen) != 0) {
            execute(() -> fanOut(lane));
        }
    }

    private void pingAll() {
        for (EventStreamSubscription subscription : subscriptions) {
            if (subscription.state() == State.OPEN && subscription.pinging.compareAndSet(false, true)) {
                try {
                    pingers.execute(subscription::ping);
                } catch (RejectedExecutionException e) {
                    subscription.pinging.set(false);
                }
            }
        }
    }

    /** Checks the credentials off the timer's thread (a password check may take a moment), one run at a time. */
    private void startRecheck() {
        if (!subscriptions.isEmpty() && rechecking.compareAndSet(false, true)) {
            try {
                pingers.execute(() -> {
                    try {
                        recheck();
                    } finally {
                        rechecking.set(false);
                    }
                });
            } catch (RejectedExecutionException e) {
                rechecking.set(false);
            }
        }
    }

    /** Closes (1008) every client whose credential is no longer valid. */
    void recheck() {
        for (EventStreamSubscription subscription : subscriptions) {
            if (subscription.state() == State.CLOSED) {
                continue;
            }
            String why;
            try {
                why = subscription.credential.invalid();
            } catch (RuntimeException e) {
                why = "its credential could not be checked: " + e.getMessage();
            }
            if (why != null && subscription.markClosed()) {
                LOG.info("Event stream: closing {} (user {}): {}", subscription.client.describe(), subscription.user, why);
                subscriptions.remove(subscription);
                close(subscription.client, CLOSE_POLICY, reason(why));
            }
        }
    }

    /** A subscription's connection failed: it is no longer served. */
    void forget(EventStreamSubscription subscription) {
        subscriptions.remove(subscription);
    }

    /** Runs a pump or a pass on the sender threads; nothing once the hub stopped. */
    void execute(Runnable task) {
        try {
            senders.execute(task);
        } catch (RejectedExecutionException e) {
            // the hub stopped: nothing more to send
        }
    }

    /**
     * Closes every connection (1001) and stops every thread of the hub: connections that do not
     * answer the close within {@link EventStreamSettings#stopGrace()} are dropped by the container.
     */
    @Override
    public void close() {
        closed = true;
        for (EventStreamSubscription subscription : subscriptions) {
            subscription.markClosed();
            subscription.client.expireWhenIdle(settings.stopGrace());
            close(subscription.client, CLOSE_GOING_AWAY, "the event stream is stopping");
        }
        subscriptions.clear();
        timer.shutdownNow();
        senders.shutdownNow();
        pingers.shutdownNow();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            for (ExecutorService pool : List.of(timer, senders, pingers)) {
                long left = deadline - System.nanoTime();
                if (left > 0 && !pool.awaitTermination(left, TimeUnit.NANOSECONDS)) {
                    LOG.warn("Event stream: a thread did not stop within 5 s of the stop");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** True once {@link #close()} ran and every thread of the hub ended. */
    boolean terminated() {
        return closed && timer.isTerminated() && senders.isTerminated() && pingers.isTerminated();
    }

    static void close(EventStreamClient client, int code, String reason) {
        try {
            client.close(code, reason);
        } catch (RuntimeException e) {
            LOG.debug("Event stream: closing {} failed", client.describe(), e);
        }
    }

    /** A close reason fits in 123 bytes of UTF-8. */
    static String reason(String text) {
        String reason = text;
        while (reason.getBytes(StandardCharsets.UTF_8).length > 123) {
            reason = reason.substring(0, reason.length() - 1);
        }
        return reason;
    }
}
