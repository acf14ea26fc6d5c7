package org.orrery.web.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.orrery.web.api.internal.OpenApiDocumentTest.names;
import static org.orrery.web.api.internal.OpenApiDocumentTest.schema;
import static org.orrery.web.api.internal.SequenceCalls.json;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.orrery.agent.AgentInfo;
import org.orrery.agent.AgentMetrics;
import org.orrery.agent.AgentState;
import org.orrery.agent.Agents;
import org.orrery.security.Role;
import org.orrery.task.ResourceClaim;
import org.orrery.task.ResourceRequirements;
import org.orrery.task.TaskExecution;
import org.orrery.task.TaskSpec;
import org.orrery.task.TaskStatus;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Seed 004's monitoring routes ({@code /scheduler/report}, {@code /scheduler/metrics},
 * {@code /scheduler/queue}) and the JSON of the new task routes, against the OpenAPI document.
 */
class SchedulerReportTest {

    static final Instant T0 = FakeScheduler.T0;

    static Agents agents(AgentInfo... list) {
        return (Agents) Proxy.newProxyInstance(Agents.class.getClassLoader(), new Class<?>[] { Agents.class },
                (proxy, m, args) -> {
                    if (m.getName().equals("list")) {
                        return List.of(list);
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }

    static AgentInfo agent(String id, AgentState state) {
        return new AgentInfo(id, "gpu", Set.of("testing", "code_review"), 2, state, true, null, T0, T0.plusSeconds(9),
                Duration.ofSeconds(30), List.of("t1"), new AgentMetrics(3, 1, 0, 1, Duration.ofSeconds(8), Duration.ofSeconds(2),
                        T0.plusSeconds(5), 0.5));
    }

    final FakeScheduler scheduler = new FakeScheduler();

    FakeHttp get(String path, Agents agents) throws Exception {
        return SequenceCalls.call(new SchedulerServlet(scheduler, agents), "GET", path).as(Role.VIEWER).send();
    }

    @Test
    void theReportHasAgentsResourcesTheSlowestAndTheStatistics() throws Exception {
        for (int i = 0; i < 12; i++) {
            scheduler.finished("f" + i, i % 2 == 0 ? TaskStatus.COMPLETED : TaskStatus.FAILED, i, i);
        }
        scheduler.finished("c", TaskStatus.CANCELLED, 20, 99);
        scheduler.put(TaskSpec.builder("a").id("r1").resourceRequirements(new ResourceRequirements(1.5, 4, 0, 0))
                .resource(new ResourceClaim("camera", ResourceClaim.Mode.EXCLUSIVE, 1)).build(), TaskStatus.RUNNING, 30);
        scheduler.put(TaskSpec.builder("a").id("r2").resourceRequirements(new ResourceRequirements(0.5, 0, 10, 2)).build(),
                TaskStatus.RUNNING, 31);
        scheduler.put(TaskSpec.builder("a").id("w").resourceRequirements(new ResourceRequirements(8, 0, 0, 0)).build(),
                TaskStatus.READY, 32);
        FakeHttp http = get("/scheduler/report", agents(agent("gpu-1", AgentState.BUSY)));
        assertEquals(200, http.status, http.body());
        JsonNode report = json(http);
        assertEquals(MetricsExpositionTest.STATISTICS.at().toString(), report.get("report_timestamp").asText());
        JsonNode gpu = report.get("agent_metrics").get("gpu-1");
        assertEquals("busy", gpu.get("state").asText());
        assertEquals("[\"code_review\",\"testing\"]", gpu.get("capabilities").toString());
        assertEquals(0.75, gpu.get("success_rate").asDouble());
        assertEquals(2.0, gpu.get("average_execution_time").asDouble());
        JsonNode resources = report.get("resource_metrics");
        assertEquals(2, resources.get("running_tasks").asInt());
        assertEquals("{\"cpu_cores\":2.0,\"memory_gb\":4.0,\"disk_gb\":10.0,\"gpu_memory_gb\":2.0}",
                resources.get("requirements_in_use").toString(), "the ready task's 8 cores are not in use");
        assertEquals("{\"camera\":1}", resources.get("claims_in_use").toString());
        JsonNode slowest = report.get("slowest_tasks");
        assertEquals(SchedulerReport.SLOWEST, slowest.size());
        assertEquals("f11", slowest.get(0).get("id").asText(), "the cancelled one is not among them: " + slowest);
        assertEquals(11.0, slowest.get(0).get("execution_time").asDouble());
        assertEquals("f2", slowest.get(9).get("id").asText());
        assertEquals(49, report.get("statistics").get("total_tasks").asInt());

        assertEquals("{}", json(get("/scheduler/report", null)).get("agent_metrics").toString(), "no agent service: none");
        assertProblemFree(report);
    }

    private static void assertProblemFree(JsonNode report) {
        assertEquals(names(report), names(schema("PerformanceReport").path("properties")));
        assertEquals(names(report.get("agent_metrics").get("gpu-1")), names(schema("ReportAgentMetrics").path("properties")));
        assertEquals(names(report.get("resource_metrics")),
                names(schema("PerformanceReport").path("properties").path("resource_metrics").path("properties")));
        assertEquals(names(report.get("slowest_tasks").get(0)),
                names(schema("PerformanceReport").at("/properties/slowest_tasks/items/properties")));
    }

    @Test
    void systemMetricsAndQueueStatisticsUnderSeed004sNames() throws Exception {
        JsonNode metrics = json(get("/scheduler/metrics", agents(agent("a", AgentState.ONLINE), agent("b", AgentState.OFFLINE),
                agent("c", AgentState.BUSY))));
        assertEquals(2, metrics.get("concurrent_tasks").asInt());
        assertEquals(12.25, metrics.get("tasks_per_minute").asDouble());
        assertEquals(1.5, metrics.get("average_duration_seconds").asDouble());
        assertEquals(2, metrics.get("agents_online").asInt(), "online and busy");
        assertTrue(json(get("/scheduler/metrics", null)).get("agents_online").isNull());
        assertEquals(names(metrics), names(schema("SystemMetrics").path("properties")));
        JsonNode queue = json(get("/scheduler/queue", null));
        assertEquals(5, queue.get("pending_tasks").asInt());
        assertEquals(2, queue.get("running_tasks").asInt());
        assertEquals(40, queue.get("completed_tasks").asInt());
        assertEquals(2, queue.get("failed_tasks").asInt());
        assertEquals(0, queue.get("cancelled_tasks").asInt());
        assertEquals(1, queue.get("retrying_tasks").asInt());
        assertEquals(3, queue.get("by_status").get("pending").asInt());
        assertEquals(names(queue), names(schema("QueueStatistics").path("properties")));
    }

    @Test
    void theNewTaskJsonIsWhatTheDocumentSays() {
        TaskExecution e = new TaskExecution(null, "t", 1, null, TaskStatus.RUNNING, T0, null, null, null, null, null);
        assertEquals(names(ExecutionApiJson.execution(e)), names(schema("TaskExecution").path("properties")));
        assertEquals(new TreeSet<>(TaskUpdateJson.FIELDS), names(schema("TaskUpdate").path("properties")));
        assertEquals(new TreeSet<>(RequirementsJson.FIELDS), names(schema("ResourceRequirements").path("properties")));
        Set<String> eventTypes = new TreeSet<>();
        schema("TaskEventType").path("enum").forEach(n -> eventTypes.add(n.asText()));
        for (org.orrery.task.TaskEvent.Type type : org.orrery.task.TaskEvent.Type.values()) {
            assertTrue(eventTypes.contains("task_" + type.name().toLowerCase(java.util.Locale.ROOT)), type + " in " + eventTypes);
        }
        assertEquals(new TreeSet<>(TaskGraph.QUERY_PARAMETERS),
                new TreeSet<>(OpenApiDocumentTest.DOC.at("/paths/~1tasks~1graph/get/parameters").findValuesAsText("name")));
    }
}
