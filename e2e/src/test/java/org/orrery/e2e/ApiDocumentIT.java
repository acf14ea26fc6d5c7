package org.orrery.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The OpenAPI document ({@code GET /api/v1/openapi.json}) and the real routes of a running
 * runtime agree: every operation of the document reaches a route (neither "no such route"
 * nor 405) and answers one of its documented statuses; every route we know of, and every
 * servlet pattern registered in the API's servlet context, is in the document.
 */
class ApiDocumentIT {

    static final Path JAVA = Path.of(System.getProperty("java.home"));
    static final ObjectMapper JSON = new ObjectMapper();
    static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    static final String MADE_UP_ID = "no-such-task-" + UUID.randomUUID();
    static final String MADE_UP_NAME = "no.such.name";

    /** The API's routes as we know them (method, path template): each must be in the document and be real. */
    static final List<String> KNOWN_ROUTES = List.of(
            "GET /health",
            "GET /tasks", "POST /tasks", "POST /tasks/batch",
            "GET /tasks/{id}", "DELETE /tasks/{id}", "PATCH /tasks/{id}", "GET /tasks/{id}/executions", "GET /tasks/graph",
            "POST /tasks/{id}/retry", "POST /tasks/{id}/pause", "POST /tasks/{id}/resume", "POST /tasks/{id}/cancel",
            "GET /tasks/{id}/result", "POST /tasks/wait",
            "GET /scheduler", "POST /scheduler/pause", "POST /scheduler/resume", "GET /scheduler/statistics",
            "GET /scheduler/report", "GET /scheduler/metrics", "GET /scheduler/queue",
            "POST /scheduler/plan",
            "GET /actions", "GET /actions/{name}",
            "GET /devices", "GET /devices/{id}", "GET /resources", "GET /resources/{name}", "GET /images/{date}/{file}", "GET /images/{date}/{file}/header",
            "GET /sky", "GET /sky/objects", "GET /sky/objects/{name}",
            "GET /files", "GET /files/{path}",
            "GET /users", "POST /users", "DELETE /users/{name}", "POST /users/{name}/password",
            "GET /tokens", "POST /tokens", "DELETE /tokens/{id}",
            "GET /agents", "POST /agents", "GET /agents/{id}", "DELETE /agents/{id}", "POST /agents/{id}/claim",
            "POST /agents/{id}/tasks/{task_id}/heartbeat", "POST /agents/{id}/tasks/{task_id}/complete",
            "POST /agents/{id}/tasks/{task_id}/fail",
            "POST /session", "GET /session", "DELETE /session", "POST /ws/ticket",
            "GET /metrics", "GET /openapi.json", "GET /ws");

    static RuntimeProcess runtime;
    static String password;
    static JsonNode document;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        Path home = RuntimeLifecycleIT.WORK.resolve("api-document-" + UUID.randomUUID());
        runtime = RuntimeProcess.start(JAVA, home, RuntimeProcess.freePort()).awaitReady();
        password = runtime.adminPassword();
        HttpResponse<String> answer = runtime.get("/api/v1/openapi.json", "admin", password);
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals("application/json", mediaType(answer));
        document = JSON.readTree(answer.body());
        base = document.at("/servers/0/url").asText();
        assertEquals("/api/v1", base, "the document's server URL");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void everyDocumentedOperationReachesARouteAndAnswersADocumentedStatus() throws Exception {
        List<String> problems = new ArrayList<>();
        int operations = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").properties().iterator(); paths.hasNext();) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().properties().iterator(); ops.hasNext();) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (!METHODS.contains(op.getKey())) {
                    continue;
                }
                operations++;
                String method = op.getKey().toUpperCase(Locale.ROOT);
                String where = method + " " + path.getKey();
                JsonNode documented = op.getValue().path("responses");
                if (path.getKey().equals("/ws")) {
                    int status = webSocketHandshake(base + path.getKey());
                    if (status == 404 || status == 405) {
                        problems.add(where + ": the WebSocket upgrade answered " + status + " (no endpoint)");
                    } else if (!documented.has(Integer.toString(status))) {
                        problems.add(where + ": the WebSocket upgrade answered " + status + ", not documented");
                    }
                    // and without an upgrade, as a plain GET (checked below like every other operation)
                }
                HttpResponse<String> answer = send(method, base + fill(path.getKey()), example(op.getValue()));
                String missing = routeMissing(answer);
                if (missing != null) {
                    problems.add(where + ": " + missing);
                    continue;
                }
                String status = Integer.toString(answer.statusCode());
                if (!documented.has(status)) {
                    problems.add(where + ": answered " + status + ", which the document does not list " + names(documented)
                            + ": " + answer.body());
                    continue;
                }
                JsonNode response = resolve(documented.get(status));
                if (response.has("content") && !mediaTypes(response.get("content")).contains(mediaType(answer))) {
                    problems.add(where + ": answered " + status + " as " + mediaType(answer) + ", documented "
                            + mediaTypes(response.get("content")));
                }
            }
        }
        assertTrue(operations >= KNOWN_ROUTES.size(), "only " + operations + " operations in the document");
        assertTrue(problems.isEmpty(), "The document and the routes disagree:\n" + String.join("\n", problems));
    }

    @Test
    void everyKnownRouteIsDocumentedAndReal() throws Exception {
        Set<String> documented = documentedOperations();
        List<String> problems = new ArrayList<>();
        for (String route : KNOWN_ROUTES) {
            if (!documented.contains(route)) {
                problems.add(route + " is not in the document");
            }
            String[] parts = route.split(" ", 2);
            if (parts[1].equals("/ws")) {
                int status = webSocketHandshake(base + "/ws");
                if (status == 404 || status == 405) {
                    problems.add(route + ": the WebSocket upgrade answered " + status);
                }
                continue;
            }
            String missing = routeMissing(send(parts[0], base + fill(parts[1]), null));
            if (missing != null) {
                problems.add(route + ": " + missing);
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void everyServletPatternOfTheApiContextIsDocumented() throws Exception {
        Set<String> paths = new TreeSet<>();
        document.path("paths").fieldNames().forEachRemaining(paths::add);
        Set<String> patterns = apiServletPatterns();
        assertTrue(patterns.contains("/tasks/*") && patterns.contains("/metrics"), "servlet patterns found: " + patterns);
        List<String> undocumented = new ArrayList<>();
        patterns.remove("/"); // the context's fallback: problem+json 404 for a path that is no route
        for (String pattern : patterns) {
            boolean covered = pattern.endsWith("/*")
                    ? paths.stream().anyMatch(p -> p.startsWith(pattern.substring(0, pattern.length() - 1)))
                    : paths.contains(pattern);
            if (!covered) {
                undocumented.add(pattern);
            }
        }
        assertTrue(undocumented.isEmpty(), "servlet patterns of the API context without a documented path: " + undocumented
                + "\ndocumented: " + paths);
    }

    @Test
    void theCheckTellsAMissingRouteFromAMissingTask() {
        assertTrue(routeMissing(send("GET", base + "/no-such-route", null)) != null, "a path no servlet serves");
        assertTrue(routeMissing(send("GET", base + "/tasks/a/b/c", null)) != null, "a path under /tasks that is no route");
        assertTrue(routeMissing(send("POST", base + "/tasks/" + MADE_UP_ID + "/explode", null)) != null, "an unknown verb");
        assertTrue(routeMissing(send("PUT", base + "/tasks", null)) != null, "a method the route does not have");
        HttpResponse<String> unknownTask = send("GET", base + "/tasks/" + MADE_UP_ID, null);
        assertEquals(404, unknownTask.statusCode());
        assertEquals(null, routeMissing(unknownTask), "an unknown task is a real route's 404");
    }

    @Test
    void aViewerReadsTheDocumentAndTheMetricsWithAPasswordOrAToken() throws IOException {
        String viewer = "viewer-" + UUID.randomUUID().toString().substring(0, 8);
        String viewerPassword = "a viewer's long passphrase " + UUID.randomUUID();
        HttpResponse<String> created = send("POST", base + "/users",
                JSON.createObjectNode().put("name", viewer).put("role", "viewer").put("password", viewerPassword));
        assertEquals(201, created.statusCode(), created.body());
        assertEquals(200, runtime.get(base + "/openapi.json", viewer, viewerPassword).statusCode());
        assertEquals(200, runtime.get(base + "/metrics", viewer, viewerPassword).statusCode());
        assertEquals(403, runtime.get(base + "/users", viewer, viewerPassword).statusCode(), "the check can refuse a viewer");

        HttpResponse<String> token = send("POST", base + "/tokens",
                JSON.createObjectNode().put("user", viewer).put("description", "Prometheus"));
        assertEquals(201, token.statusCode(), token.body());
        HttpResponse<String> scrape = runtime.send(HttpRequest.newBuilder(runtime.uri(base + "/metrics"))
                .header("Authorization", "Bearer " + JSON.readTree(token.body()).path("token").asText()).GET().build());
        assertEquals(200, scrape.statusCode(), "a Prometheus scrape with a bearer token: " + scrape.body());
        assertTrue(scrape.body().contains("\norrery_scheduler_up 1.0\n"), scrape.body());
    }

    @Test
    void documentAndMetricsNeedCredentialsAndHealthDoesNot() {
        assertEquals(401, runtime.get(base + "/openapi.json", null, null).statusCode());
        assertEquals(401, runtime.get(base + "/metrics", null, null).statusCode());
        assertEquals(200, runtime.get(base + "/health", null, null).statusCode());
        HttpResponse<String> metrics = runtime.get(base + "/metrics", "admin", password);
        assertEquals(200, metrics.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8",
                metrics.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT));
        for (String line : List.of("orrery_scheduler_up 1.0", "orrery_queue_depth ", "orrery_tasks{status=\"running\"} ",
                "orrery_scheduler_paused ", "jvm_memory_used_bytes{area=\"heap\"} ", "jvm_threads_current ",
                "process_uptime_seconds ")) {
            assertTrue(metrics.body().contains("\n" + line), line + " missing from\n" + metrics.body());
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Why an answer shows that no route serves the request, or null when a route answered. */
    static String routeMissing(HttpResponse<String> answer) {
        if (answer.statusCode() == 405) {
            return "405 Method Not Allowed: " + answer.body();
        }
        if (answer.statusCode() != 404) {
            return null;
        }
        if (!"application/problem+json".equals(mediaType(answer))) {
            return "404 from the server, not from a route (" + mediaType(answer) + ")";
        }
        try {
            String detail = JSON.readTree(answer.body()).path("detail").asText();
            if (detail.startsWith("no such route") || detail.startsWith("no such task operation")) {
                return "404 " + detail;
            }
            return null;
        } catch (IOException e) {
            return "404 with a body that is not JSON: " + answer.body();
        }
    }

    static HttpResponse<String> send(String method, String path, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(runtime.uri(path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", RuntimeProcess.basic("admin", password));
        if (body != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return runtime.send(request.build());
    }

    /** The status of a WebSocket upgrade with credentials: 101 when it opened. */
    static int webSocketHandshake(String path) throws InterruptedException {
        try {
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .header("Authorization", RuntimeProcess.basic("admin", password))
                    .buildAsync(URI.create("ws://127.0.0.1:" + runtime.port + path), new WebSocket.Listener() {
                    }).get(10, TimeUnit.SECONDS);
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
            return 101;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException handshake) {
                return handshake.getResponse().statusCode();
            }
            throw new IllegalStateException("WebSocket upgrade to " + path + " failed: " + e.getCause(), e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("WebSocket upgrade to " + path + " did not answer", e);
        }
    }

    /** The path with {id}, {task_id} and {name} filled with made-up values. */
    static String fill(String template) {
        return template.replace("{id}", MADE_UP_ID).replace("{task_id}", MADE_UP_ID).replace("{name}", MADE_UP_NAME).replace("{date}", "2000-01-01")
                .replace("{file}", "no-such-image.fits").replace("{path}", "no/such/file.fits");
    }

    /** The JSON example of an operation's request body, or null. */
    static JsonNode example(JsonNode operation) {
        JsonNode example = resolve(operation.path("requestBody")).path("content").path("application/json").path("example");
        return example.isMissingNode() ? null : example;
    }

    static JsonNode resolve(JsonNode node) {
        return node.has("$ref") ? document.at(node.get("$ref").asText().substring(1)) : node;
    }

    static Set<String> documentedOperations() {
        Set<String> operations = new LinkedHashSet<>();
        document.path("paths").properties().forEach(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (METHODS.contains(method)) {
                operations.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }));
        return operations;
    }

    /** The whiteboard patterns of every servlet service in the API's servlet context, from the Web Console. */
    static Set<String> apiServletPatterns() throws IOException {
        Set<String> patterns = new TreeSet<>();
        JsonNode services = JSON.readTree(runtime.get("/system/console/services.json", "admin", password).body());
        for (JsonNode service : services.path("data")) {
            if (!service.path("types").asText().contains("jakarta.servlet.Servlet")) {
                continue;
            }
            JsonNode detail = JSON.readTree(runtime.get("/system/console/services/" + service.path("id").asText() + ".json",
                    "admin", password).body()).path("data").path(0);
            String select = "";
            List<String> servletPatterns = new ArrayList<>();
            for (JsonNode property : detail.path("props")) {
                String key = property.path("key").asText();
                JsonNode value = property.path("value");
                if (key.equals("osgi.http.whiteboard.context.select")) {
                    select = value.asText();
                } else if (key.equals("osgi.http.whiteboard.servlet.pattern")) {
                    if (value.isArray()) {
                        value.forEach(v -> servletPatterns.add(v.asText()));
                    } else {
                        servletPatterns.add(value.asText());
                    }
                }
            }
            if (select.contains("org.orrery.api")) {
                patterns.addAll(servletPatterns);
            }
        }
        assertFalse(patterns.isEmpty(), "no servlet of the API context found in the Web Console's services");
        return patterns;
    }

    static String mediaType(HttpResponse<String> answer) {
        return answer.headers().firstValue("Content-Type").orElse("").split(";")[0].trim().toLowerCase(Locale.ROOT);
    }

    static Set<String> mediaTypes(JsonNode content) {
        Set<String> types = new TreeSet<>();
        content.fieldNames().forEachRemaining(t -> types.add(t.split(";")[0].trim().toLowerCase(Locale.ROOT)));
        return types;
    }

    static Set<String> names(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
