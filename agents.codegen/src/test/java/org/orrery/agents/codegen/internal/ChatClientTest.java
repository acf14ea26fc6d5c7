package org.orrery.agents.codegen.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.orrery.task.TaskException;
import org.orrery.task.TaskTimeoutException;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

class ChatClientTest {

    static final String KEY = "sk-test-5ecr3t-key-0123456789";
    static final List<ChatClient.Message> ASK = List.of(new ChatClient.Message("system", "be brief"),
            new ChatClient.Message("user", "write hello world"));

    FakeChatServer server;
    final List<Duration> slept = new CopyOnWriteArrayList<>();
    final Sleeper sleeper = d -> {
        slept.add(d);
        return CompletableFuture.completedFuture(null);
    };
    final Clock clock = Clock.fixed(Instant.parse("2026-12-05T10:00:00Z"), ZoneOffset.UTC);
    final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    ChatClient client;

    @BeforeEach
    void start() throws Exception {
        server = new FakeChatServer();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.DEBUG);
        logged.start();
        root.addAppender(logged);
        client = client(Duration.ofSeconds(10));
    }

    ChatClient client(Duration timeout) {
        return new ChatClient(new ChatSettings(URI.create(server.baseUrl()), "tiny", KEY, timeout, 2, Duration.ofMillis(500),
                Duration.ofSeconds(30), 256, 0.2), sleeper, clock, () -> 1.0);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logged);
        client.close();
        server.close();
        for (ILoggingEvent event : logged.list) {
            assertFalse(event.getFormattedMessage().contains(KEY), "the key was logged: " + event.getFormattedMessage());
        }
    }

    @Test
    void aReplyGivesTextModelUsageAndFinishReasonAndSendsTheKeyAsBearer() throws Exception {
        server.then(FakeChatServer.Answer.of(200, FakeChatServer.reply("class Hello {}")));
        ChatReply reply = client.complete(ASK).get(10, TimeUnit.SECONDS);
        assertEquals("class Hello {}", reply.text());
        assertEquals("fake-model", reply.model());
        assertEquals("stop", reply.finishReason());
        assertEquals(Map.of("prompt_tokens", 12L, "completion_tokens", 7L, "total_tokens", 19L), reply.usage());
        assertEquals(1, server.requests.size());
        FakeChatServer.Request request = server.requests.get(0);
        assertEquals("/v1/chat/completions", request.path());
        assertEquals("Bearer " + KEY, request.authorization());
        assertTrue(request.body().contains("\"model\":\"tiny\"") && request.body().contains("\"max_tokens\":256")
                && request.body().contains("\"role\":\"system\",\"content\":\"be brief\""), request.body());
        assertTrue(slept.isEmpty());
    }

    @Test
    void a429IsRetriedAfterItsRetryAfter() throws Exception {
        server.then(new FakeChatServer.Answer(429, Map.of("Retry-After", "7"), "{\"error\": {\"message\": \"slow down\"}}",
                null));
        server.then(new FakeChatServer.Answer(429, Map.of("Retry-After", "Sat, 05 Dec 2026 10:00:12 GMT"), "{}", null));
        ChatReply reply = client.complete(ASK).get(10, TimeUnit.SECONDS);
        assertTrue(reply.text().startsWith("echo: "), reply.text());
        assertEquals(List.of(Duration.ofSeconds(7), Duration.ofSeconds(12)), slept, "Retry-After in seconds, then as a date");
        assertEquals(3, server.requests.size());
    }

    @Test
    void a500ThreeTimesFailsRetryablyAfterExponentialBackoff() {
        for (int i = 0; i < 3; i++) {
            server.then(FakeChatServer.Answer.of(500, "{\"error\": {\"message\": \"overloaded\"}}"));
        }
        TaskException e = failure(client.complete(ASK));
        assertTrue(e.retryable());
        assertTrue(e.getMessage().contains("500") && e.getMessage().contains("overloaded") && e.getMessage().contains("3 tries"),
                e.getMessage());
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofMillis(1000)), slept, "doubled, jitter at its top (1.0)");
        assertEquals(3, server.requests.size());
    }

    @Test
    void jitterWaitsBetweenHalfAndAllOfTheBackoff() {
        ChatClient low = new ChatClient(new ChatSettings(URI.create(server.baseUrl()), "tiny", "", Duration.ofSeconds(5), 1,
                Duration.ofMillis(800), Duration.ofSeconds(30), 0, 0.2), sleeper, clock, () -> 0.0);
        server.then(FakeChatServer.Answer.of(503, "")).then(FakeChatServer.Answer.of(503, ""));
        failure(low.complete(ASK));
        low.close();
        assertEquals(List.of(Duration.ofMillis(400)), slept);
        assertEquals(null, server.requests.get(0).authorization(), "no key, no Authorization header");
    }

    @Test
    void aSlowReplyBeyondTheTimeoutFailsAsATimeout() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        server.then(new FakeChatServer.Answer(200, Map.of(), FakeChatServer.reply("late"), hold));
        ChatClient impatient = client(Duration.ofMillis(300));
        try {
            TaskException e = failure(impatient.complete(ASK));
            assertInstanceOf(TaskTimeoutException.class, e);
            assertTrue(e.getMessage().contains("300 ms"), e.getMessage());
            assertEquals(1, server.requests.size(), "a timeout is not retried within the attempt");
        } finally {
            hold.countDown();
            impatient.close();
        }
    }

    @Test
    void anEndpointThatRefusesConnectionsIsTriedAgainThenFailsRetryably() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        ChatClient nowhere = new ChatClient(new ChatSettings(URI.create("http://127.0.0.1:" + port + "/v1"), "tiny", KEY,
                Duration.ofSeconds(5), 1, Duration.ofMillis(100), Duration.ofSeconds(30), 0, 0.2), sleeper, clock, () -> 1.0);
        try {
            TaskException e = failure(nowhere.complete(ASK));
            assertTrue(e.retryable());
            assertTrue(e.getMessage().contains("could not be reached") && e.getMessage().contains("2 tries"), e.getMessage());
            assertEquals(List.of(Duration.ofMillis(100)), slept);
        } finally {
            nowhere.close();
        }
    }

    @Test
    void aMalformedReplyFailsClearlyAndIsNotRetried() {
        server.then(FakeChatServer.Answer.of(200, "<html>proxy error</html>"));
        TaskException notJson = failure(client.complete(ASK));
        assertFalse(notJson.retryable());
        assertTrue(notJson.getMessage().contains("malformed reply (it is not JSON)"), notJson.getMessage());

        server.then(FakeChatServer.Answer.of(200, "{\"choices\": []}"));
        TaskException noChoices = failure(client.complete(ASK));
        assertTrue(noChoices.getMessage().contains("no choices[0]"), noChoices.getMessage());
        assertEquals(2, server.requests.size());
    }

    @Test
    void a401FailsWithTheEndpointsMessageButNeverTheKey() {
        server.then(FakeChatServer.Answer.of(401, "{\"error\": {\"message\": \"Incorrect API key provided: " + KEY + "\"}}"));
        TaskException e = failure(client.complete(ASK));
        assertFalse(e.retryable());
        assertTrue(e.getMessage().contains("401") && e.getMessage().contains("Incorrect API key provided: ***"), e.getMessage());
        assertFalse(e.getMessage().contains(KEY));
        assertFalse(String.valueOf(new ChatSettings(URI.create(server.baseUrl()), "m", KEY, Duration.ofSeconds(1), 0,
                Duration.ofMillis(1), Duration.ofSeconds(1), 0, 0)).contains(KEY));
        assertEquals(1, server.requests.size());
    }

    @Test
    void aRetryAfterLongerThanTheLongestBackoffFailsAtOnce() {
        server.then(new FakeChatServer.Answer(429, Map.of("Retry-After", "3600"), "{\"error\": \"quota\"}", null));
        TaskException e = failure(client.complete(ASK));
        assertTrue(e.retryable());
        assertTrue(e.getMessage().contains("3600 s"), e.getMessage());
        assertTrue(slept.isEmpty());
    }

    @Test
    void completingTheCallAbortsTheRequestInFlight() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        server.then(new FakeChatServer.Answer(200, Map.of(), FakeChatServer.reply("never"), hold));
        CompletableFuture<ChatReply> call = client.complete(ASK);
        while (server.requests.isEmpty()) {
            Thread.onSpinWait();
        }
        call.completeExceptionally(new TaskException("cancelled by the test"));
        TaskException e = failure(call);
        assertEquals("cancelled by the test", e.getMessage());
        hold.countDown();
    }

    private static TaskException failure(CompletableFuture<ChatReply> call) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> call.get(10, TimeUnit.SECONDS));
        assertNotNull(e.getCause());
        return assertInstanceOf(TaskException.class, e.getCause());
    }
}
