package org.orrery.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.orrery.e2e.Seed004TasksIT.assertProblem;
import static org.orrery.e2e.Seed004TasksIT.call;
import static org.orrery.e2e.Seed004TasksIT.ok;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Seed 003's complete example through REST on the real runtime with its durable SQLite store:
 * setup → analyze → visualize with dependencies, a resource claim and priorities, each in its
 * {@code module}; {@code wait_for_completion} ({@code POST /tasks/wait}, a long poll); the result
 * objects; a failure's result and {@code can_retry}; and the execution statistics, the same after
 * a restart of the runtime.
 */
class Seed003IT {

    /** Statistics that must read the same after a restart (the store counts them). */
    static final List<String> DURABLE = List.of("total_tasks", "pending", "running", "completed", "failed",
            "average_execution_time", "total_execution_time");

    private static JsonNode get(RuntimeProcess runtime, String path, String admin) throws Exception {
        return ok(call(runtime, "GET", path, null, admin), 200);
    }

    private static Instant at(JsonNode task, String field) {
        return Instant.parse(task.get(field).asText());
    }

    @Test
    void theCompleteExampleWaitsForCompletionAndItsStatisticsSurviveARestart() throws Exception {
        Path home = RuntimeLifecycleIT.WORK.resolve("seed003-" + UUID.randomUUID());
        Path java = Path.of(System.getProperty("java.home"));
        int port = RuntimeProcess.freePort();
        String admin;
        JsonNode before;
        try (RuntimeProcess runtime = RuntimeProcess.start(java, home, port).awaitReady()) {
            admin = RuntimeProcess.basic("admin", runtime.adminPassword());
            // seed 003: orchestrator.create_task(...) three times, a chain
            ok(call(runtime, "POST", "/tasks", """
                    {"id": "setup", "name": "setup", "module": "environment_setup", "action": "system.echo",
                     "parameters": {"check": "environment"}, "priority": "high", "tags": ["seed003"]}""", admin), 201);
            ok(call(runtime, "POST", "/tasks", """
                    {"id": "analyze", "name": "analyze", "module": "static_analysis", "action": "system.wait",
                     "parameters": {"duration": 1.0}, "depends_on": ["setup"], "priority": "normal",
                     "resources": [{"identifier": "system_cpu", "mode": "read"}], "timeout": 300, "tags": ["seed003"]}""",
                    admin), 201);
            ok(call(runtime, "POST", "/tasks", """
                    {"id": "visualize", "name": "visualize", "module": "data_visualization", "action": "system.echo",
                     "parameters": {"data": "placeholder", "title": "Code Quality"}, "depends_on": ["analyze"],
                     "priority": "normal", "tags": ["seed003"]}""", admin), 201);

            // orchestrator.wait_for_completion(timeout=600): answered when the last one has ended
            JsonNode waited = ok(call(runtime, "POST", "/tasks/wait",
                    "{\"ids\": [\"setup\", \"analyze\", \"visualize\"], \"timeout\": 60}", admin), 200);
            assertTrue(waited.get("completed").asBoolean(), waited.toString());
            assertTrue(waited.get("succeeded").asBoolean(), waited.toString());
            assertFalse(waited.get("timed_out").asBoolean());
            for (JsonNode t : waited.get("tasks")) {
                assertEquals("completed", t.get("status").asText(), waited.toString());
            }
            JsonNode byTag = ok(call(runtime, "POST", "/tasks/wait", "{\"tag\": \"seed003\", \"timeout\": 5}", admin), 200);
            assertTrue(byTag.get("completed").asBoolean());
            assertEquals(3, byTag.get("total").asInt());

            // the chain ran in order, with the fields as given
            JsonNode setup = get(runtime, "/tasks/setup", admin);
            JsonNode analyze = get(runtime, "/tasks/analyze", admin);
            JsonNode visualize = get(runtime, "/tasks/visualize", admin);
            assertFalse(at(analyze, "started_at").isBefore(at(setup, "completed_at")), "analyze after setup");
            assertFalse(at(visualize, "started_at").isBefore(at(analyze, "completed_at")), "visualize after analyze");
            assertEquals("high", setup.get("priority").asText());
            assertEquals("static_analysis", analyze.get("module").asText());
            assertEquals("system_cpu", analyze.get("resources").get(0).get("name").asText());
            assertEquals("read", analyze.get("resources").get(0).get("mode").asText());
            assertFalse(analyze.get("can_retry").asBoolean(), "a completed task is not retried");
            assertEquals(0, analyze.get("retry_count").asInt());
            JsonNode modules = get(runtime, "/tasks?module=static_analysis", admin);
            assertEquals(1, modules.size(), modules.toString());
            assertEquals("analyze", modules.get(0).get("id").asText());

            // orchestrator.get_task_result(...)
            JsonNode analysis = get(runtime, "/tasks/analyze/result", admin);
            assertTrue(analysis.get("success").asBoolean(), analysis.toString());
            assertEquals(1.0, analysis.get("data").get("waited_seconds").asDouble());
            assertTrue(analysis.get("execution_time").asDouble() >= 1.0, analysis.toString());
            assertTrue(analysis.get("error_type").isNull());
            assertEquals("static_analysis", analysis.get("metadata").get("module").asText());
            JsonNode chart = get(runtime, "/tasks/visualize/result", admin);
            assertEquals("Code Quality", chart.get("data").get("title").asText(), chart.toString());

            // a failure: its result names the error, and it can be retried
            ok(call(runtime, "POST", "/tasks", """
                    {"id": "broken", "module": "static_analysis", "action": "system.fail",
                     "parameters": {"message": "no ./src here"}}""", admin), 201);
            JsonNode failedWait = ok(call(runtime, "POST", "/tasks/wait", "{\"ids\": [\"broken\"], \"timeout\": 30}", admin),
                    200);
            assertTrue(failedWait.get("completed").asBoolean());
            assertFalse(failedWait.get("succeeded").asBoolean());
            JsonNode broken = get(runtime, "/tasks/broken/result", admin);
            assertFalse(broken.get("success").asBoolean());
            assertEquals("TaskExecutionException", broken.get("error_type").asText(), broken.toString());
            assertTrue(broken.get("error_message").asText().contains("no ./src here"), broken.toString());
            assertTrue(get(runtime, "/tasks/broken", admin).get("can_retry").asBoolean());

            // a task that cannot end in time: the wait answers at its timeout, saying so
            ok(call(runtime, "POST", "/tasks", """
                    {"id": "later", "action": "system.noop", "not_before": "2150-01-01T00:00:00Z"}""", admin), 201);
            JsonNode timedOut = ok(call(runtime, "POST", "/tasks/wait", "{\"ids\": [\"later\", \"setup\"], \"timeout\": 1}",
                    admin), 200);
            assertFalse(timedOut.get("completed").asBoolean());
            assertTrue(timedOut.get("timed_out").asBoolean());
            assertEquals("pending", timedOut.get("tasks").get(0).get("status").asText());
            JsonNode none = get(runtime, "/tasks/later/result", admin);
            assertTrue(none.get("success").isNull());
            assertFalse(none.get("finished").asBoolean());

            // many waits at once on one running task: every one is answered when it ends
            ok(call(runtime, "POST", "/tasks", """
                    {"id": "gate", "action": "system.wait", "parameters": {"duration": 2}}""", admin), 201);
            ExecutorService clients = Executors.newFixedThreadPool(20);
            try {
                List<Future<HttpResponse<String>>> waits = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    waits.add(clients.submit(() -> call(runtime, "POST", "/tasks/wait", "{\"ids\": [\"gate\"], \"timeout\": 9}",
                            admin)));
                }
                for (Future<HttpResponse<String>> w : waits) {
                    JsonNode answer = ok(w.get(), 200);
                    assertTrue(answer.get("completed").asBoolean(), answer.toString());
                    assertEquals("completed", answer.get("tasks").get(0).get("status").asText());
                }
            } finally {
                clients.shutdownNow();
            }

            assertProblem(call(runtime, "POST", "/tasks/wait", "{\"ids\": [\"setup\", \"ghost\"]}", admin), 404, "ghost");
            assertProblem(call(runtime, "POST", "/tasks/wait", "{\"ids\": [\"setup\"], \"timeout\": 9999}", admin), 400,
                    "'timeout'", "9999");

            // orchestrator.get_execution_stats()
            before = get(runtime, "/scheduler/statistics", admin);
            assertEquals(6, before.get("total_tasks").asInt(), before.toString());
            assertEquals(4, before.get("completed").asInt(), before.toString());
            assertEquals(1, before.get("failed").asInt());
            assertEquals(1, before.get("pending").asInt(), "'later', not yet started");
            assertEquals(0, before.get("running").asInt());
            assertTrue(before.get("total_execution_time").asDouble() >= 3.0, before.toString());
            assertEquals(before.get("total_execution_time").asDouble() / 5, before.get("average_execution_time").asDouble(),
                    1e-9, "over the completed and failed tasks");
            assertEquals(0, runtime.stop());
        }
        try (RuntimeProcess runtime = RuntimeProcess.start(java, home, port).awaitReady()) {
            JsonNode after = get(runtime, "/scheduler/statistics", admin);
            for (String key : DURABLE) {
                assertEquals(before.get(key), after.get(key), key + " after the restart: " + after);
            }
            JsonNode analysis = get(runtime, "/tasks/analyze/result", admin);
            assertTrue(analysis.get("success").asBoolean(), "results are kept: " + analysis);
            assertEquals(1, get(runtime, "/tasks?module=static_analysis&status=completed", admin).size());
        }
    }
}
