package org.orrery.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Seed 004's task API over real HTTP on the real runtime: the new task fields, {@code created_by}
 * from the credential (never from the body), {@code assigned_to}, PATCH, purge, executions, the
 * dependency graph, the report, system metrics and queue statistics, and their refusals.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Seed004TasksIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String FAR = "2150-01-01T00:00:00Z";
    RuntimeProcess runtime;
    String admin;
    String alice;
    String viewer;

    @BeforeAll
    void start() throws Exception {
        Path home = RuntimeLifecycleIT.WORK.resolve("seed004-" + UUID.randomUUID());
        runtime = RuntimeProcess.start(Path.of(System.getProperty("java.home")), home, RuntimeProcess.freePort()).awaitReady();
        admin = RuntimeProcess.basic("admin", runtime.adminPassword());
        assertEquals(201, call("POST", "/users", "{\"name\": \"alice\", \"role\": \"operator\", \"password\": \"alice-s3cret-pw\"}",
                admin).statusCode());
        assertEquals(201, call("POST", "/users", "{\"name\": \"vera\", \"role\": \"viewer\", \"password\": \"vera-s3cret-pw\"}",
                admin).statusCode());
        alice = RuntimeProcess.basic("alice", "alice-s3cret-pw");
        viewer = RuntimeProcess.basic("vera", "vera-s3cret-pw");
    }

    @AfterAll
    void stop() throws Exception {
        if (runtime != null) {
            runtime.close();
        }
    }

    static HttpResponse<String> call(RuntimeProcess runtime, String method, String path, String body, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(runtime.uri("/api/v1" + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", authorization)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return runtime.send(b.build());
    }

    HttpResponse<String> call(String method, String path, String body, String authorization) {
        return call(runtime, method, path, body, authorization);
    }

    static JsonNode ok(HttpResponse<String> r, int status) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    /** Asserts a problem of {@code status} whose detail holds every one of {@code words}. */
    static void assertProblem(HttpResponse<String> r, int status, String... words) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse("").split(";")[0], r.body());
        String detail = JSON.readTree(r.body()).path("detail").asText();
        for (String word : words) {
            assertTrue(detail.contains(word), "'" + word + "' in " + detail);
        }
    }

    static String status(RuntimeProcess runtime, String id, String authorization) {
        try {
            return JSON.readTree(call(runtime, "GET", "/tasks/" + id, null, authorization).body()).path("status").asText();
        } catch (Exception e) {
            return "unreadable: " + e;
        }
    }

    void awaitStatus(String id, String wanted) {
        runtime.await(id + " is " + wanted, Duration.ofSeconds(30), () -> status(runtime, id, admin).equals(wanted));
    }

    @Test
    void seed004FieldsComeBackAndCreatedByIsTheCredentialsUser() throws Exception {
        JsonNode task = ok(call("POST", "/tasks", """
                {"id": "fields-1", "action": "system.echo", "task_type": "system.echo", "description": "for the log",
                 "execution_context": {"branch": "main"}, "resource_requirements": {"cpu_cores": 0.1}}""", alice), 201);
        assertEquals("alice", task.get("created_by").asText());
        assertEquals("system.echo", task.get("task_type").asText());
        assertEquals("for the log", task.get("description").asText());
        assertEquals("main", task.get("execution_context").get("branch").asText());
        assertEquals(0.1, task.get("resource_requirements").get("cpu_cores").asDouble());
        assertEquals(0.0, task.get("resource_requirements").get("gpu_memory_gb").asDouble());
        assertEquals(task.get("created_by"), ok(call("GET", "/tasks/fields-1", null, viewer), 200).get("created_by"));
        JsonNode typed = ok(call("POST", "/tasks", "{\"id\": \"typed-1\", \"task_type\": \"code_review\", \"not_before\": \""
                + FAR + "\"}", admin), 201);
        assertEquals("code_review", typed.get("action").asText());
        assertEquals("code_review", typed.get("capability").asText(), "seed 004 routes by task type");
        assertEquals("admin", typed.get("created_by").asText());
        ok(call("POST", "/tasks", "{\"id\": \"same-1\", \"action\": \"system.noop\", \"created_by\": \"alice\"}", alice), 201);
    }

    @Test
    void createdByCannotBeForgedAndOtherBadFieldsAreRefused() throws Exception {
        assertProblem(call("POST", "/tasks", "{\"id\": \"forged-1\", \"action\": \"system.echo\", \"created_by\": \"admin\"}",
                alice), 400, "'created_by': set from your credential, 'alice'; cannot be 'admin'");
        assertProblem(call("POST", "/tasks/batch", "[{\"id\": \"forged-2\", \"action\": \"system.echo\"}, {\"id\": \"forged-3\","
                + " \"action\": \"system.echo\", \"created_by\": \"bob\"}]", alice), 400, "'tasks[1].created_by'", "'bob'");
        assertProblem(call("POST", "/tasks", "{\"id\": \"forged-4\", \"action\": \"system.echo\", \"task_type\": \"system.noop\"}",
                alice), 400, "'task_type' is another name for 'action'");
        assertProblem(call("POST", "/tasks", "{\"id\": \"forged-5\", \"action\": \"system.echo\","
                + " \"resource_requirements\": {\"memory_gb\": -2}}", alice), 400, "'resource_requirements.memory_gb'", "-2");
        assertProblem(call("POST", "/tasks", "{\"id\": \"forged-6\", \"action\": \"system.echo\","
                + " \"resource_requirements\": {\"cores\": 2}}", alice), 400, "'resource_requirements.cores'");
        assertProblem(call("POST", "/tasks", "{\"id\": \"graph\", \"action\": \"system.echo\"}", alice), 400, "'id' cannot be 'graph'");
        for (int i = 1; i <= 6; i++) {
            assertEquals(404, call("GET", "/tasks/forged-" + i, null, admin).statusCode(), "nothing stored");
        }
    }

    @Test
    void assignedToFindsWhoRanIt() throws Exception {
        ok(call("POST", "/tasks", "{\"id\": \"ran-1\", \"action\": \"system.echo\"}", alice), 201);
        awaitStatus("ran-1", "completed");
        String who = ok(call("GET", "/tasks/ran-1", null, viewer), 200).get("assigned_to").asText();
        Set<String> found = new TreeSet<>(ok(call("GET", "/tasks?assigned_to=" + who + "&limit=1000", null, viewer), 200)
                .findValuesAsText("id"));
        assertTrue(found.contains("ran-1"), who + ": " + found);
        assertEquals(0, ok(call("GET", "/tasks?assigned_to=nobody-" + UUID.randomUUID(), null, viewer), 200).size());
    }

    @Test
    void patchChangesAWaitingTaskOnly() throws Exception {
        ok(call("POST", "/tasks", "{\"id\": \"later-1\", \"action\": \"system.echo\", \"not_before\": \"" + FAR + "\"}", alice), 201);
        assertProblem(call("PATCH", "/tasks/later-1", "{\"action\": \"system.noop\"}", alice), 400, "unknown field 'action'");
        assertProblem(call("PATCH", "/tasks/later-1", "{}", alice), 400, "changes nothing");
        assertProblem(call("PATCH", "/tasks/later-1", "{\"priority\": \"soon\"}", alice), 400, "'priority'");
        assertProblem(call("PATCH", "/tasks/later-1", "{\"name\": \"x\"}", viewer), 403, "operator");
        assertProblem(call("PATCH", "/tasks/no-such-task", "{\"name\": \"x\"}", alice), 404, "no-such-task");
        JsonNode changed = ok(call("PATCH", "/tasks/later-1", "{\"name\": \"renamed\", \"description\": \"why\","
                + " \"priority\": \"high\", \"metadata\": {\"k\": 1}, \"tags\": [\"t1\", \"t2\"]}", alice), 200);
        assertEquals("renamed", changed.get("name").asText());
        assertEquals("why", changed.get("description").asText());
        assertEquals("high", changed.get("priority").asText());
        assertEquals("[\"t1\",\"t2\"]", changed.get("tags").toString());
        assertEquals(changed, ok(call("GET", "/tasks/later-1", null, viewer), 200));
        ok(call("POST", "/tasks", "{\"id\": \"busy-1\", \"action\": \"system.wait\", \"parameters\": {\"duration\": 120}}", alice), 201);
        awaitStatus("busy-1", "running");
        assertProblem(call("PATCH", "/tasks/busy-1", "{\"name\": \"x\"}", alice), 409, "running");
        ok(call("DELETE", "/tasks/busy-1", null, alice), 200);
    }

    @Test
    void purgeRemovesAFinishedTaskAndAPlainDeleteCancels() throws Exception {
        ok(call("POST", "/tasks", "{\"id\": \"gone-1\", \"action\": \"system.echo\"}", alice), 201);
        awaitStatus("gone-1", "completed");
        assertProblem(call("DELETE", "/tasks/gone-1?purge=true", null, viewer), 403, "operator");
        assertProblem(call("DELETE", "/tasks/gone-1?purge=soon", null, alice), 400, "'purge'");
        HttpResponse<String> purged = call("DELETE", "/tasks/gone-1?purge=true", null, alice);
        assertEquals(204, purged.statusCode(), purged.body());
        assertEquals(404, call("GET", "/tasks/gone-1", null, admin).statusCode());
        assertEquals(404, call("GET", "/tasks/gone-1/executions", null, admin).statusCode());
        ok(call("POST", "/tasks", "{\"id\": \"wait-1\", \"action\": \"system.echo\", \"not_before\": \"" + FAR + "\"}", alice), 201);
        assertProblem(call("DELETE", "/tasks/wait-1?purge=true", null, alice), 409, "pending", "cancel it first");
        assertEquals("cancelled", ok(call("DELETE", "/tasks/wait-1", null, alice), 200).get("status").asText());
        assertEquals(204, call("DELETE", "/tasks/wait-1?purge=true", null, alice).statusCode());
        assertProblem(call("DELETE", "/tasks/wait-1?purge=true", null, alice), 404, "wait-1");
    }

    @Test
    void executionsShowEachAttempt() throws Exception {
        ok(call("POST", "/tasks", "{\"id\": \"exec-1\", \"action\": \"system.echo\", \"parameters\": {\"n\": 1}}", alice), 201);
        awaitStatus("exec-1", "completed");
        JsonNode executions = ok(call("GET", "/tasks/exec-1/executions", null, viewer), 200);
        assertEquals(1, executions.size(), executions.toString());
        JsonNode first = executions.get(0);
        assertEquals("exec-1/1", first.get("id").asText());
        assertEquals(1, first.get("attempt").asInt());
        assertEquals("completed", first.get("status").asText());
        assertEquals(ok(call("GET", "/tasks/exec-1", null, viewer), 200).get("assigned_to").asText(),
                first.get("executor_id").asText());
        assertTrue(first.get("ended_at").isTextual() && first.get("duration").isNumber(), first.toString());
        assertTrue(first.get("resource_usage").has("cpu_seconds"), first.toString());
        assertProblem(call("GET", "/tasks/no-such-task/executions", null, viewer), 404, "no-such-task");
        assertProblem(call("GET", "/tasks/exec-1/executions?limit=2", null, viewer), 400, "'limit'");
    }

    @Test
    void theDependencyGraph() throws Exception {
        String tag = "g-" + UUID.randomUUID().toString().substring(0, 8);
        ok(call("POST", "/tasks/batch", "[{\"id\": \"ga\", \"action\": \"system.echo\", \"not_before\": \"" + FAR + "\", \"tags\": [\""
                + tag + "\"]}, {\"id\": \"gb\", \"action\": \"system.echo\", \"depends_on\": [\"ga\"], \"tags\": [\"" + tag + "\"]},"
                + " {\"id\": \"gc\", \"action\": \"system.echo\", \"depends_on\": [\"gb\"]}]", alice), 201);
        JsonNode named = ok(call("GET", "/tasks/graph?ids=gc", null, viewer), 200);
        assertEquals(Set.of("ga", "gb", "gc"), new TreeSet<>(named.get("nodes").findValuesAsText("id")));
        Set<String> edges = new TreeSet<>();
        named.get("edges").forEach(e -> edges.add(e.get("from").asText() + "->" + e.get("to").asText()));
        assertEquals(Set.of("ga->gb", "gb->gc"), edges);
        assertEquals(false, named.get("truncated").asBoolean());
        JsonNode tagged = ok(call("GET", "/tasks/graph?tag=" + tag, null, viewer), 200);
        assertEquals(Set.of("ga", "gb"), new TreeSet<>(tagged.get("nodes").findValuesAsText("id")));
        JsonNode unfinished = ok(call("GET", "/tasks/graph", null, viewer), 200);
        assertTrue(unfinished.get("nodes").findValuesAsText("id").containsAll(Set.of("ga", "gb", "gc")), unfinished.toString());
        assertProblem(call("GET", "/tasks/graph?ids=no-such-task", null, viewer), 404, "no-such-task");
        assertProblem(call("GET", "/tasks/graph?ids=ga&tag=" + tag, null, viewer), 400, "'tag' and 'ids'");
        assertProblem(call("GET", "/tasks/graph?depth=2", null, viewer), 400, "'depth'");
        ok(call("DELETE", "/tasks/ga", null, alice), 200);
    }

    @Test
    void reportMetricsAndQueueUnderSeed004sNames() throws Exception {
        ok(call("POST", "/tasks", "{\"id\": \"rep-1\", \"action\": \"system.echo\"}", alice), 201);
        awaitStatus("rep-1", "completed");
        JsonNode report = ok(call("GET", "/scheduler/report", null, viewer), 200);
        assertTrue(report.get("report_timestamp").isTextual(), report.toString());
        assertTrue(report.get("agent_metrics").isObject(), report.toString());
        assertTrue(report.get("resource_metrics").get("requirements_in_use").has("cpu_cores"), report.toString());
        assertTrue(report.get("slowest_tasks").findValuesAsText("id").contains("rep-1") || report.get("slowest_tasks").size() == 10,
                report.toString());
        assertTrue(report.get("statistics").get("total_tasks").asLong() >= 1, report.toString());
        JsonNode metrics = ok(call("GET", "/scheduler/metrics", null, viewer), 200);
        for (String field : new String[] { "concurrent_tasks", "tasks_per_minute", "average_duration_seconds" }) {
            assertTrue(metrics.get(field).isNumber(), field + " in " + metrics);
        }
        JsonNode queue = ok(call("GET", "/scheduler/queue", null, viewer), 200);
        for (String field : new String[] { "pending_tasks", "running_tasks", "completed_tasks" }) {
            assertTrue(queue.get(field).isIntegralNumber(), field + " in " + queue);
        }
        assertTrue(queue.get("completed_tasks").asLong() >= 1, queue.toString());
        assertEquals(401, call("GET", "/scheduler/report", null, "Basic eDp5").statusCode());
    }

    @Test
    void executionsAndSeed004FieldsSurviveARestart() throws Exception {
        Path home = RuntimeLifecycleIT.WORK.resolve("seed004-restart-" + UUID.randomUUID());
        Path java = Path.of(System.getProperty("java.home"));
        int port = RuntimeProcess.freePort();
        String password;
        JsonNode executions;
        JsonNode task;
        try (RuntimeProcess first = RuntimeProcess.start(java, home, port).awaitReady()) {
            password = first.adminPassword();
            String auth = RuntimeProcess.basic("admin", password);
            ok(call(first, "POST", "/tasks", "{\"id\": \"kept-1\", \"action\": \"system.echo\", \"description\": \"kept\","
                    + " \"execution_context\": {\"env\": \"lab\"}, \"resource_requirements\": {\"memory_gb\": 0.5}}", auth), 201);
            first.await("kept-1 completes", Duration.ofSeconds(30), () -> status(first, "kept-1", auth).equals("completed"));
            executions = ok(call(first, "GET", "/tasks/kept-1/executions", null, auth), 200);
            task = ok(call(first, "GET", "/tasks/kept-1", null, auth), 200);
            assertEquals(1, executions.size(), executions.toString());
            assertEquals(0, first.stop());
        }
        try (RuntimeProcess second = RuntimeProcess.start(java, home, port).awaitReady()) {
            String auth = RuntimeProcess.basic("admin", password);
            assertEquals(executions, ok(call(second, "GET", "/tasks/kept-1/executions", null, auth), 200));
            JsonNode again = ok(call(second, "GET", "/tasks/kept-1", null, auth), 200);
            for (String field : new String[] { "created_by", "description", "execution_context", "resource_requirements" }) {
                assertEquals(task.get(field), again.get(field), field);
            }
        }
    }
}
