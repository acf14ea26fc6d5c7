package org.orrery.web.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.orrery.web.api.internal.SequenceCalls.json;
import static org.orrery.web.api.internal.SequencesServletTest.assertProblem;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.orrery.security.Role;
import org.orrery.task.Priority;
import org.orrery.task.TaskError;
import org.orrery.task.TaskExecution;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskSpec;
import org.orrery.task.TaskStatus;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Seed 004's task routes on a scheduler in memory: the new task fields in and out,
 * {@code created_by} from the credential, {@code assigned_to}, PATCH, purge, executions.
 */
class TaskSeed004RoutesTest {

    final FakeScheduler scheduler = new FakeScheduler();
    final TasksServlet servlet = new TasksServlet(scheduler);

    SequenceCalls call(String method, String path) {
        return SequenceCalls.call(servlet, method, path);
    }

    FakeHttp submit(String body) throws Exception {
        return call("POST", "/tasks").body("application/json", body).send();
    }

    @Test
    void seed004FieldsGoInAndComeOut() throws Exception {
        FakeHttp http = submit("""
                {"id": "r1", "task_type": "code_review", "description": "review PR 12",
                 "execution_context": {"repository": "https://example.org/r.git", "depth": 1},
                 "resource_requirements": {"cpu_cores": 0.5, "memory_gb": 2}}""");
        assertEquals(201, http.status, http.body());
        TaskSpec spec = scheduler.tasks.get("r1").spec();
        assertEquals("code_review", spec.action());
        assertEquals("code_review", spec.capability(), "a task_type without action routes by its type");
        assertEquals("test", spec.createdBy(), "the authenticated user");
        assertEquals("review PR 12", spec.description());
        assertEquals(Map.of("repository", "https://example.org/r.git", "depth", 1), spec.executionContext());
        assertEquals(0.5, spec.resourceRequirements().cpuCores());
        assertEquals(2, spec.resourceRequirements().memoryGb());
        JsonNode out = json(http);
        assertEquals("code_review", out.get("task_type").asText());
        assertEquals("code_review", out.get("action").asText());
        assertEquals("code_review", out.get("capability").asText());
        assertEquals("test", out.get("created_by").asText());
        assertEquals("review PR 12", out.get("description").asText());
        assertEquals(1, out.get("execution_context").get("depth").asInt());
        assertEquals("{\"cpu_cores\":0.5,\"memory_gb\":2.0,\"disk_gb\":0.0,\"gpu_memory_gb\":0.0}",
                out.get("resource_requirements").toString());
        assertFalse(out.get("metadata").has("description"), "the description is a field of its own now");

        TaskSpec plain = TaskApiJsonTest.spec("{\"action\": \"system.echo\", \"task_type\": \"system.echo\"}");
        assertNull(plain.capability(), "an action (even with the same task_type) runs as an installed action");
        assertTrue(json(submit("{\"id\": \"p1\", \"action\": \"system.echo\"}")).get("resource_requirements").isNull());
    }

    @Test
    void taskTypeAndActionThatDifferAreRefused() throws Exception {
        assertProblem(submit("{\"action\": \"a\", \"task_type\": \"b\"}"), 400, "'task_type' is another name for 'action'",
                "action 'a'", "task_type 'b'");
        assertProblem(submit("{\"description\": \"nothing to do\"}"), 400, "'action' is required (or its other name 'task_type')");
        assertProblem(submit("{\"task_type\": \"\"}"), 400, "'task_type' must not be empty");
        assertTrue(scheduler.tasks.isEmpty());
    }

    @Test
    void createdByCannotBeForged() throws Exception {
        assertProblem(submit("{\"action\": \"a\", \"created_by\": \"bob\"}"), 400,
                "'created_by': set from your credential, 'test'; cannot be 'bob'");
        assertProblem(submit("{\"action\": \"a\", \"created_by\": 7}"), 400, "'created_by'", "the number 7");
        FakeHttp batch = call("POST", "/tasks/batch").body("application/json",
                "[{\"action\": \"a\"}, {\"action\": \"a\", \"created_by\": \"admin\"}]").send();
        assertProblem(batch, 400, "'tasks[1].created_by': set from your credential, 'test'; cannot be 'admin'");
        assertTrue(scheduler.tasks.isEmpty(), "nothing accepted");
        FakeHttp same = submit("{\"id\": \"s\", \"action\": \"a\", \"created_by\": \"test\"}");
        assertEquals(201, same.status, same.body());
        FakeHttp both = call("POST", "/tasks/batch").body("application/json", "[{\"action\": \"a\"}, {\"action\": \"b\"}]").send();
        for (JsonNode t : json(both)) {
            assertEquals("test", t.get("created_by").asText());
        }
    }

    @Test
    void badResourceRequirementsAreRefusedNamingTheField() throws Exception {
        assertProblem(submit("{\"action\": \"a\", \"resource_requirements\": {\"cpu_cores\": -1}}"), 400,
                "'resource_requirements.cpu_cores' must be a number of at least 0, found the number -1");
        assertProblem(submit("{\"action\": \"a\", \"resource_requirements\": {\"gpu_memory_gb\": \"8\"}}"), 400,
                "'resource_requirements.gpu_memory_gb'", "the string \"8\"");
        assertProblem(submit("{\"action\": \"a\", \"resource_requirements\": {\"gpus\": 1}}"), 400,
                "unknown field 'resource_requirements.gpus'", "cpu_cores, memory_gb, disk_gb, gpu_memory_gb");
        assertProblem(submit("{\"action\": \"a\", \"resource_requirements\": [1]}"), 400,
                "'resource_requirements' must be an object");
        assertProblem(submit("{\"action\": \"a\", \"execution_context\": \"prod\"}"), 400,
                "'execution_context' must be a JSON object");
        assertProblem(submit("{\"action\": \"a\", \"id\": \"graph\"}"), 400, "'id' cannot be 'graph'");
        assertTrue(scheduler.tasks.isEmpty());
    }

    @Test
    void assignedToFiltersTheList() throws Exception {
        scheduler.tasks.put("g1", TaskRecord.builder(TaskSpec.builder("x").id("g1").build()).status(TaskStatus.RUNNING)
                .createdAt(FakeScheduler.T0).assignedTo("gpu-1").build());
        scheduler.put(TaskSpec.builder("x").id("other").build(), TaskStatus.READY, 1);
        FakeHttp http = call("GET", "/tasks").query("assigned_to", "gpu-1").send();
        assertEquals(200, http.status, http.body());
        assertEquals(1, json(http).size());
        assertEquals("g1", json(http).get(0).get("id").asText());
    }

    @Test
    void patchChangesATaskThatHasNotStarted() throws Exception {
        scheduler.put(TaskSpec.builder("system.echo").id("w").name("old").build(), TaskStatus.PENDING, 0);
        FakeHttp http = call("PATCH", "/tasks/w").body("application/json", """
                {"name": "new", "description": "why", "priority": "high", "metadata": {"k": 1}, "tags": ["a", "b"]}""")
                .send();
        assertEquals(200, http.status, http.body());
        assertEquals(Priority.HIGH, scheduler.lastUpdate.priority());
        assertEquals(Set.of("a", "b"), scheduler.lastUpdate.tags());
        assertEquals(Map.of("k", 1), scheduler.lastUpdate.metadata());
        JsonNode out = json(http);
        assertEquals("new", out.get("name").asText());
        assertEquals("why", out.get("description").asText());
        assertEquals("high", out.get("priority").asText());
        FakeHttp one = call("PATCH", "/tasks/w").body("application/json", "{\"priority\": 5, \"name\": null}").send();
        assertEquals(200, one.status, one.body());
        assertNull(scheduler.lastUpdate.name(), "null leaves the name as it is");
    }

    @Test
    void patchRefusals() throws Exception {
        scheduler.put(TaskSpec.builder("system.echo").id("w").build(), TaskStatus.READY, 0);
        scheduler.put(TaskSpec.builder("system.echo").id("r").build(), TaskStatus.RUNNING, 1);
        assertProblem(call("PATCH", "/tasks/w").body("application/json", "{\"action\": \"other\"}").send(), 400,
                "unknown field 'action'", "description", "tags");
        assertProblem(call("PATCH", "/tasks/w").body("application/json", "{}").send(), 400, "the update changes nothing");
        assertProblem(call("PATCH", "/tasks/w").body("application/json", "{\"priority\": 9}").send(), 400, "'priority'");
        assertProblem(call("PATCH", "/tasks/w").body("application/json", "{\"tags\": \"a\"}").send(), 400, "'tags'");
        assertProblem(call("PATCH", "/tasks/w").body("application/json", "{\"name\": \" \"}").send(), 400, "'name'");
        assertProblem(call("PATCH", "/tasks/w").body("application/json", "[]").send(), 400, "a JSON object");
        assertNull(scheduler.lastUpdate, "nothing reached the scheduler");
        assertProblem(call("PATCH", "/tasks/r").body("application/json", "{\"name\": \"n\"}").send(), 409, "is running");
        assertProblem(call("PATCH", "/tasks/nope").body("application/json", "{\"name\": \"n\"}").send(), 404, "nope");
        assertProblem(call("PATCH", "/tasks/w").as(Role.VIEWER).body("application/json", "{\"name\": \"n\"}").send(), 403,
                "operator");
        assertProblem(call("PATCH", "/tasks").body("application/json", "{\"name\": \"n\"}").send(), 405, "PATCH");
    }

    @Test
    void purgeRemovesAFinishedTaskAndPlainDeleteStillCancels() throws Exception {
        scheduler.finished("done", TaskStatus.COMPLETED, 0, 1);
        scheduler.put(TaskSpec.builder("system.echo").id("running").build(), TaskStatus.RUNNING, 1);
        FakeHttp purge = call("DELETE", "/tasks/done").query("purge", "true").send();
        assertEquals(204, purge.status, purge.body());
        assertEquals(List.of("done"), scheduler.purged);
        assertProblem(call("DELETE", "/tasks/running").query("purge", "true").send(), 409, "'running' is running",
                "cancel it first");
        assertTrue(scheduler.tasks.containsKey("running"));
        assertProblem(call("DELETE", "/tasks/running").query("purge", "yes").send(), 400, "'purge'", "true, false");
        assertProblem(call("DELETE", "/tasks/running").query("force", "true").send(), 400, "'force'");
        assertProblem(call("DELETE", "/tasks/gone").query("purge", "true").send(), 404, "gone");
        assertProblem(call("DELETE", "/tasks/done").query("purge", "true").as(Role.VIEWER).send(), 403, "operator");
        FakeHttp cancel = call("DELETE", "/tasks/running").send();
        assertEquals(200, cancel.status, cancel.body());
        assertEquals("cancelled", json(cancel).get("status").asText());
        assertEquals(List.of("done"), scheduler.purged, "a plain DELETE purges nothing");
    }

    @Test
    void executionsListEveryAttempt() throws Exception {
        scheduler.finished("t", TaskStatus.COMPLETED, 0, 2);
        TaskExecution failed = new TaskExecution(null, "t", 1, "gpu-1", TaskStatus.FAILED, FakeScheduler.T0,
                FakeScheduler.T0.plusMillis(1500), null, TaskError.of(new IllegalStateException("lost")),
                new TaskExecution.ResourceUsage(Duration.ofMillis(250), 1024L),
                List.of(new TaskExecution.LogLine(FakeScheduler.T0, "WARN", "hot")));
        TaskExecution running = new TaskExecution(null, "t", 2, null, TaskStatus.RUNNING, FakeScheduler.T0.plusSeconds(5), null,
                null, null, null, null);
        scheduler.executions.put("t", List.of(failed, running));
        FakeHttp http = call("GET", "/tasks/t/executions").as(Role.VIEWER).send();
        assertEquals(200, http.status, http.body());
        JsonNode first = json(http).get(0);
        assertEquals("t/1", first.get("id").asText());
        assertEquals("gpu-1", first.get("executor_id").asText());
        assertEquals(1, first.get("attempt").asInt());
        assertEquals("failed", first.get("status").asText());
        assertEquals("2026-12-05T20:00:01.500Z", first.get("ended_at").asText());
        assertEquals(1.5, first.get("duration").asDouble());
        assertEquals("lost", first.get("error").asText());
        assertEquals(0.25, first.get("resource_usage").get("cpu_seconds").asDouble());
        assertEquals(1024, first.get("resource_usage").get("peak_memory_bytes").asLong());
        assertEquals("hot", first.get("logs").get(0).get("message").asText());
        JsonNode second = json(http).get(1);
        assertEquals("local", second.get("executor_id").asText());
        assertTrue(second.get("ended_at").isNull() && second.get("duration").isNull(), second.toString());
        assertTrue(second.get("resource_usage").get("cpu_seconds").isNull());
        assertProblem(call("GET", "/tasks/nope/executions").send(), 404, "nope");
        assertProblem(call("GET", "/tasks/t/executions").query("limit", "1").send(), 400, "'limit'");
    }
}
