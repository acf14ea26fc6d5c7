package org.orrery.web.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How {@link EventStreamHub} gathers the events that wait for a client into one write. */
class EventStreamFanOutTest {

    private static final Duration LONG = Duration.ofMinutes(10);

    private final EventStreamHub hub = new EventStreamHub(new EventStreamSettings(1000, Long.MAX_VALUE, LONG, LONG,
            Duration.ofSeconds(7), Duration.ofSeconds(1)));

    @AfterEach
    void stop() {
        hub.close();
    }

    /** A client that writes at once and counts its flushes (each one write to the socket). */
    static class CountingClient extends EventStreamHubTest.FakeClient {
        final AtomicInteger flushes = new AtomicInteger();
        /** How many events each flush wrote. */
        final List<Integer> perFlush = new CopyOnWriteArrayList<>();
        private final AtomicInteger sinceFlush = new AtomicInteger();

        CountingClient(String name) {
            super(name);
        }

        @Override
        public void send(String text, Consumer<Throwable> done) {
            sinceFlush.incrementAndGet();
            super.send(text, done);
        }

        @Override
        public void flush() {
            flushes.incrementAndGet();
            perFlush.add(sinceFlush.getAndSet(0));
        }
    }

    /** A client whose first send holds the thread that sends until released (a slow write on another connection). */
    static final class HoldingClient extends CountingClient {
        final CountDownLatch holding = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        HoldingClient(String name) {
            super(name);
        }

        @Override
        public void send(String text, Consumer<Throwable> done) {
            if (holding.getCount() > 0) {
                holding.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            super.send(text, done);
        }
    }

    @Test
    void theEventsPublishedWhileAPassSendsGoToEachClientInOneWrite() throws Exception {
        HoldingClient holding = new HoldingClient("holding");
        CountingClient other = new CountingClient("other");
        hub.subscribe(holding, EventStreamFilter.ALL, "u");
        for (int lane = 1; lane < hub.lanes(); lane++) {
            hub.subscribe(new CountingClient("in lane " + lane), EventStreamFilter.ALL, "u");
        }
        hub.subscribe(other, EventStreamFilter.ALL, "u"); // in the holding client's lane: its pass is held too

        publish(0, 1);
        assertTrue(holding.holding.await(10, TimeUnit.SECONDS), "the first pass reached the holding client");
        // while the pass is held, 99 more events come: they wait for the next pass
        publish(1, 100);
        holding.release.countDown();

        await("both got 100", () -> holding.events().size() == 100 && other.events().size() == 100);
        for (CountingClient client : List.of(holding, other)) {
            for (int i = 0; i < 100; i++) {
                assertTrue(client.sent.get(i).endsWith("\"n\":" + i + "}"), client.name + ": " + client.sent.get(i));
            }
            await(client.name + " flushed all", () -> client.perFlush.stream().mapToInt(Integer::intValue).sum() == 100);
            // the first event alone (when the pass visited this client before the holding one), then the 99 in
            // one write: one write per 64 events at most (the pump's burst), never one per event
            assertTrue(client.flushes.get() <= 3, client.name + " wrote " + client.perFlush);
        }
        assertEquals(0, other.closeCode);
    }

    @Test
    void aPassHeldInOneLaneDoesNotHoldUpTheOtherLanes() throws Exception {
        HoldingClient holding = new HoldingClient("holding");
        hub.subscribe(holding, EventStreamFilter.ALL, "u");
        CountingClient next = new CountingClient("next lane");
        hub.subscribe(next, EventStreamFilter.ALL, "u");

        publish(0, 1);
        assertTrue(holding.holding.await(10, TimeUnit.SECONDS));
        publish(1, 10);
        await("the client of the other lane got all 10 while the first lane is held", () -> next.events().size() == 10);
        holding.release.countDown();
        await("the held client got all 10", () -> holding.events().size() == 10);
    }

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void aClientWithMoreThanABurstWaitingGetsItAllWhileEventsKeepComing() {
        // queues that never overflow: the clients that write slowly keep every pass busy
        EventStreamHub hub = new EventStreamHub(new EventStreamSettings(10_000_000, Long.MAX_VALUE, LONG, LONG,
                Duration.ofSeconds(7), Duration.ofSeconds(1)));
        CountingClient x = new CountingClient("x");
        hub.subscribe(x, new EventStreamFilter(java.util.Set.of("x"), java.util.Set.of(), java.util.Set.of()), "u");
        // a client in every lane (the x's lane included, last) that gets a steady stream of other events and
        // takes a moment per write, so that every lane's pass always finds more to send when it ends a round
        for (int lane = 1; lane <= hub.lanes(); lane++) {
            hub.subscribe(new CountingClient("busy " + lane) {
                @Override
                public void send(String text, Consumer<Throwable> done) {
                    long until = System.nanoTime() + 20_000;
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                    super.send(text, done);
                }
            }, new EventStreamFilter(java.util.Set.of("f"), java.util.Set.of(),
                    java.util.Set.of()), "u");
        }
        for (int i = 0; i < 200; i++) { // more than a pump sends in one go: the rest needs a task of its own
            String json = "{\"type\":\"task_started\",\"task_id\":\"x\",\"n\":" + i + "}";
            hub.publish("task_started", "x", null, () -> json);
        }
        // events keep coming for the others until x has all of its 200: passes must not crowd out x's rest
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (x.events().size() < 200 && System.nanoTime() < deadline) {
            hub.publish("task_progress", "f", null, () -> "{\"type\":\"task_progress\",\"task_id\":\"f\"}");
        }
        try {
            assertEquals(200, x.events().size(), "x's events while the stream goes on");
            assertEquals(0, x.closeCode);
        } finally {
            hub.close();
        }
    }

    @Test
    void aClientWhoseWritesWaitDoesNotHoldUpThePassForTheOthers() {
        EventStreamHubTest.FakeClient stalled = new EventStreamHubTest.FakeClient("stalled");
        stalled.stalled = true;
        CountingClient fast = new CountingClient("fast");
        hub.subscribe(stalled, EventStreamFilter.ALL, "u");
        hub.subscribe(fast, EventStreamFilter.ALL, "u");

        publish(0, 50);
        await("the fast client got all 50", () -> fast.events().size() == 50);
        // the two may be in different lanes, each with a pass of its own: the stalled client's pass may
        // begin after the fast one's has ended (seen on a busy machine)
        await("the stalled client's first write", () -> !stalled.sent.isEmpty());
        assertEquals(1, stalled.sent.size(), "one message in flight to the stalled client, the rest waits in its queue");

        // its write completes: it goes on from the completion, with what waited
        stalled.stalled = false;
        stalled.pending.get(0).accept(null);
        await("the stalled client got all 50 once it wrote", () -> stalled.events().size() == 50);
        for (int i = 0; i < 50; i++) {
            assertTrue(stalled.sent.get(i).endsWith("\"n\":" + i + "}"), stalled.sent.get(i));
        }
    }

    private void publish(int from, int to) {
        for (int i = from; i < to; i++) {
            String json = "{\"type\":\"task_started\",\"task_id\":\"t\",\"n\":" + i + "}";
            hub.publish("task_started", "t", null, () -> json);
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not true within 10 s: " + what);
            }
            Thread.onSpinWait();
        }
    }
}
