package org.orrery.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The task event stream at {@code /api/v1/ws} as a client meets it: the runtime as a process,
 * tasks submitted over the REST API (the test bundle's {@code itest.probe} action, deployed
 * into {@code deploy/}), events read with {@link java.net.http.WebSocket}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EventStreamIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ACTION = "itest.probe";
    static final Set<String> EVENT_FIELDS = Set.of("type", "task_id", "name", "action", "timestamp", "status", "progress",
            "attempt", "message", "result", "error");
    static final Pattern ISO_UTC = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");

    static RuntimeProcess runtime;
    static String password;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        Path home = RuntimeLifecycleIT.WORK.resolve("event-stream-" + UUID.randomUUID());
        runtime = RuntimeProcess.start(Path.of(System.getProperty("java.home")), home, RuntimeProcess.freePort()).awaitReady();
        password = runtime.adminPassword();
        String[] admin = {"admin", password};
        RuntimeLifecycleIT.copyAtomically(RuntimeLifecycleIT.DEPLOYABLE, home.resolve("deploy/deployable.jar"));
        runtime.await("the deployed test bundle is active", Duration.ofSeconds(30),
                () -> runtime.status(RuntimeLifecycleIT.PROBE, admin) == 200);
        HttpResponse<String> submitted = post("/api/v1/tasks", task("warm-up", "ready?"));
        assertNotEquals(404, submitted.statusCode(), "POST /api/v1/tasks is missing: the event stream test submits tasks with it");
        assertEquals(201, submitted.statusCode(), submitted.body());
    }

    @AfterAll
    static void stop() throws Exception {
        if (runtime != null) {
            runtime.close();
        }
    }

    // --- the tests ---

    @Test
    @Order(1)
    void aTaskIsStreamedScheduledStartedCompletedInOrderWithTheSeedsFields() throws Exception {
        try (Stream stream = Stream.open("", true)) {
            stream.awaitSubscribed();
            String id = id(post("/api/v1/tasks", task("t", "x")));
            List<JsonNode> events = stream.await("task_completed of " + id, Duration.ofSeconds(20),
                    e -> id.equals(e.path("task_id").asText()) && "task_completed".equals(e.path("type").asText()));
            List<String> types = events.stream().filter(e -> id.equals(e.path("task_id").asText()))
                    .map(e -> e.path("type").asText()).toList();
            int scheduled = types.indexOf("task_scheduled");
            int started = types.indexOf("task_started");
            int completed = types.indexOf("task_completed");
            assertTrue(scheduled >= 0 && scheduled < started && started < completed, "in order: " + types);
            // task events come straight from the scheduler, not also through Event Admin
            assertEquals(types.stream().distinct().count(), types.size(), "each event once: " + types);

            for (JsonNode event : events.stream().filter(e -> id.equals(e.path("task_id").asText())).toList()) {
                Set<String> fields = new HashSet<>();
                event.fieldNames().forEachRemaining(fields::add);
                assertTrue(EVENT_FIELDS.containsAll(fields), "only the seed's snake_case fields: " + event);
                assertTrue(fields.containsAll(Set.of("type", "task_id", "name", "action", "timestamp")), event.toString());
                assertEquals("t", event.get("name").asText());
                assertEquals(ACTION, event.get("action").asText());
                assertTrue(ISO_UTC.matcher(event.get("timestamp").asText()).matches(), event.toString());
                assertEquals(event.get("status").asText().toLowerCase(), event.get("status").asText());
            }
            JsonNode done = events.stream()
                    .filter(e -> id.equals(e.path("task_id").asText()) && "task_completed".equals(e.path("type").asText()))
                    .findFirst().orElseThrow();
            assertEquals("completed", done.get("status").asText());
            assertTrue(done.get("result").isObject(), done.toString());
            assertEquals("x", done.get("result").get("probe").asText());
            assertFalse(done.has("error"), done.toString());
        }
    }

    @Test
    @Order(2)
    void withoutValidCredentialsTheUpgradeIsRefusedWith401AndNothingIsSent() throws Exception {
        assertEquals(401, refusedStatus(null, ""));
        assertEquals(401, refusedStatus(RuntimeProcess.basic("admin", password + "x"), ""));
        assertEquals(401, refusedStatus(RuntimeProcess.basic("nobody", "secret"), "?type=task_completed"));

        String answer = rawHandshake("/api/v1/ws", null);
        assertTrue(answer.startsWith("HTTP/1.1 401"), answer);
        assertTrue(answer.contains("WWW-Authenticate: Basic"), answer);
        assertFalse(answer.contains("101 Switching Protocols"), answer);
    }

    @Test
    @Order(3)
    void badFiltersAreRefusedWith400NamingTheValue() throws Exception {
        String auth = RuntimeProcess.basic("admin", password);
        assertEquals(400, refusedStatus(auth, "?type=task_finished"));
        assertEquals(400, refusedStatus(auth, "?type=task_completed,nonsense"));
        assertEquals(400, refusedStatus(auth, "?colour=red"));
        String answer = rawHandshake("/api/v1/ws?type=task_completed,task_finished", auth);
        assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
        assertTrue(answer.contains("'task_finished'"), "the answer names the bad value: " + answer);
        assertTrue(answer.contains("application/problem+json"), answer);
    }

    @Test
    @Order(3)
    void aPageOfAnotherSiteMayNotOpenTheStream() throws Exception {
        String auth = RuntimeProcess.basic("admin", password);
        String foreign = rawHandshake("/api/v1/ws", auth, "Origin: https://evil.example");
        assertTrue(foreign.startsWith("HTTP/1.1 403"), foreign);
        String own = rawHandshake("/api/v1/ws", auth, "Origin: http://127.0.0.1:" + runtime.port);
        assertTrue(own.startsWith("HTTP/1.1 101"), own);
        // a DNS-rebinding page: its name resolves to 127.0.0.1, so Host and Origin agree, but name its site
        String rebound = rawHandshakeTo("rebound.example:" + runtime.port, "/api/v1/ws", auth,
                "Origin: http://rebound.example:" + runtime.port);
        assertTrue(rebound.startsWith("HTTP/1.1 403"), rebound);
        assertTrue(rebound.contains("rebound.example"), rebound);
    }

    @Test
    @Order(7)
    void aStreamClosesWith1008WhenItsCredentialStopsBeingValid() throws Exception {
        String admin = RuntimeProcess.basic("admin", password);
        HttpResponse<String> token = post("/api/v1/tokens", JSON.createObjectNode().put("role", "viewer"));
        assertEquals(201, token.statusCode(), token.body());
        JsonNode issued = JSON.readTree(token.body());
        for (String user : List.of("gone", "rekeyed")) {
            assertEquals(201, post("/api/v1/users", JSON.createObjectNode().put("name", user).put("role", "viewer")
                    .put("password", "watch-the-sky-1")).statusCode());
        }
        try (Stream byToken = Stream.open("", true, "Bearer " + issued.path("token").asText());
                Stream byDeletedUser = Stream.open("", true, RuntimeProcess.basic("gone", "watch-the-sky-1"));
                Stream byChangedPassword = Stream.open("", true, RuntimeProcess.basic("rekeyed", "watch-the-sky-1"));
                Stream byAdmin = Stream.open("", true, admin)) {
            for (Stream stream : List.of(byToken, byDeletedUser, byChangedPassword, byAdmin)) {
                stream.awaitSubscribed();
            }
            assertEquals(204, runtime.send(HttpRequest.newBuilder(runtime.uri("/api/v1/tokens/" + issued.path("id").asText()))
                    .header("Authorization", admin).DELETE().build()).statusCode());
            assertEquals(204, runtime.send(HttpRequest.newBuilder(runtime.uri("/api/v1/users/gone"))
                    .header("Authorization", admin).DELETE().build()).statusCode());
            assertEquals(204, post("/api/v1/users/rekeyed/password", JSON.createObjectNode().put("password", "a-new-password-2"))
                    .statusCode());
            for (Stream stream : List.of(byToken, byDeletedUser, byChangedPassword)) {
                String[] close = stream.closed.get(60, TimeUnit.SECONDS); // rechecked every 5 s
                assertEquals("1008", close[0], "Policy Violation: " + String.join(" ", close));
            }
            int seen = byToken.messages().size();
            byAdmin.awaitSubscribed();
            assertFalse(byAdmin.closed.isDone(), "a valid credential keeps its stream");
            assertEquals(seen, byToken.messages().size(), "nothing more reached the closed stream");
        }
    }

    @Test
    @Order(4)
    void aTypeFilterDeliversOnlyThatType() throws Exception {
        try (Stream completed = Stream.open("?type=task_completed", true);
                Stream everything = Stream.open("", true)) {
            completed.awaitSubscribed();
            everything.awaitSubscribed();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ids.add(id(post("/api/v1/tasks", task("typed-" + i, "l" + i))));
            }
            for (String id : ids) {
                completed.await("task_completed of " + id, Duration.ofSeconds(20),
                        e -> id.equals(e.path("task_id").asText()) && "task_completed".equals(e.path("type").asText()));
                everything.await("task_completed of " + id, Duration.ofSeconds(20),
                        e -> id.equals(e.path("task_id").asText()) && "task_completed".equals(e.path("type").asText()));
            }
            List<String> types = completed.messages().stream().map(e -> e.path("type").asText()).distinct().toList();
            assertEquals(List.of("task_completed"), types);
            assertTrue(everything.messages().stream().anyMatch(e -> "task_started".equals(e.path("type").asText())),
                    "the unfiltered stream has the other types");
        }
    }

    @Test
    @Order(5)
    void aTaskIdFilterDeliversOnlyThoseTasks() throws Exception {
        String run = UUID.randomUUID().toString();
        String watched = "watched-" + run;
        String other = "other-" + run;
        List<String> warmUps = new ArrayList<>();
        StringBuilder query = new StringBuilder("?type=task_started,task_completed&task_id=" + watched);
        for (int i = 0; i < 40; i++) {
            warmUps.add("warm-" + run + "-" + i);
            query.append("&task_id=").append(warmUps.get(i));
        }
        try (Stream stream = Stream.open(query.toString(), true)) {
            stream.awaitSubscribed(warmUps);
            id(post("/api/v1/tasks", task("other", "o", other)));
            id(post("/api/v1/tasks", task("watched", "w", watched)));
            stream.await("task_completed of the watched task", Duration.ofSeconds(20),
                    e -> watched.equals(e.path("task_id").asText()) && "task_completed".equals(e.path("type").asText()));
            stream.awaitQuiet(Duration.ofMillis(500));
            List<JsonNode> events = stream.messages().stream().filter(e -> !warmUps.contains(e.path("task_id").asText())).toList();
            assertTrue(events.stream().allMatch(e -> watched.equals(e.path("task_id").asText())),
                    "only the watched task, not " + other + ": " + events);
            assertEquals(List.of("task_started", "task_completed"), events.stream().map(e -> e.path("type").asText()).toList());
        }
    }

    @Test
    @Order(5)
    void aSequenceFilterDeliversThatSequencesEventsAndItsTasksInOrder() throws Exception {
        String doc = "{\"name\": \"%s\", \"main\": [{\"type\": \"task\", \"id\": \"first\", \"action\": \"system.noop\"},"
                + " {\"type\": \"task\", \"id\": \"second\", \"action\": \"system.noop\"}]}";
        String watched = id(post("/api/v1/sequences", JSON.readTree(doc.formatted("watched"))));
        String other = id(post("/api/v1/sequences", JSON.readTree(doc.formatted("other"))));
        List<String> warmUps = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            warmUps.add(watched + ".warm-" + i); // a task whose id begins with the sequence's passes its filter
        }
        try (Stream stream = Stream.open("?sequence=" + watched, true)) {
            stream.awaitSubscribed(warmUps);
            assertEquals(200, start(other).statusCode());
            assertEquals(200, start(watched).statusCode());
            stream.await("sequence_completed of the watched sequence", Duration.ofSeconds(20),
                    e -> "sequence_completed".equals(e.path("type").asText()) && watched.equals(e.path("sequence_id").asText()));
            List<JsonNode> events = stream.messages().stream()
                    .filter(e -> !warmUps.contains(e.path("task_id").asText())).toList();
            for (JsonNode e : events) {
                assertTrue(watched.equals(e.path("sequence_id").asText()) || e.path("task_id").asText().startsWith(watched + "."),
                        "only the watched sequence, not " + other + ": " + e);
            }
            List<String> steps = events.stream().filter(e -> e.has("sequence_id"))
                    .map(e -> e.path("type").asText() + (e.path("step_id").isTextual() ? ":" + e.path("step_id").asText() : ""))
                    .toList();
            assertEquals(List.of("sequence_started", "step_started:first", "step_completed:first", "step_started:second",
                    "step_completed:second", "sequence_completed"), steps);
            assertTrue(events.stream().anyMatch(e -> "task_completed".equals(e.path("type").asText())),
                    "the sequence's tasks' events too: " + events);
        }
    }

    @Test
    @Order(6)
    void aSlowClientIsDisconnectedWithoutDelayingAnotherClient() throws Exception {
        int tasks = 612;
        int perBatch = 18;
        String label = "s".repeat(48_000); // large results: the slow client's socket buffers fill up
        try (Stream slow = Stream.open("", false);
                Stream fast = Stream.open("", true)) {
            slow.awaitSubscribed(); // its one read
            fast.awaitSubscribed();

            Set<String> ids = new HashSet<>();
            long start = System.nanoTime();
            for (int i = 0; i < tasks; i += perBatch) {
                ArrayNode batch = JSON.createArrayNode();
                for (int j = 0; j < perBatch; j++) {
                    batch.add(task("bulk", label));
                }
                HttpResponse<String> accepted = post("/api/v1/tasks/batch", batch);
                assertEquals(201, accepted.statusCode(), accepted.body());
                JSON.readTree(accepted.body()).forEach(t -> ids.add(t.get("id").asText()));
            }
            long submitted = System.nanoTime();
            fast.await("task_completed of all " + ids.size() + " tasks", Duration.ofSeconds(60), e -> {
                if ("task_completed".equals(e.path("type").asText())) {
                    ids.remove(e.path("task_id").asText());
                }
                return ids.isEmpty();
            });
            long caughtUp = System.nanoTime();
            long lag = TimeUnit.NANOSECONDS.toMillis(caughtUp - submitted);
            assertTrue(lag < 5_000, "the reading client had every event " + lag + " ms after the last batch was accepted");
            assertTrue(fast.messages().size() >= 4 * tasks, "2000+ events flowed: " + fast.messages().size());
            assertFalse(fast.closed.isDone(), "the reading client stays connected: " + fast.closed);
            System.out.printf("EventStreamIT: %d tasks submitted in %d ms; the reading client had all %d events %d ms later%n",
                    tasks, TimeUnit.NANOSECONDS.toMillis(submitted - start), fast.messages().size(), lag);

            // the slow client reads again: what was in its socket, the overflow message, the close
            slow.resume();
            String[] close = slow.closed.get(30, TimeUnit.SECONDS);
            assertEquals("1013", close[0], "closed as fallen behind: " + String.join(" ", close));
            assertTrue(close[1].contains("fell behind"), close[1]);
            List<JsonNode> got = slow.messages();
            JsonNode last = got.get(got.size() - 1);
            assertEquals("stream_overflow", last.path("type").asText(), "the overflow message comes last: " + last);
            assertTrue(last.path("dropped").asLong() > 0, last.toString());
            assertTrue(got.size() < fast.messages().size(), "the slow client did not get everything");
        }
    }

    @Test
    @Order(100)
    void stoppingTheBundleClosesTheStreamAndLeavesNoThreadBehind() throws Exception {
        try (Stream stream = Stream.open("", true)) {
            stream.awaitSubscribed();
            assertTrue(threads().contains("orrery-event-stream-"), "the stream's threads run while it is active");
            long id = bundleId("org.orrery.web.api");
            bundleAction(id, "stop");
            String[] close = stream.closed.get(20, TimeUnit.SECONDS);
            assertEquals("1001", close[0], "Going Away: " + String.join(" ", close));
            runtime.await("no thread of the event stream is left", Duration.ofSeconds(20),
                    () -> !threads().contains("orrery-event-stream-"));
            bundleAction(id, "start");
            runtime.awaitReady();
        }
        try (Stream again = Stream.open("", true)) {
            again.awaitSubscribed();
        }
    }

    // --- helpers ---

    static ObjectNode task(String name, String label) {
        return task(name, label, null);
    }

    static ObjectNode task(String name, String label, String id) {
        ObjectNode task = JSON.createObjectNode();
        if (id != null) {
            task.put("id", id);
        }
        task.put("name", name).put("action", ACTION).putObject("parameters").put("label", label);
        return task;
    }

    static HttpResponse<String> post(String path, JsonNode body) {
        return runtime.send(HttpRequest.newBuilder(runtime.uri(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", RuntimeProcess.basic("admin", password))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
    }

    static HttpResponse<String> start(String sequence) {
        return runtime.send(HttpRequest.newBuilder(runtime.uri("/api/v1/sequences/" + sequence + "/start"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", RuntimeProcess.basic("admin", password))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    static String id(HttpResponse<String> response) throws IOException {
        assertEquals(201, response.statusCode(), response.body());
        return JSON.readTree(response.body()).get("id").asText();
    }

    /** The HTTP status that refused a WebSocket handshake; fails if the connection opened. */
    static int refusedStatus(String authorization, String query) throws Exception {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        List<CharSequence> received = new CopyOnWriteArrayList<>();
        try {
            WebSocket socket = builder.buildAsync(URI.create("ws://127.0.0.1:" + runtime.port + "/api/v1/ws" + query),
                    new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            received.add(data);
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
            socket.abort();
            fail("the connection opened (" + query + "); received " + received);
            return -1;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null ? c.getCause() : e.getCause();
            assertInstanceOf(WebSocketHandshakeException.class, cause, e.toString());
            assertTrue(received.isEmpty());
            return ((WebSocketHandshakeException) cause).getResponse().statusCode();
        }
    }

    /** A WebSocket handshake written by hand, to read the whole answer of a refusal. */
    static String rawHandshake(String path, String authorization, String... headers) throws IOException {
        return rawHandshakeTo("127.0.0.1:" + runtime.port, path, authorization, headers);
    }

    /** As above, with the {@code Host} header a browser would send for {@code host}. */
    static String rawHandshakeTo(String host, String path, String authorization, String... headers) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", runtime.port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                    + String.join("", java.util.Arrays.stream(headers).map(h -> h + "\r\n").toList()) + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) >= 0;) {
                    answer.write(buffer, 0, n);
                    if (complete(answer.toString(StandardCharsets.ISO_8859_1))) {
                        break;
                    }
                }
            } catch (java.net.SocketTimeoutException e) {
                // keep what came
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    /** True when {@code answer} holds a whole HTTP response: a 101's head, or a head and its body. */
    private static boolean complete(String answer) {
        int end = answer.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        if (answer.startsWith("HTTP/1.1 101")) {
            return true;
        }
        java.util.regex.Matcher length = Pattern.compile("(?im)^content-length:\\s*(\\d+)").matcher(answer.substring(0, end));
        return length.find() && answer.length() - end - 4 >= Integer.parseInt(length.group(1));
    }

    /** The Web Console calls that this test shares with the others. */
    static InstrumentApi console() {
        try {
            return new InstrumentApi(runtime);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String threads() {
        return console().threads();
    }

    static long bundleId(String symbolicName) {
        return console().bundleId(symbolicName);
    }

    static void bundleAction(long id, String action) {
        console().bundleAction(id, action);
    }

    /**
     * A client of the stream. Reading: asks for every message. Not reading: takes one message
     * (to show it is subscribed) and then nothing until {@link #resume()}, so its socket fills.
     */
    static final class Stream implements WebSocket.Listener, AutoCloseable {
        final List<JsonNode> messages = new CopyOnWriteArrayList<>();
        final CompletableFuture<String[]> closed = new CompletableFuture<>();
        final boolean reading;
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        private Stream(boolean reading) {
            this.reading = reading;
        }

        static Stream open(String query, boolean reading) throws Exception {
            return open(query, reading, RuntimeProcess.basic("admin", password));
        }

        static Stream open(String query, boolean reading, String authorization) throws Exception {
            Stream stream = new Stream(reading);
            stream.socket = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                    .header("Authorization", authorization)
                    .buildAsync(URI.create("ws://127.0.0.1:" + runtime.port + "/api/v1/ws" + query), stream)
                    .get(10, TimeUnit.SECONDS);
            return stream;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode message = JSON.readTree(partial.toString());
                    if (message instanceof ObjectNode object && partial.length() > 10_000) {
                        object.put("result", "(large)"); // keep memory small
                    }
                    messages.add(message);
                } catch (IOException e) {
                    closed.completeExceptionally(new AssertionError("not JSON: " + partial, e));
                }
                partial.setLength(0);
            }
            if (reading || !last) {
                webSocket.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(new String[] {Integer.toString(statusCode), reason});
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(new String[] {"error", String.valueOf(error)});
        }

        List<JsonNode> messages() {
            return List.copyOf(messages);
        }

        void resume() {
            socket.request(Long.MAX_VALUE);
        }

        /**
         * Waits until the server subscribed this connection (it may open the socket before):
         * submits small tasks until one of their events arrives.
         */
        void awaitSubscribed() throws Exception {
            awaitSubscribed(null);
        }

        /** As {@link #awaitSubscribed()}, with these task ids for the warm-up tasks (for a task_id filter). */
        void awaitSubscribed(List<String> ids) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            Set<String> warmUps = new HashSet<>();
            for (int n = 0; System.nanoTime() < deadline && (ids == null || n < ids.size()); n++) {
                warmUps.add(id(post("/api/v1/tasks", task("warm-up", "w", ids == null ? null : ids.get(n)))));
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
                while (System.nanoTime() < until) {
                    if (messages.stream().anyMatch(e -> warmUps.contains(e.path("task_id").asText()))) {
                        return;
                    }
                    Thread.sleep(10);
                }
            }
            fail("the stream delivered none of the warm-up tasks' events: " + messages);
        }

        /** Waits until a message matches; returns every message so far. */
        List<JsonNode> await(String what, Duration timeout, Predicate<JsonNode> condition) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            int seen = 0;
            while (System.nanoTime() < deadline) {
                List<JsonNode> now = messages();
                for (; seen < now.size(); seen++) {
                    if (condition.test(now.get(seen))) {
                        return now;
                    }
                }
                if (closed.isDone()) {
                    fail("the stream closed (" + String.join(" ", closed.getNow(new String[0])) + ") before " + what);
                }
                Thread.sleep(5);
            }
            fail("not received within " + timeout.toSeconds() + " s: " + what + "; got " + messages.size() + " messages");
            return List.of();
        }

        /** Waits until no message came for {@code quiet}. */
        void awaitQuiet(Duration quiet) throws InterruptedException {
            int before;
            do {
                before = messages.size();
                Thread.sleep(quiet.toMillis());
            } while (messages.size() != before);
        }

        @Override
        public void close() {
            if (!closed.isDone()) {
                try {
                    socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                    socket.abort();
                }
            }
            socket.abort();
        }
    }
}
