package org.orrery.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The REST API of the real runtime, with a real HTTP client: seed 001's examples, every task
 * and scheduler route, roles and tokens, the audit log, and a fuzz run of malformed requests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TaskApiIT {

    static final ObjectMapper JSON = new ObjectMapper();
    RuntimeProcess runtime;
    Path home;
    String password;

    @BeforeAll
    void start() throws Exception {
        home = RuntimeLifecycleIT.WORK.resolve("api-" + UUID.randomUUID());
        runtime = RuntimeProcess.start(Path.of(System.getProperty("java.home")), home, RuntimeProcess.freePort()).awaitReady();
        password = runtime.adminPassword();
    }

    @AfterAll
    void stop() throws Exception {
        if (runtime != null) {
            runtime.close();
        }
    }

    HttpResponse<String> call(String method, String path, String body, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(runtime.uri("/api/v1" + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return runtime.send(b.build());
    }

    HttpResponse<String> admin(String method, String path, String body) {
        return call(method, path, body, RuntimeProcess.basic("admin", password));
    }

    JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    JsonNode awaitStatus(String id, String status) throws Exception {
        JsonNode[] last = new JsonNode[1];
        runtime.await("task " + id + " is " + status, Duration.ofSeconds(20), () -> {
            try {
                last[0] = json(admin("GET", "/tasks/" + id, null));
                return status.equals(last[0].path("status").asText());
            } catch (Exception e) {
                return false;
            }
        });
        return last[0];
    }

    @Test
    void seed001CurlExamplesWorkUnderApiV1() throws Exception {
        HttpResponse<String> created = admin("POST", "/tasks", "{\"name\": \"test\", \"action\": \"system.echo\","
                + " \"parameters\": {\"exposure\": 100, \"gain\": 1.5}}");
        assertEquals(201, created.statusCode(), created.body());
        JsonNode task = json(created);
        for (String field : List.of("id", "name", "action", "parameters", "status", "result", "error", "created_at",
                "started_at", "completed_at")) {
            assertTrue(task.has(field), "seed 001 field " + field + " in " + task);
        }
        assertEquals("test", task.get("name").asText());
        assertTrue(List.of("pending", "ready", "running").contains(task.get("status").asText()), task.toString());
        String id = task.get("id").asText();
        JsonNode done = awaitStatus(id, "completed");
        assertEquals(100, done.get("result").get("exposure").asInt());
        assertTrue(done.get("error").isNull());

        JsonNode all = json(admin("GET", "/tasks", null));
        assertTrue(all.isArray() && all.size() >= 1);
        JsonNode completed = json(admin("GET", "/tasks?status=completed", null));
        completed.forEach(t -> assertEquals("completed", t.get("status").asText()));
        assertEquals(id, json(admin("GET", "/tasks/" + id, null)).get("id").asText());

        JsonNode waiting = json(admin("POST", "/tasks", "{\"name\": \"long\", \"action\": \"system.wait\","
                + " \"parameters\": {\"duration\": 60}}"));
        awaitStatus(waiting.get("id").asText(), "running");
        HttpResponse<String> cancelled = admin("DELETE", "/tasks/" + waiting.get("id").asText(), null);
        assertEquals(200, cancelled.statusCode(), cancelled.body());
        awaitStatus(waiting.get("id").asText(), "cancelled");
    }

    @Test
    void batchDependenciesPlanRetryPauseAndResume() throws Exception {
        HttpResponse<String> batch = admin("POST", "/tasks/batch", "{\"tasks\": ["
                + "{\"id\": \"b-expose\", \"action\": \"system.fail\", \"parameters\": {\"message\": \"shutter\", \"retryable\": false}},"
                + "{\"id\": \"b-process\", \"action\": \"system.noop\", \"depends_on\": [\"b-expose\"]},"
                + "{\"id\": \"b-park\", \"action\": \"system.noop\", \"depends_on\": [\"b-expose\"], \"run_always\": true}]}");
        assertEquals(201, batch.statusCode(), batch.body());
        assertEquals("shutter", awaitStatus("b-expose", "failed").get("error").asText());
        assertTrue(awaitStatus("b-process", "cancelled").get("error").asText().contains("b-expose"));
        awaitStatus("b-park", "completed");

        JsonNode plan = json(admin("POST", "/scheduler/plan", "{\"task_ids\": [\"b-process\"]}"));
        assertEquals("[[\"b-expose\"],[\"b-process\"]]", plan.get("waves").toString());

        HttpResponse<String> conflict = admin("POST", "/tasks/b-park/retry", null);
        assertEquals(409, conflict.statusCode(), "a completed task cannot be retried: " + conflict.body());
        assertEquals(200, admin("POST", "/tasks/b-expose/retry", null).statusCode());
        awaitStatus("b-expose", "failed");

        JsonNode later = json(admin("POST", "/tasks", "{\"action\": \"system.noop\", \"not_before\": \"2099-01-01T00:00:00Z\"}"));
        String id = later.get("id").asText();
        assertEquals("paused", json(admin("POST", "/tasks/" + id + "/pause", null)).get("status").asText());
        assertEquals("pending", json(admin("POST", "/tasks/" + id + "/resume", null)).get("status").asText());

        assertTrue(json(admin("POST", "/scheduler/pause", null)).get("paused").asBoolean());
        JsonNode held = json(admin("POST", "/tasks", "{\"action\": \"system.noop\"}"));
        Thread.sleep(200);
        assertEquals("ready", json(admin("GET", "/tasks/" + held.get("id").asText(), null)).get("status").asText());
        assertFalse(json(admin("POST", "/scheduler/resume", null)).get("paused").asBoolean());
        awaitStatus(held.get("id").asText(), "completed");
        assertEquals(400, admin("POST", "/scheduler/pause?mode=later", null).statusCode());

        JsonNode stats = json(admin("GET", "/scheduler/statistics", null));
        assertTrue(stats.get("completed").asLong() >= 2, stats.toString());
        assertTrue(stats.has("tasks_per_minute") && stats.has("average_execution_time") && stats.has("agent_metrics"));
        JsonNode actions = json(admin("GET", "/actions", null));
        assertTrue(actions.toString().contains("\"name\":\"system.wait\""), actions.toString());
        assertEquals("object", json(admin("GET", "/actions/system.wait", null)).get("parameter_schema").get("type").asText());
    }

    @Test
    void rolesTokensAndTheAuditLog() throws Exception {
        assertEquals(401, call("GET", "/tasks", null, null).statusCode());
        assertEquals(401, call("GET", "/tasks", null, RuntimeProcess.basic("admin", "admin")).statusCode());
        assertEquals(201, admin("POST", "/users", "{\"name\": \"night\", \"role\": \"viewer\", \"password\": \"stars-and-moon\"}")
                .statusCode());
        String viewer = RuntimeProcess.basic("night", "stars-and-moon");
        assertEquals(200, call("GET", "/tasks", null, viewer).statusCode());
        assertEquals(403, call("POST", "/tasks", "{\"action\": \"system.noop\"}", viewer).statusCode());
        assertEquals(403, call("GET", "/users", null, viewer).statusCode());

        JsonNode token = json(admin("POST", "/tokens", "{\"role\": \"operator\", \"description\": \"scripts\"}"));
        String bearer = "Bearer " + token.get("token").asText();
        assertEquals(201, call("POST", "/tasks", "{\"action\": \"system.noop\"}", bearer).statusCode());
        assertEquals(403, call("GET", "/tokens", null, bearer).statusCode(), "an operator token cannot manage tokens");
        assertFalse(admin("GET", "/tokens", null).body().contains(token.get("token").asText()), "the secret is not listed");
        assertEquals(204, admin("DELETE", "/tokens/" + token.get("id").asText(), null).statusCode());
        assertEquals(401, call("GET", "/tasks", null, bearer).statusCode(), "a revoked token is refused");

        String audit = Files.readString(home.resolve("logs/audit.log"));
        assertTrue(audit.contains("user=admin role=admin POST /api/v1/users status=201"), audit);
        assertTrue(audit.contains("user=night role=viewer POST /api/v1/tasks status=403"), audit);
        assertTrue(audit.contains("user=admin role=operator POST /api/v1/tasks status=201"), audit);
    }

    @Test
    void badInputGetsA4xxThatSaysWhatIsWrong() throws Exception {
        Map<String, String> cases = Map.of(
                "{\"action\": \"no.such.action\"}", "'no.such.action'",
                "{\"action\": \"system.wait\", \"parameters\": {\"duration\": \"ten\"}}", "duration",
                "{\"action\": \"system.noop\", \"priority\": \"asap\"}", "priority",
                "{\"action\": \"system.noop\", \"timeout\": -1}", "timeout",
                "{\"action\": \"system.noop\", \"depends_on\": [\"ghost\"]}", "'ghost'",
                "{\"action\": \"system.noop\", \"colour\": \"red\"}", "unknown field 'colour'",
                "{\"name\": \"no action\"}", "'action' is required",
                "[1, 2", "not valid JSON");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpResponse<String> r = admin("POST", "/tasks", c.getKey());
            assertEquals(400, r.statusCode(), c.getKey() + " -> " + r.body());
            assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse("").split(";")[0]);
            assertTrue(json(r).get("detail").asText().contains(c.getValue()), c.getKey() + " -> " + r.body());
        }
        assertEquals(404, admin("GET", "/tasks/" + UUID.randomUUID(), null).statusCode());
        assertEquals(400, admin("GET", "/tasks?status=finished", null).statusCode());
        assertEquals(400, admin("GET", "/tasks?limit=0", null).statusCode());
        assertEquals(413, admin("POST", "/tasks", "{\"action\": \"system.noop\", \"name\": \"" + "x".repeat(1_100_000) + "\"}")
                .statusCode());
        assertEquals(400, admin("POST", "/tasks", "[".repeat(5000) + "]".repeat(5000)).statusCode());
    }

    @Test
    void thousandsOfMalformedRequestsNeverCauseA5xxNorChangeAnything() throws Exception {
        long before = json(admin("GET", "/scheduler/statistics", null)).get("total_tasks").asLong();
        Random random = new Random(42);
        List<String> fields = List.of("id", "name", "action", "parameters", "priority", "depends_on", "timeout", "max_retries",
                "retry_delay", "backoff", "jitter", "resources", "tags", "metadata", "not_before", "deadline", "run_always",
                "wait_for_action", "bogus");
        List<String> values = List.of("null", "true", "-1", "1e999", "\"\"", "\"x\"", "[]", "{}", "[null]", "[{}]",
                "{\"a\": [1, {\"b\": null}]}", "\"2099-13-45T99:00:00Z\"", "12345678901234567890", "0.5", "\"\\u0000\"");
        List<String> paths = List.of("/tasks", "/tasks/batch", "/tasks/x/retry", "/tasks/x/nope", "/scheduler/plan",
                "/scheduler/pause", "/users", "/tokens", "/tasks/%20", "/actions/x");
        int requests = 0;
        String previous = "nothing";
        for (int i = 0; i < 2500; i++) {
            String body;
            switch (random.nextInt(5)) {
                case 0 -> { // random bytes
                    byte[] bytes = new byte[random.nextInt(200)];
                    random.nextBytes(bytes);
                    body = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
                }
                case 1 -> { // a task with wrong types, always invalid: action missing or not a known one
                    StringBuilder b = new StringBuilder("{");
                    int n = 1 + random.nextInt(4);
                    for (int k = 0; k < n; k++) {
                        String field = fields.get(random.nextInt(fields.size()));
                        if (field.equals("action")) {
                            field = "bogus";
                        }
                        b.append(k == 0 ? "" : ",").append('"').append(field).append("\":").append(values.get(random.nextInt(values.size())));
                    }
                    body = b.append("}").toString();
                }
                case 2 -> { // truncated valid JSON
                    String valid = "{\"action\": \"system.noop\", \"parameters\": {\"a\": [1, 2, {\"b\": \"c\"}]}}";
                    body = valid.substring(0, random.nextInt(valid.length() - 1));
                }
                case 3 -> body = "[".repeat(1 + random.nextInt(3000)); // deep nesting, unterminated
                default -> body = "{\"action\": " + values.get(random.nextInt(values.size())) + "}";
            }
            String path = paths.get(random.nextInt(paths.size()));
            String method = random.nextInt(10) == 0 ? "PUT" : "POST";
            HttpResponse<String> r;
            try {
                r = admin(method, path, body);
            } catch (IllegalStateException e) {
                throw new AssertionError("no answer to " + method + " " + path + " " + body.substring(0, Math.min(80, body.length()))
                        + " after " + previous, e);
            }
            previous = method + " " + path + " (" + body.length() + " chars) " + body.substring(0, Math.min(80, body.length()))
                    + " -> " + r.statusCode();
            requests++;
            assertTrue(r.statusCode() < 500, "5xx for " + path + " " + body.substring(0, Math.min(body.length(), 200))
                    + " -> " + r.statusCode() + " " + r.body());
        }
        for (int i = 0; i < 300; i++) {
            String query = "status=" + values.get(random.nextInt(values.size())) + "&limit=" + random.nextInt(5000)
                    + "&cursor=" + UUID.randomUUID() + "&created_after=" + random.nextInt();
            HttpResponse<String> r = admin("GET", "/tasks?" + query.replace("\"", "%22").replace(" ", "%20")
                    .replace("{", "%7B").replace("}", "%7D").replace("[", "%5B").replace("]", "%5D").replace("\\", "%5C"), null);
            requests++;
            assertTrue(r.statusCode() < 500, query + " -> " + r.statusCode() + " " + r.body());
        }
        long after = json(admin("GET", "/scheduler/statistics", null)).get("total_tasks").asLong();
        assertEquals(before, after, "no malformed request created a task (" + requests + " requests)");
        assertNotNull(runtime.console());
        assertFalse(runtime.console().contains("Exception in") || runtime.logFile().contains("ERROR"),
                "no error in the log:\n" + runtime.logFile());
    }
}
