package org.orrery.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The dashboard's sign-in ({@code /api/v1/session}) and the event stream's tickets
 * ({@code POST /api/v1/ws/ticket}, {@code GET /api/v1/ws?ticket=…}) as a browser meets them: the
 * runtime jar as a process, the JDK's HTTP and WebSocket clients.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SessionIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final String USER = "ann";
    static final String PASSWORD = "clear skies tonight";
    static final String BEARER_CHALLENGE = "Bearer realm=\"Orrery\"";

    static RuntimeProcess runtime;
    static String admin;
    static String origin;

    @BeforeAll
    static void start() throws Exception {
        Path home = RuntimeLifecycleIT.WORK.resolve("session-" + UUID.randomUUID());
        runtime = RuntimeProcess.start(Path.of(System.getProperty("java.home")), home, RuntimeProcess.freePort()).awaitReady();
        admin = RuntimeProcess.basic("admin", runtime.adminPassword());
        origin = "http://127.0.0.1:" + runtime.port;
        HttpResponse<String> created = send(post("/api/v1/users", JSON.createObjectNode().put("name", USER)
                .put("role", "operator").put("password", PASSWORD).toString()).header("Authorization", admin));
        assertEquals(201, created.statusCode(), created.body());
    }

    @AfterAll
    static void stop() throws Exception {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    @Order(1)
    void aSignInGivesATokenThatWorksAndSaysWhoItIs() throws Exception {
        Instant before = Instant.now();
        HttpResponse<String> signedIn = signIn(USER, PASSWORD, origin);
        assertEquals(201, signedIn.statusCode(), signedIn.body());
        JsonNode session = JSON.readTree(signedIn.body());
        assertEquals(USER, session.path("user").asText());
        assertEquals("operator", session.path("role").asText());
        Instant expires = Instant.parse(session.path("expires_at").asText());
        assertFalse(expires.isBefore(before.plus(Duration.ofHours(12)).minusSeconds(5)), expires.toString());
        assertFalse(expires.isAfter(Instant.now().plus(Duration.ofHours(12)).plusSeconds(5)), expires.toString());
        String bearer = "Bearer " + session.path("token").asText();

        HttpResponse<String> tasks = send(get("/api/v1/tasks").header("Authorization", bearer));
        assertEquals(200, tasks.statusCode(), tasks.body());

        JsonNode who = JSON.readTree(send(get("/api/v1/session").header("Authorization", bearer)).body());
        assertEquals(USER, who.path("user").asText());
        assertEquals("operator", who.path("role").asText());
        assertEquals(session.path("expires_at").asText(), who.path("expires_at").asText());
        JsonNode listed = JSON.readTree(send(get("/api/v1/tokens").header("Authorization", admin)).body());
        JsonNode token = find(listed, who.path("token_id").asText());
        assertEquals(USER, token.path("user").asText());
        assertEquals("dashboard sign-in from 127.0.0.1", token.path("description").asText());

        JsonNode byPassword = JSON.readTree(send(get("/api/v1/session")
                .header("Authorization", RuntimeProcess.basic(USER, PASSWORD))).body());
        assertEquals(USER, byPassword.path("user").asText());
        assertTrue(byPassword.path("token_id").isNull(), byPassword.toString());
        assertTrue(byPassword.path("expires_at").isNull(), byPassword.toString());
    }

    @Test
    @Order(2)
    void aWrongSignInIsA401ThatNoBrowserAnswersWithADialog() throws Exception {
        HttpResponse<String> wrong = signIn(USER, PASSWORD + "?", origin);
        assertEquals(401, wrong.statusCode(), wrong.body());
        assertTrue(wrong.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                wrong.headers().toString());
        assertEquals(List.of(BEARER_CHALLENGE), wrong.headers().allValues("WWW-Authenticate"));
        assertEquals(201, signIn(USER, PASSWORD, origin).statusCode(), "a right one clears the failure");

        HttpResponse<String> missing = send(post("/api/v1/session", "{\"user\": \"ann\"}").header("Origin", origin));
        assertEquals(400, missing.statusCode(), missing.body());
        assertTrue(JSON.readTree(missing.body()).path("detail").asText().contains("'password'"), missing.body());
        HttpResponse<String> blank = send(post("/api/v1/session", "{\"user\": \" \", \"password\": \"x\"}"));
        assertEquals(400, blank.statusCode(), blank.body());
        assertTrue(JSON.readTree(blank.body()).path("detail").asText().contains("'user'"), blank.body());
    }

    @Test
    @Order(3)
    void aSignInFromAnotherSitesPageIsRefused() {
        HttpResponse<String> foreign = signIn(USER, PASSWORD, "https://evil.example");
        assertEquals(403, foreign.statusCode(), foreign.body());
        assertFalse(foreign.body().contains("orrery_"), foreign.body());
    }

    @Test
    @Order(4)
    void signingOutRefusesTheTokenWithABearerChallenge() throws Exception {
        String bearer = bearer(signIn(USER, PASSWORD, origin));
        HttpResponse<String> out = send(HttpRequest.newBuilder(runtime.uri("/api/v1/session")).DELETE()
                .header("Authorization", bearer).header("Origin", origin));
        assertEquals(204, out.statusCode(), out.body());

        HttpResponse<String> refused = send(get("/api/v1/tasks").header("Authorization", bearer));
        assertEquals(401, refused.statusCode(), refused.body());
        assertEquals(List.of(BEARER_CHALLENGE), refused.headers().allValues("WWW-Authenticate"));
        HttpResponse<String> noHeader = send(get("/api/v1/tasks"));
        assertTrue(noHeader.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic "),
                "other clients are still asked for Basic");

        HttpResponse<String> basic = send(HttpRequest.newBuilder(runtime.uri("/api/v1/session")).DELETE()
                .header("Authorization", admin));
        assertEquals(400, basic.statusCode(), basic.body());
        assertTrue(basic.body().contains("no session token"), basic.body());
    }

    @Test
    @Order(5)
    void aTicketOpensTheStreamOnceWithoutAHeaderAndItsEventsArrive() throws Exception {
        String bearer = bearer(signIn(USER, PASSWORD, origin));
        HttpResponse<String> issued = send(post("/api/v1/ws/ticket", null).header("Authorization", bearer)
                .header("Origin", origin));
        assertEquals(201, issued.statusCode(), issued.body());
        JsonNode answer = JSON.readTree(issued.body());
        assertEquals(30, answer.path("expires_in").asInt());
        String ticket = answer.path("ticket").asText();

        try (Stream stream = Stream.open("?ticket=" + ticket + "&type=task_completed", origin)) {
            String id = stream.awaitTaskCompleted(bearer);
            assertTrue(stream.messages.stream().allMatch(m -> "task_completed".equals(m.path("type").asText())),
                    "the filters beside the ticket apply: " + stream.messages);
            assertFalse(id.isEmpty());
        }
        assertEquals(401, refusedStatus("?ticket=" + ticket, origin), "a ticket opens one stream");
        assertEquals(401, refusedStatus("?ticket=made-up", origin));

        String another = ticket(bearer);
        assertEquals(403, refusedStatus("?ticket=" + another, "https://evil.example"), "the Origin check stays");
    }

    @Test
    @Order(6)
    void signingOutClosesAStreamOpenedWithTheSessionsTicketWith1008() throws Exception {
        String bearer = bearer(signIn(USER, PASSWORD, origin));
        try (Stream stream = Stream.open("?ticket=" + ticket(bearer), origin);
                Stream other = Stream.open("?ticket=" + ticket(RuntimeProcess.basic(USER, PASSWORD)), origin)) {
            stream.awaitTaskCompleted(bearer);
            assertEquals(204, send(HttpRequest.newBuilder(runtime.uri("/api/v1/session")).DELETE()
                    .header("Authorization", bearer).header("Origin", origin)).statusCode());
            String[] close = stream.closed.get(30, TimeUnit.SECONDS); // rechecked every 5 s
            assertEquals("1008", close[0], "Policy Violation: " + String.join(" ", close));
            other.awaitTaskCompleted(RuntimeProcess.basic(USER, PASSWORD));
            assertFalse(other.closed.isDone(), "a stream of a credential still valid stays open");
        }
    }

    @Test
    @Order(7)
    void repeatedWrongSignInsAreThrottledWith429AndRetryAfter() {
        String guessed = "guessed";
        assertEquals(201, send(post("/api/v1/users", JSON.createObjectNode().put("name", guessed).put("role", "viewer")
                .put("password", "a-long-password-1").toString()).header("Authorization", admin)).statusCode());
        HttpResponse<String> last = null;
        for (int i = 0; i < 7 && (last == null || last.statusCode() == 401); i++) {
            last = signIn(guessed, "wrong-guess-" + i, origin);
        }
        assertEquals(429, last.statusCode(), last.body());
        assertTrue(Long.parseLong(last.headers().firstValue("Retry-After").orElse("0")) >= 1, last.headers().toString());
        assertEquals(429, signIn(guessed, "a-long-password-1", origin).statusCode(), "not even checked while throttled");
    }

    // --- helpers ---

    static HttpResponse<String> signIn(String user, String password, String pageOrigin) {
        return send(post("/api/v1/session", JSON.createObjectNode().put("user", user).put("password", password).toString())
                .header("Origin", pageOrigin));
    }

    static String bearer(HttpResponse<String> signedIn) throws IOException {
        assertEquals(201, signedIn.statusCode(), signedIn.body());
        return "Bearer " + JSON.readTree(signedIn.body()).path("token").asText();
    }

    static String ticket(String authorization) throws IOException {
        HttpResponse<String> issued = send(post("/api/v1/ws/ticket", null).header("Authorization", authorization)
                .header("Origin", origin));
        assertEquals(201, issued.statusCode(), issued.body());
        return JSON.readTree(issued.body()).path("ticket").asText();
    }

    static JsonNode find(JsonNode tokens, String id) {
        for (JsonNode token : tokens) {
            if (token.path("id").asText().equals(id)) {
                return token;
            }
        }
        return fail("no token " + id + " in " + tokens);
    }

    static HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(runtime.uri(path)).timeout(Duration.ofSeconds(30)).GET();
    }

    static HttpRequest.Builder post(String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(runtime.uri(path)).timeout(Duration.ofSeconds(30));
        return json == null ? request.POST(HttpRequest.BodyPublishers.noBody())
                : request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
    }

    static HttpResponse<String> send(HttpRequest.Builder request) {
        return runtime.send(request.build());
    }

    /** The HTTP status that refused a WebSocket handshake; fails if the connection opened. */
    static int refusedStatus(String query, String pageOrigin) throws Exception {
        try {
            WebSocket socket = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).header("Origin", pageOrigin)
                    .buildAsync(URI.create("ws://127.0.0.1:" + runtime.port + "/api/v1/ws" + query), new WebSocket.Listener() {
                    }).get(10, TimeUnit.SECONDS);
            socket.abort();
            return fail("the connection opened (" + query + ")");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null ? c.getCause() : e.getCause();
            assertInstanceOf(WebSocketHandshakeException.class, cause, e.toString());
            return ((WebSocketHandshakeException) cause).getResponse().statusCode();
        }
    }

    /** A stream opened as a browser opens it: no {@code Authorization} header, its page's {@code Origin}. */
    static final class Stream implements WebSocket.Listener, AutoCloseable {
        final List<JsonNode> messages = new CopyOnWriteArrayList<>();
        final CompletableFuture<String[]> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        static Stream open(String query, String pageOrigin) throws Exception {
            Stream stream = new Stream();
            stream.socket = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).header("Origin", pageOrigin)
                    .buildAsync(URI.create("ws://127.0.0.1:" + runtime.port + "/api/v1/ws" + query), stream)
                    .get(10, TimeUnit.SECONDS);
            return stream;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(Long.MAX_VALUE);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    messages.add(JSON.readTree(partial.toString()));
                } catch (IOException e) {
                    closed.completeExceptionally(new AssertionError("not JSON: " + partial, e));
                }
                partial.setLength(0);
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

        /**
         * Submits small tasks (the server may open the socket before it subscribes it) until the
         * completion of one arrives; its id.
         */
        String awaitTaskCompleted(String authorization) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                HttpResponse<String> submitted = send(post("/api/v1/tasks", JSON.createObjectNode().put("name", "ping")
                        .put("action", "system.echo").toString()).header("Authorization", authorization));
                assertEquals(201, submitted.statusCode(), submitted.body());
                String id = JSON.readTree(submitted.body()).path("id").asText();
                long wait = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                while (System.nanoTime() < wait) {
                    if (messages.stream().anyMatch(m -> id.equals(m.path("task_id").asText())
                            && "task_completed".equals(m.path("type").asText()))) {
                        return id;
                    }
                    if (closed.isDone()) {
                        return fail("the stream closed: " + String.join(" ", closed.get()));
                    }
                    RuntimeProcess.sleep(50);
                }
            }
            return fail("no task_completed arrived within 30 s; received " + messages);
        }

        @Override
        public void close() {
            socket.abort();
        }
    }
}
