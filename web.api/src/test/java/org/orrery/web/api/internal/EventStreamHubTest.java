package org.orrery.web.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class EventStreamHubTest {

    private static final Duration LONG = Duration.ofMinutes(10);

    private final List<EventStreamHub> hubs = new ArrayList<>();

    private EventStreamHub hub(int capacity, long maxChars, Duration ping) {
        EventStreamHub hub = new EventStreamHub(new EventStreamSettings(capacity, maxChars, ping, LONG,
                Duration.ofSeconds(7), Duration.ofSeconds(1)));
        hubs.add(hub);
        return hub;
    }

    private EventStreamHub hub(int capacity) {
        return hub(capacity, Long.MAX_VALUE, LONG);
    }

    @AfterEach
    void stop() {
        hubs.forEach(EventStreamHub::close);
    }

    /**
     * A connection as the hub sees it. Fast: each send completes at once. Stalled: sends never
     * complete, as with a client that stopped reading.
     */
    static class FakeClient implements EventStreamClient {
        final String name;
        volatile boolean stalled;
        /** Sends complete a moment later on another thread, as a socket write that had to wait. */
        volatile boolean completeLater;
        final List<String> sent = new CopyOnWriteArrayList<>();
        final List<Consumer<Throwable>> pending = new CopyOnWriteArrayList<>();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final AtomicInteger pings = new AtomicInteger();
        volatile CountDownLatch pingBlocker;
        final AtomicInteger concurrentPings = new AtomicInteger();
        final AtomicInteger maxConcurrentPings = new AtomicInteger();
        volatile int closeCode;
        volatile String closeReason;
        volatile Duration idleTimeout;
        volatile RuntimeException failSends;

        FakeClient(String name) {
            this.name = name;
        }

        @Override
        public void send(String text, Consumer<Throwable> done) {
            if (failSends != null) {
                throw failSends;
            }
            sent.add(text);
            if (stalled) {
                pending.add(done);
                return;
            }
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            if (completeLater) {
                new Thread(() -> {
                    sleepQuietly(1);
                    inFlight.decrementAndGet();
                    done.accept(null);
                }).start();
            } else {
                inFlight.decrementAndGet();
                done.accept(null); // written at once, as to a socket with room in its buffer
            }
        }

        @Override
        public void ping() throws InterruptedException {
            int now = concurrentPings.incrementAndGet();
            maxConcurrentPings.accumulateAndGet(now, Math::max);
            try {
                pings.incrementAndGet();
                CountDownLatch blocker = pingBlocker;
                if (blocker != null) {
                    blocker.await();
                }
            } finally {
                concurrentPings.decrementAndGet();
            }
        }

        @Override
        public void close(int code, String reason) {
            closeCode = code;
            closeReason = reason;
        }

        @Override
        public void expireWhenIdle(Duration timeout) {
            idleTimeout = timeout;
        }

        @Override
        public String describe() {
            return name;
        }

        List<String> events() {
            return sent.stream().filter(s -> !s.contains(EventStreamJson.OVERFLOW_TYPE)).toList();
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        await(what, condition, () -> "");
    }

    private static void await(String what, BooleanSupplier condition, java.util.function.Supplier<String> details) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        fail("not true within 10 s: " + what + " " + details.get());
    }

    private static void publish(EventStreamHub hub, int n, String type, String taskId) {
        for (int i = 0; i < n; i++) {
            String json = "{\"type\":\"" + type + "\",\"task_id\":\"" + taskId + "\",\"n\":" + i + "}";
            hub.publish(type, taskId, null, () -> json);
        }
    }

    @Test
    void aClientWhoseCredentialIsNoLongerValidIsClosedWith1008AndGetsNoMoreEvents() {
        EventStreamHub hub = hub(1000);
        FakeClient revoked = new FakeClient("revoked");
        FakeClient valid = new FakeClient("valid");
        java.util.concurrent.atomic.AtomicReference<String> why = new java.util.concurrent.atomic.AtomicReference<>();
        hub.subscribe(revoked, EventStreamFilter.ALL, "night", why::get);
        hub.subscribe(valid, EventStreamFilter.ALL, "admin", () -> null);
        hub.recheck();
        assertEquals(0, revoked.closeCode, "still valid: not closed");
        hub.publish("task_started", "t1", null, () -> "{\"n\":1}");
        await("both got the first event", () -> revoked.sent.size() == 1 && valid.sent.size() == 1);
        why.set("the token was revoked");
        hub.recheck();
        assertEquals(EventStreamHub.CLOSE_POLICY, revoked.closeCode);
        assertEquals("the token was revoked", revoked.closeReason);
        assertEquals(0, valid.closeCode);
        hub.publish("task_started", "t2", null, () -> "{\"n\":2}");
        await("the valid client got the second event", () -> valid.sent.size() == 2);
        assertEquals(List.of("{\"n\":1}"), revoked.events());
        assertEquals(List.of("{\"n\":1}", "{\"n\":2}"), valid.events());
        assertEquals(1, hub.subscriptions().size());
    }

    /** A client that writes bytes: it keeps the messages it was handed. */
    static final class BytesClient extends FakeClient {
        final List<EventStreamClient.Message> messages = new CopyOnWriteArrayList<>();

        BytesClient(String name) {
            super(name);
        }

        @Override
        public void send(EventStreamClient.Message message, Consumer<Throwable> done) {
            messages.add(message);
            send(message.text(), done);
        }
    }

    @Test
    void anEventIsEncodedToUtf8OnceForAllItsClients() {
        EventStreamHub hub = hub(1000);
        BytesClient a = new BytesClient("a");
        BytesClient b = new BytesClient("b");
        hub.subscribe(a, EventStreamFilter.ALL, "admin");
        hub.subscribe(b, EventStreamFilter.ALL, "admin");
        AtomicInteger made = new AtomicInteger();
        hub.publish("task_started", "t1", null, () -> {
            made.incrementAndGet();
            return "{\"name\":\"M31 – Andromeda\"}";
        });
        await("both got the event", () -> a.messages.size() == 1 && b.messages.size() == 1);
        assertEquals(1, made.get(), "the JSON is made once");
        assertSame(a.messages.get(0), b.messages.get(0), "one message, encoded once, for both clients");
        java.nio.ByteBuffer first = a.messages.get(0).utf8();
        java.nio.ByteBuffer second = b.messages.get(0).utf8();
        byte[] read = new byte[first.remaining()];
        first.get(read);
        assertEquals("{\"name\":\"M31 – Andromeda\"}", new String(read, java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(read.length, second.remaining(), "each client reads its own view of the bytes");
        assertTrue(second.isReadOnly(), "no client can change what the others send");
    }

    @Test
    void eachClientGetsEveryEventInOrderWithOneMessageInFlight() {
        EventStreamHub hub = hub(1000);
        FakeClient a = new FakeClient("a");
        a.completeLater = true;
        FakeClient b = new FakeClient("b");
        hub.subscribe(a, EventStreamFilter.ALL, "u");
        hub.subscribe(b, EventStreamFilter.ALL, "u");
        publish(hub, 500, "task_started", "t");
        await("both got 500", () -> a.sent.size() == 500 && b.sent.size() == 500);
        await("nothing in flight", () -> a.inFlight.get() == 0);
        for (int i = 0; i < 500; i++) {
            assertTrue(a.sent.get(i).endsWith("\"n\":" + i + "}"), a.sent.get(i));
            assertTrue(b.sent.get(i).endsWith("\"n\":" + i + "}"), b.sent.get(i));
        }
        assertEquals(1, a.maxInFlight.get(), "never more than one message in flight");
        assertEquals(0, a.closeCode);
        assertEquals(500, hub.subscriptions().get(0).sent());
    }

    @Test
    void sequenceEventsFromEventAdminReachTheClientsThatWatchTheSequence() throws Exception {
        EventStreamHub hub = hub(1000);
        EventStreamServlet servlet = new EventStreamServlet(null, hub, null);
        FakeClient sequence = new FakeClient("sequence s1");
        FakeClient starts = new FakeClient("task starts");
        hub.subscribe(sequence, EventStreamFilter.parse(Map.of("sequence", new String[] {"s1"})), "u");
        hub.subscribe(starts, EventStreamFilter.parse(Map.of("type", new String[] {"task_started"})), "u");
        servlet.handleEvent(SequenceEventStreamTest.stepStarted("s2", "s2.expose.1"));
        servlet.handleEvent(SequenceEventStreamTest.stepStarted("s1", null));
        servlet.handleEvent(new org.osgi.service.event.Event(org.orrery.task.TaskEvent.Type.STARTED.topic(),
                Map.of(org.orrery.task.TaskEvent.PROPERTY_TASK_ID, "s1.expose.1")));
        await("delivered", () -> sequence.sent.size() == 2 && starts.sent.size() == 1);
        assertTrue(sequence.sent.get(0).contains("\"type\":\"step_started\",\"sequence_id\":\"s1\""), sequence.sent.get(0));
        assertTrue(sequence.sent.get(1).contains("\"type\":\"task_started\",\"task_id\":\"s1.expose.1\""),
                sequence.sent.get(1));
        assertEquals(sequence.sent.get(1), starts.sent.get(0));
        hub.close();
    }

    @Test
    void filtersSelectAndJsonIsMadeOnlyWhenSomeoneWantsTheEvent() throws Exception {
        EventStreamHub hub = hub(1000);
        FakeClient completed = new FakeClient("completed");
        FakeClient oneTask = new FakeClient("one task");
        hub.subscribe(completed, EventStreamFilter.parse(Map.of("type", new String[] {"task_completed"})), "u");
        hub.subscribe(oneTask, EventStreamFilter.parse(Map.of("task_id", new String[] {"t1"})), "u");
        AtomicInteger made = new AtomicInteger();
        hub.publish("task_started", "t2", null, () -> {
            made.incrementAndGet();
            return "s2";
        });
        assertEquals(0, made.get(), "nobody wants it: no JSON");
        hub.publish("task_started", "t1", null, () -> {
            made.incrementAndGet();
            return "s1";
        });
        hub.publish("task_completed", "t2", null, () -> {
            made.incrementAndGet();
            return "c2";
        });
        hub.publish("task_completed", "t1", null, () -> {
            made.incrementAndGet();
            return "c1";
        });
        assertEquals(3, made.get(), "made once per event, however many clients want it");
        await("delivered", () -> completed.sent.size() == 2 && oneTask.sent.size() == 2);
        assertEquals(List.of("c2", "c1"), completed.sent);
        assertEquals(List.of("s1", "c1"), oneTask.sent);
    }

    @Test
    @org.junit.jupiter.api.Timeout(120) // a publisher that waited for the stalled client would hang here
    void aStalledClientOverflowsAndIsClosedWhileOthersAndThePublisherGoOn() throws Exception {
        EventStreamHub hub = hub(500);
        FakeClient slow = new FakeClient("slow");
        slow.stalled = true;
        FakeClient fast = new FakeClient("fast");
        hub.subscribe(slow, EventStreamFilter.ALL, "u");
        hub.subscribe(fast, EventStreamFilter.ALL, "u");

        // 2000 events at a brisk but sustainable pace (a burst of 2000 in a millisecond would
        // overflow any client with a queue of 500; the queue absorbs pauses of a few ms)
        for (int i = 0; i < 2000; i++) {
            String json = "{\"type\":\"task_progress\",\"n\":" + i + "}";
            hub.publish("task_progress", "t", null, () -> json);
            long until = System.nanoTime() + 50_000;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
        }
        // every publish returned although the stalled client never finished a single write: the
        // publisher does not wait for a client (no timing needed to show it)
        assertFalse(slow.pending.isEmpty(), "the stalled client's write is still pending");

        await("the fast client got all 2000", () -> fast.sent.size() == 2000,
                () -> "fast got " + fast.sent.size() + ", closed " + fast.closeCode + " " + fast.closeReason);
        assertEquals(0, fast.closeCode);
        await("the slow client is closed", () -> slow.closeCode != 0);
        assertEquals(EventStreamHub.CLOSE_FELL_BEHIND, slow.closeCode);
        assertTrue(slow.closeReason.startsWith("fell behind: "), slow.closeReason);
        assertEquals(Duration.ofSeconds(7), slow.idleTimeout, "dropped if it does not read its last messages");

        // at most one event was in flight when it stalled; then the overflow message, queued behind it
        assertTrue(slow.events().size() <= 1, slow.events().toString());
        String last = slow.sent.get(slow.sent.size() - 1);
        JsonNode overflow = EventStreamJson.MAPPER.readTree(last);
        assertEquals("stream_overflow", overflow.get("type").asText());
        long dropped = overflow.get("dropped").asLong();
        assertTrue(dropped >= 500 && dropped < 2000, "the queued ones and the one that did not fit, at least: " + dropped);
        assertTrue(slow.closeReason.contains(Long.toString(dropped)), slow.closeReason);

        EventStreamSubscription subscription = hub.subscriptions().stream().filter(s -> s.client == slow).findFirst()
                .orElseThrow();
        assertEquals(EventStreamHub.State.OVERFLOWED, subscription.state());
        assertEquals(0, subscription.queued(), "its queue was emptied");
        int before = slow.sent.size();
        publish(hub, 5, "task_progress", "t");
        assertEquals(before, slow.sent.size(), "nothing more after the overflow message");

        // the connection closes: the hub forgets it
        hub.remove(subscription);
        assertEquals(1, hub.subscriptions().size());
    }

    @Test
    void theCharacterLimitCountsToo() {
        EventStreamHub hub = hub(1000, 1000, LONG);
        FakeClient slow = new FakeClient("slow");
        slow.stalled = true;
        hub.subscribe(slow, EventStreamFilter.ALL, "u");
        String big = "x".repeat(400);
        for (int i = 0; i < 5; i++) {
            hub.publish("task_completed", "t", null, () -> big);
        }
        await("closed by the character limit", () -> slow.closeCode == EventStreamHub.CLOSE_FELL_BEHIND);
    }

    @Test
    void aSingleEventLargerThanTheCharacterLimitStillReachesAClientThatKeepsUp() {
        EventStreamHub hub = hub(1000, 100, LONG);
        FakeClient client = new FakeClient("c");
        hub.subscribe(client, EventStreamFilter.ALL, "u");
        String big = "x".repeat(1000);
        hub.publish("task_completed", "t", null, () -> big);
        await("sent", () -> client.sent.size() == 1);
        assertEquals(0, client.closeCode);
    }

    @Test
    void aClientThatKeepsUpNeverOverflowsASmallQueue() {
        EventStreamHub hub = hub(2);
        FakeClient client = new FakeClient("c");
        hub.subscribe(client, EventStreamFilter.ALL, "u");
        for (int i = 0; i < 300; i++) {
            publish(hub, 1, "task_started", "t");
            int expected = i + 1;
            await("sent " + expected, () -> client.sent.size() == expected);
        }
        assertEquals(0, client.closeCode);
    }

    @Test
    void aFailedSendClosesAndForgetsTheClient() {
        EventStreamHub hub = hub(100);
        FakeClient broken = new FakeClient("broken");
        broken.failSends = new IllegalStateException("connection reset");
        FakeClient ok = new FakeClient("ok");
        hub.subscribe(broken, EventStreamFilter.ALL, "u");
        hub.subscribe(ok, EventStreamFilter.ALL, "u");
        publish(hub, 3, "task_started", "t");
        await("the broken client is closed", () -> broken.closeCode == EventStreamHub.CLOSE_GOING_AWAY);
        await("it is forgotten", () -> hub.subscriptions().size() == 1);
        await("the other got all", () -> ok.sent.size() == 3);
    }

    @Test
    void aRemovedClientGetsNothingMore() {
        EventStreamHub hub = hub(100);
        FakeClient client = new FakeClient("c");
        EventStreamSubscription subscription = hub.subscribe(client, EventStreamFilter.ALL, "u");
        publish(hub, 1, "task_started", "t");
        await("first", () -> client.sent.size() == 1);
        hub.remove(subscription);
        publish(hub, 5, "task_started", "t");
        assertTrue(hub.subscriptions().isEmpty());
        assertEquals(1, client.sent.size());
    }

    @Test
    void everyClientIsPingedAndABlockedPingHoldsUpNobody() throws Exception {
        EventStreamHub hub = hub(100, Long.MAX_VALUE, Duration.ofMillis(20));
        FakeClient stuck = new FakeClient("stuck");
        CountDownLatch release = new CountDownLatch(1);
        stuck.pingBlocker = release;
        FakeClient live = new FakeClient("live");
        hub.subscribe(stuck, EventStreamFilter.ALL, "u");
        hub.subscribe(live, EventStreamFilter.ALL, "u");
        await("the live client was pinged several times", () -> live.pings.get() >= 5);
        assertEquals(1, stuck.pings.get(), "no second ping while the first is not written");
        assertEquals(1, stuck.maxConcurrentPings.get());
        publish(hub, 10, "task_started", "t");
        await("events still flow", () -> live.sent.size() == 10 && stuck.sent.size() == 10);
        release.countDown();
        await("the stuck client is pinged again once its ping was written", () -> stuck.pings.get() >= 2);
    }

    @Test
    void closeClosesEveryClientAndStopsEveryThread() {
        EventStreamHub hub = hub(100, Long.MAX_VALUE, Duration.ofMillis(20));
        FakeClient a = new FakeClient("a");
        FakeClient stalled = new FakeClient("stalled");
        stalled.stalled = true;
        CountDownLatch never = new CountDownLatch(1);
        stalled.pingBlocker = never; // a ping waiting forever must not keep a thread alive
        hub.subscribe(a, EventStreamFilter.ALL, "u");
        hub.subscribe(stalled, EventStreamFilter.ALL, "u");
        publish(hub, 20, "task_started", "t");
        await("a ping is blocked", () -> stalled.pings.get() == 1);

        hub.close();

        assertTrue(hub.terminated(), "every thread of the hub ended");
        assertEquals(EventStreamHub.CLOSE_GOING_AWAY, a.closeCode);
        assertEquals(EventStreamHub.CLOSE_GOING_AWAY, stalled.closeCode);
        assertEquals(Duration.ofSeconds(1), stalled.idleTimeout, "a client that does not answer the close is dropped");
        assertTrue(hub.subscriptions().isEmpty());
        int sent = a.sent.size();
        publish(hub, 5, "task_started", "t");
        assertEquals(sent, a.sent.size());
        // completing a send after the stop is harmless
        stalled.pending.forEach(done -> done.accept(null));

        FakeClient late = new FakeClient("late");
        assertNull(hub.subscribe(late, EventStreamFilter.ALL, "u"));
        assertEquals(EventStreamHub.CLOSE_GOING_AWAY, late.closeCode);
        // the hubs of the other tests were closed after them: no thread of any hub is left
        assertFalse(Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.isAlive() && t.getName().startsWith("orrery-event-stream-")));
    }

    @Test
    void closeReasonsFitInAFrame() {
        String reason = EventStreamHub.reason("fell behind: " + "é".repeat(200));
        assertTrue(reason.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 123);
        assertNotNull(reason);
        assertEquals("short", EventStreamHub.reason("short"));
    }
}
