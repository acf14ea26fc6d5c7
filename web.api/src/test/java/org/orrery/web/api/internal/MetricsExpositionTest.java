package org.orrery.web.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.orrery.task.SchedulerStatistics;
import org.orrery.task.SchedulerStatistics.Group;
import org.orrery.task.TaskStatus;

class MetricsExpositionTest {

    static final SchedulerStatistics STATISTICS = new SchedulerStatistics(Instant.parse("2026-11-23T21:30:00Z"),
            Map.of(TaskStatus.RUNNING, 2L, TaskStatus.PENDING, 3L, TaskStatus.READY, 1L, TaskStatus.RETRYING, 1L,
                    TaskStatus.COMPLETED, 40L, TaskStatus.FAILED, 2L),
            49, 5, 2, 1.5, 63, 12.25,
            Map.of("system.echo", new Group(30, 2, 3, 1, 0.5), "camera \"main\"", new Group(10, 0, 1, 4)),
            Map.of("worker-1", new Group(40, 2, 2, 1.5)), true);

    @Test
    void schedulerStatisticsRenderExactly() {
        assertEquals(String.join("\n",
                "# HELP orrery_action_execution_seconds_average Mean running time of each action's finished tasks, in seconds",
                "# TYPE orrery_action_execution_seconds_average gauge",
                "orrery_action_execution_seconds_average{action=\"camera \\\"main\\\"\"} 4.0",
                "orrery_action_execution_seconds_average{action=\"system.echo\"} 0.5",
                "# HELP orrery_action_tasks_finished Tasks of each action that finished, by outcome (completed, failed or cancelled);"
                        + " goes down when a failed task is retried",
                "# TYPE orrery_action_tasks_finished gauge",
                "orrery_action_tasks_finished{action=\"camera \\\"main\\\"\",outcome=\"cancelled\"} 0.0",
                "orrery_action_tasks_finished{action=\"camera \\\"main\\\"\",outcome=\"completed\"} 10.0",
                "orrery_action_tasks_finished{action=\"camera \\\"main\\\"\",outcome=\"failed\"} 0.0",
                "orrery_action_tasks_finished{action=\"system.echo\",outcome=\"cancelled\"} 3.0",
                "orrery_action_tasks_finished{action=\"system.echo\",outcome=\"completed\"} 30.0",
                "orrery_action_tasks_finished{action=\"system.echo\",outcome=\"failed\"} 2.0",
                "# HELP orrery_action_tasks_running Tasks of each action running now",
                "# TYPE orrery_action_tasks_running gauge",
                "orrery_action_tasks_running{action=\"camera \\\"main\\\"\"} 1.0",
                "orrery_action_tasks_running{action=\"system.echo\"} 1.0",
                "# HELP orrery_execution_seconds_average Mean running time of the finished tasks, in seconds",
                "# TYPE orrery_execution_seconds_average gauge",
                "orrery_execution_seconds_average 1.5",
                "# HELP orrery_queue_depth Tasks waiting to run: pending, ready and retrying",
                "# TYPE orrery_queue_depth gauge",
                "orrery_queue_depth 5.0",
                "# HELP orrery_scheduler_paused 1 when the whole scheduler is paused, else 0",
                "# TYPE orrery_scheduler_paused gauge",
                "orrery_scheduler_paused 1.0",
                "# HELP orrery_scheduler_up 1 when the scheduler service is there and answered, else 0",
                "# TYPE orrery_scheduler_up gauge",
                "orrery_scheduler_up 1.0",
                "# HELP orrery_tasks Tasks the scheduler knows, by status",
                "# TYPE orrery_tasks gauge",
                "orrery_tasks{status=\"cancelled\"} 0.0",
                "orrery_tasks{status=\"completed\"} 40.0",
                "orrery_tasks{status=\"failed\"} 2.0",
                "orrery_tasks{status=\"paused\"} 0.0",
                "orrery_tasks{status=\"pending\"} 3.0",
                "orrery_tasks{status=\"ready\"} 1.0",
                "orrery_tasks{status=\"retrying\"} 1.0",
                "orrery_tasks{status=\"running\"} 2.0",
                "# HELP orrery_tasks_per_minute Tasks finished in the last minute",
                "# TYPE orrery_tasks_per_minute gauge",
                "orrery_tasks_per_minute 12.25",
                ""), MetricsExposition.text(STATISTICS, null));
    }

    @Test
    void eachAgentHasItsSeries() {
        String text = MetricsExposition.text(null, null, java.util.List.of(
                FakeAgents.info("gpu-2", org.orrery.agent.AgentState.OFFLINE),
                FakeAgents.info("gpu-1", org.orrery.agent.AgentState.BUSY)));
        java.util.List<String> lines = java.util.Arrays.stream(text.split("\n")).filter(l -> l.contains("gpu-1")).toList();
        assertEquals(java.util.List.of(
                "orrery_agent_concurrency{agent=\"gpu-1\"} 2.0",
                "orrery_agent_execution_seconds_total{agent=\"gpu-1\"} 8.0",
                "orrery_agent_last_heartbeat_seconds{agent=\"gpu-1\"} 1.7965044E9",
                "orrery_agent_running{agent=\"gpu-1\"} 0.0",
                "orrery_agent_state{agent=\"gpu-1\",state=\"busy\"} 1.0",
                "orrery_agent_state{agent=\"gpu-1\",state=\"draining\"} 0.0",
                "orrery_agent_state{agent=\"gpu-1\",state=\"offline\"} 0.0",
                "orrery_agent_state{agent=\"gpu-1\",state=\"online\"} 0.0",
                "orrery_agent_tasks_total{agent=\"gpu-1\",outcome=\"cancelled\"} 0.0",
                "orrery_agent_tasks_total{agent=\"gpu-1\",outcome=\"completed\"} 3.0",
                "orrery_agent_tasks_total{agent=\"gpu-1\",outcome=\"failed\"} 1.0",
                "orrery_agent_utilization{agent=\"gpu-1\"} 0.0"), lines);
        assertTrue(text.contains("orrery_agent_state{agent=\"gpu-2\",state=\"offline\"} 1.0"), text);
        assertFalse(MetricsExposition.text(null, null).contains("orrery_agent"), "no agent service: no agent series");
    }

    @Test
    void withoutSchedulerOnlyTheJvmAndSchedulerUpZero() {
        MetricsJvm jvm = new MetricsJvm(1_000, 2_000, 4_000, 100, 200, -1, 12, 10, 14, 1_795_000_000.5, 42.25, 3.5, 2,
                "17.0.15+6", "Debian", "OpenJDK Runtime Environment");
        assertEquals(String.join("\n",
                "# HELP jvm_available_processors Processors the JVM may use",
                "# TYPE jvm_available_processors gauge",
                "jvm_available_processors 2.0",
                "# HELP jvm_memory_committed_bytes Memory committed, by area",
                "# TYPE jvm_memory_committed_bytes gauge",
                "jvm_memory_committed_bytes{area=\"heap\"} 2000.0",
                "jvm_memory_committed_bytes{area=\"nonheap\"} 200.0",
                "# HELP jvm_memory_max_bytes Largest memory the area may use, where defined",
                "# TYPE jvm_memory_max_bytes gauge",
                "jvm_memory_max_bytes{area=\"heap\"} 4000.0",
                "# HELP jvm_memory_used_bytes Memory in use, by area",
                "# TYPE jvm_memory_used_bytes gauge",
                "jvm_memory_used_bytes{area=\"heap\"} 1000.0",
                "jvm_memory_used_bytes{area=\"nonheap\"} 100.0",
                "# HELP jvm_runtime_info The Java runtime",
                "# TYPE jvm_runtime_info gauge",
                "jvm_runtime_info{runtime=\"OpenJDK Runtime Environment\",vendor=\"Debian\",version=\"17.0.15+6\"} 1",
                "# HELP jvm_threads_current Live threads",
                "# TYPE jvm_threads_current gauge",
                "jvm_threads_current 12.0",
                "# HELP jvm_threads_daemon Live daemon threads",
                "# TYPE jvm_threads_daemon gauge",
                "jvm_threads_daemon 10.0",
                "# HELP jvm_threads_peak Most live threads since the start",
                "# TYPE jvm_threads_peak gauge",
                "jvm_threads_peak 14.0",
                "# HELP orrery_scheduler_up 1 when the scheduler service is there and answered, else 0",
                "# TYPE orrery_scheduler_up gauge",
                "orrery_scheduler_up 0.0",
                "# HELP process_cpu_seconds_total CPU time the process used, in seconds",
                "# TYPE process_cpu_seconds_total counter",
                "process_cpu_seconds_total 3.5",
                "# HELP process_start_time_seconds Start time of the process, seconds since the Unix epoch",
                "# TYPE process_start_time_seconds gauge",
                "process_start_time_seconds 1.7950000005E9",
                "# HELP process_uptime_seconds Seconds since the process started",
                "# TYPE process_uptime_seconds gauge",
                "process_uptime_seconds 42.25",
                ""), MetricsExposition.text(null, jvm));
    }

    @Test
    void processCpuIsLeftOutWhenTheJvmDoesNotTell() {
        MetricsJvm jvm = new MetricsJvm(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, Double.NaN, 1, "v", "x", "r");
        assertFalse(MetricsExposition.text(null, jvm).contains("process_cpu"));
    }

    @Test
    void theRealJvmHasItsBasics() {
        String text = MetricsExposition.text(STATISTICS, MetricsJvm.now());
        for (String name : List.of("jvm_memory_used_bytes{area=\"heap\"} ", "jvm_memory_committed_bytes{area=\"heap\"} ",
                "jvm_threads_current ", "process_uptime_seconds ", "process_start_time_seconds ", "orrery_queue_depth 5.0")) {
            assertTrue(text.contains("\n" + name), name + " missing from\n" + text);
        }
        assertEquals("text/plain; version=0.0.4; charset=utf-8", MetricsExposition.CONTENT_TYPE);
    }
}
