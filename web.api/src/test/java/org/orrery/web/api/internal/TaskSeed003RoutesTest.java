package org.orrery.web.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.orrery.web.api.internal.SequenceCalls.json;
import static org.orrery.web.api.internal.SequencesServletTest.assertProblem;

import java.util.EnumMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.orrery.task.SchedulerStatistics;
import org.orrery.task.Severity;
import org.orrery.task.TaskError;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskSpec;
import org.orrery.task.TaskStatus;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Seed 003's task calls on a scheduler in memory: {@code module}, the result object,
 * {@code can_retry} and {@code retry_count}, {@code POST /tasks/wait} (its answers that need no
 * waiting: the long poll itself runs in {@code Seed003IT}), and the statistics' {@code pending}.
 */
class TaskSeed003RoutesTest {

    final FakeScheduler scheduler = new FakeScheduler();
    final TasksServlet servlet = new TasksServlet(scheduler);

    SequenceCalls call(String method, String path) {
        return SequenceCalls.call(servlet, method, path);
    }

    FakeHttp waitFor(String body) throws Exception {
        return call("POST", "/tasks/wait").body("application/json", body).send();
    }

    @Test
    void moduleIsAFieldOfItsOwnAndAFilter() throws Exception {
        FakeHttp http = call("POST", "/tasks").body("application/json", """
                {"id": "a", "action": "system.noop", "module": "static_analysis", "metadata": {"k": 1}}""").send();
        assertEquals(201, http.status, http.body());
        assertEquals("static_analysis", scheduler.tasks.get("a").spec().module());
        assertEquals(Map.of("k", 1), scheduler.tasks.get("a").spec().metadata(), "no longer copied into metadata");
        assertEquals("static_analysis", json(http).get("module").asText());
        scheduler.put(TaskSpec.builder("system.noop").id("b").metadata(Map.of("module", "static_analysis")).build(),
                TaskStatus.PENDING, 5);
        scheduler.put(TaskSpec.builder("system.noop").id("c").module("data_visualization").build(), TaskStatus.PENDING, 6);
        JsonNode list = json(call("GET", "/tasks").query("module", "static_analysis").as(org.orrery.security.Role.VIEWER)
                .send());
        assertEquals(2, list.size(), list.toString());
        assertEquals("a", list.get(0).get("id").asText());
        assertEquals("b", list.get(1).get("id").asText(), "a task that carried its module in metadata");
        assertProblem(call("POST", "/tasks").body("application/json", "{\"action\": \"x\", \"module\": 3}").send(), 400,
                "'module' must be a string", "number");
    }

    @Test
    void theResultObjectOfACompletedAFailedAndAnUnfinishedTask() throws Exception {
        TaskRecord done = scheduler.finished("done", TaskStatus.COMPLETED, 0, 2.5).toBuilder()
                .result(Map.of("score", 9)).attempts(2).build();
        scheduler.tasks.put("done", done);
        JsonNode ok = json(call("GET", "/tasks/done/result").send());
        assertTrue(ok.get("success").asBoolean());
        assertTrue(ok.get("finished").asBoolean());
        assertEquals(9, ok.get("data").get("score").asInt());
        assertEquals(2.5, ok.get("execution_time").asDouble(), 1e-9);
        assertTrue(ok.get("error_type").isNull());
        assertTrue(ok.get("error_message").isNull());
        assertEquals(1, ok.get("metadata").get("retry_count").asInt());
        assertEquals(2, ok.get("metadata").get("attempts").asInt());

        scheduler.tasks.put("bad", scheduler.finished("bad", TaskStatus.FAILED, 1, 1).toBuilder()
                .error(new TaskError("TaskTimeoutException", "took too long", Severity.HIGH, true)).build());
        JsonNode failed = json(call("GET", "/tasks/bad/result").send());
        assertFalse(failed.get("success").asBoolean());
        assertEquals("TaskTimeoutException", failed.get("error_type").asText());
        assertEquals("took too long", failed.get("error_message").asText());
        assertTrue(failed.get("data").isNull());

        scheduler.put(TaskSpec.builder("system.noop").id("later").build(), TaskStatus.RUNNING, 2);
        FakeHttp http = call("GET", "/tasks/later/result").send();
        assertEquals(200, http.status, "no result yet is an answer, not an error");
        JsonNode none = json(http);
        assertTrue(none.get("success").isNull());
        assertFalse(none.get("finished").asBoolean());
        assertEquals("running", none.get("status").asText());
        assertProblem(call("GET", "/tasks/nope/result").send(), 404, "nope");
    }

    @Test
    void canRetryIsWhetherARetryIsAcceptedAndRetryCountTheRetriesDone() throws Exception {
        scheduler.finished("f", TaskStatus.FAILED, 0, 1);
        scheduler.finished("c", TaskStatus.COMPLETED, 1, 1);
        scheduler.put(TaskSpec.builder("system.noop").id("p").build(), TaskStatus.PENDING, 2);
        scheduler.tasks.put("r", scheduler.put(TaskSpec.builder("system.noop").id("r").build(), TaskStatus.RUNNING, 3)
                .toBuilder().attempts(3).build());
        assertTrue(json(call("GET", "/tasks/f").send()).get("can_retry").asBoolean());
        assertFalse(json(call("GET", "/tasks/c").send()).get("can_retry").asBoolean());
        assertFalse(json(call("GET", "/tasks/p").send()).get("can_retry").asBoolean());
        assertEquals(0, json(call("GET", "/tasks/p").send()).get("retry_count").asInt(), "not started");
        assertEquals(2, json(call("GET", "/tasks/r").send()).get("retry_count").asInt(), "third attempt: two retries");
    }

    @Test
    void aWaitForEndedTasksAnswersAtOnceWithTheirStates() throws Exception {
        scheduler.finished("a", TaskStatus.COMPLETED, 0, 1);
        scheduler.finished("b", TaskStatus.FAILED, 1, 1);
        JsonNode out = json(waitFor("{\"ids\": [\"a\", \"b\", \"a\"], \"timeout\": 5}"));
        assertTrue(out.get("completed").asBoolean());
        assertFalse(out.get("succeeded").asBoolean(), "one failed");
        assertFalse(out.get("timed_out").asBoolean());
        assertEquals(2, out.get("total").asInt(), "an id named twice is one task");
        assertEquals("completed", out.get("tasks").get(0).get("status").asText());
        assertEquals("failed", out.get("tasks").get(1).get("status").asText());
        assertEquals(1, out.get("counts").get("failed").asInt());
    }

    @Test
    void aWaitOfTimeoutZeroAnswersTheStatesNowAndLeavesNoWaiterBehind() throws Exception {
        scheduler.finished("a", TaskStatus.COMPLETED, 0, 1);
        scheduler.put(TaskSpec.builder("system.noop").id("b").tag("batch").build(), TaskStatus.RUNNING, 1);
        scheduler.put(TaskSpec.builder("system.noop").id("c").tag("batch").build(), TaskStatus.PENDING, 2);
        JsonNode out = json(waitFor("{\"tag\": \"batch\", \"timeout\": 0}"));
        assertFalse(out.get("completed").asBoolean());
        assertTrue(out.get("timed_out").asBoolean());
        assertEquals(2, out.get("total").asInt());
        assertTrue(scheduler.waiting.stream().allMatch(f -> f.isCancelled()), "the stages are given back");
    }

    @Test
    void aBadWaitIsRefusedNamingWhatIsWrong() throws Exception {
        scheduler.finished("a", TaskStatus.COMPLETED, 0, 1);
        assertProblem(waitFor("{\"ids\": [\"a\", \"ghost\", \"phantom\"]}"), 404, "ghost", "phantom");
        assertProblem(waitFor("{\"ids\": [\"a\"], \"tag\": \"x\"}"), 400, "exactly one of 'ids'", "both");
        assertProblem(waitFor("{\"timeout\": 3}"), 400, "exactly one of 'ids'", "neither");
        assertProblem(waitFor("{\"ids\": []}"), 400, "'ids'", "empty");
        assertProblem(waitFor("{\"ids\": [\"a\"], \"timeout\": 301}"), 400, "'timeout'", "0 to 300", "301");
        assertProblem(waitFor("{\"ids\": [\"a\"], \"timeout\": \"soon\"}"), 400, "'timeout'", "soon");
        assertProblem(waitFor("{\"ids\": [\"a\"], \"until\": 3}"), 400, "unknown field 'until'");
        assertProblem(waitFor("[\"a\"]"), 400, "JSON object", "array");
        StringBuilder many = new StringBuilder("{\"ids\": [");
        for (int i = 0; i <= TaskWait.MAX_TASKS; i++) {
            many.append(i == 0 ? "" : ", ").append("\"t").append(i).append('"');
        }
        assertProblem(waitFor(many.append("]}").toString()), 400, "at most 1000", "1001");
    }

    @Test
    void statisticsPendingIsEveryTaskNotYetStarted() {
        Map<TaskStatus, Long> by = new EnumMap<>(TaskStatus.class);
        for (TaskStatus s : TaskStatus.values()) {
            by.put(s, 1L);
        }
        SchedulerStatistics s = new SchedulerStatistics(FakeScheduler.T0, by, 8, 3, 1, 1.5, 3, 0, Map.of(), Map.of(), false);
        JsonNode n = TaskApiJson.statistics(s);
        assertEquals(4, n.get("pending").asInt(), "pending, ready, paused and retrying: seed 003's 'not yet started'");
        assertEquals(1, n.get("by_status").get("pending").asInt());
        assertEquals(1, n.get("running").asInt());
        assertEquals(1.5, n.get("average_execution_time").asDouble());
        assertEquals(3, n.get("total_execution_time").asDouble());
        assertEquals(8, n.get("total_tasks").asInt());
    }
}
