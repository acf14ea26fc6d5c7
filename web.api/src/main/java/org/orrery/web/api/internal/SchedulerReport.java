package org.orrery.web.api.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.orrery.agent.AgentInfo;
import org.orrery.agent.AgentMetrics;
import org.orrery.agent.AgentState;
import org.orrery.agent.Agents;
import org.orrery.task.ResourceClaim;
import org.orrery.task.ResourceRequirements;
import org.orrery.task.Scheduler;
import org.orrery.task.SchedulerStatistics;
import org.orrery.task.TaskPage;
import org.orrery.task.TaskQuery;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskStatus;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Seed 004's monitoring operations in JSON: {@code get_performance_report}
 * ({@code GET /scheduler/report}), {@code get_system_metrics} ({@code GET /scheduler/metrics})
 * and {@code get_queue_statistics} ({@code GET /scheduler/queue}).
 */
final class SchedulerReport {

    /** The slowest tasks are chosen among this many finished tasks, the most recently created first. */
    static final int SLOWEST_WINDOW = 1_000;
    /** How many slowest tasks the report names. */
    static final int SLOWEST = 10;
    /** The most running tasks whose requirements and claims the report adds up. */
    static final int RUNNING_LIMIT = TaskQuery.MAX_LIMIT;

    private SchedulerReport() {
    }

    /** The performance report; {@code agents} may be null (no agent service: no agent metrics). */
    static ObjectNode report(Scheduler scheduler, Agents agents) {
        SchedulerStatistics statistics = scheduler.statistics();
        ObjectNode n = ApiJson.MAPPER.createObjectNode();
        n.put("report_timestamp", statistics.at().toString());
        n.set("agent_metrics", agentMetrics(agents));
        n.set("resource_metrics", resourceMetrics(scheduler));
        ObjectNode slowest = n.putObject("slowest_tasks_window");
        slowest.put("finished_tasks_considered", SLOWEST_WINDOW);
        slowest.put("order", "the most recently created completed or failed tasks");
        n.set("slowest_tasks", slowest(scheduler));
        n.set("statistics", TaskApiJson.statistics(statistics));
        return n;
    }

    /** Seed 004's {@code get_system_metrics}. */
    static ObjectNode systemMetrics(SchedulerStatistics s, Agents agents) {
        ObjectNode n = ApiJson.MAPPER.createObjectNode();
        n.put("timestamp", s.at().toString());
        n.put("concurrent_tasks", s.running());
        n.put("tasks_per_minute", s.tasksPerMinute());
        n.put("average_duration_seconds", s.averageExecutionSeconds());
        n.put("total_execution_time", s.totalExecutionSeconds());
        n.put("total_tasks", s.totalTasks());
        n.put("queued_tasks", s.queued());
        n.put("scheduler_paused", s.paused());
        if (agents == null) {
            n.putNull("agents_online");
        } else {
            n.put("agents_online", agents.list().stream()
                    .filter(a -> a.state() == AgentState.ONLINE || a.state() == AgentState.BUSY).count());
        }
        return n;
    }

    /** Seed 004's {@code get_queue_statistics}. */
    static ObjectNode queue(SchedulerStatistics s) {
        ObjectNode n = ApiJson.MAPPER.createObjectNode();
        n.put("timestamp", s.at().toString());
        n.put("pending_tasks", s.queued());
        n.put("running_tasks", s.running());
        for (TaskStatus status : EnumSet.of(TaskStatus.COMPLETED, TaskStatus.FAILED, TaskStatus.CANCELLED, TaskStatus.PAUSED,
                TaskStatus.RETRYING)) {
            n.put(status.id() + "_tasks", s.byStatus().getOrDefault(status, 0L));
        }
        n.put("total_tasks", s.totalTasks());
        ObjectNode by = n.putObject("by_status");
        for (TaskStatus status : TaskStatus.values()) {
            by.put(status.id(), s.byStatus().getOrDefault(status, 0L));
        }
        return n;
    }

    static ObjectNode agentMetrics(Agents agents) {
        ObjectNode n = ApiJson.MAPPER.createObjectNode();
        if (agents == null) {
            return n;
        }
        for (AgentInfo a : agents.list()) {
            AgentMetrics m = a.metrics();
            ObjectNode o = n.putObject(a.id());
            o.put("type", a.type());
            o.put("state", a.state().id());
            o.put("remote", a.remote());
            ArrayNode capabilities = o.putArray("capabilities");
            a.capabilities().stream().sorted().forEach(capabilities::add);
            o.put("concurrency", a.concurrency());
            o.put("running", m.running());
            o.put("completed", m.completed());
            o.put("failed", m.failed());
            o.put("cancelled", m.cancelled());
            o.put("success_rate", m.successRate());
            o.put("average_execution_time", seconds(m.averageExecutionTime()));
            o.put("total_execution_time", seconds(m.totalExecutionTime()));
            o.put("utilization", m.utilization());
            o.put("last_task_at", TaskApiJson.str(m.lastTaskAt()));
            o.put("last_heartbeat", TaskApiJson.str(a.lastHeartbeat()));
        }
        return n;
    }

    /**
     * What the running tasks use: their seed 004 requirements added up, and their claims per
     * resource name (the claims of their actions are not known here).
     */
    static ObjectNode resourceMetrics(Scheduler scheduler) {
        TaskPage running = scheduler.list(new TaskQuery(Set.of(TaskStatus.RUNNING), null, null, null, null, null, RUNNING_LIMIT));
        double[] use = new double[RequirementsJson.FIELDS.size()];
        Map<String, Long> claims = new TreeMap<>();
        for (TaskRecord t : running.tasks()) {
            ResourceRequirements r = t.spec().resourceRequirements();
            if (r != null) {
                use[0] += r.cpuCores();
                use[1] += r.memoryGb();
                use[2] += r.diskGb();
                use[3] += r.gpuMemoryGb();
            }
            for (ResourceClaim c : t.spec().resources()) {
                claims.merge(c.name(), (long) c.amount(), Long::sum);
            }
        }
        ObjectNode n = ApiJson.MAPPER.createObjectNode();
        n.put("running_tasks", running.tasks().size());
        n.put("complete", running.nextCursor() == null);
        ObjectNode requirements = n.putObject("requirements_in_use");
        for (int i = 0; i < use.length; i++) {
            requirements.put(RequirementsJson.FIELDS.get(i), use[i]);
        }
        ObjectNode claimed = n.putObject("claims_in_use");
        claims.forEach(claimed::put);
        return n;
    }

    static ArrayNode slowest(Scheduler scheduler) {
        TaskQuery finished = new TaskQuery(Set.of(TaskStatus.COMPLETED, TaskStatus.FAILED), null, null, null, null, null,
                SLOWEST_WINDOW, true);
        List<TaskRecord> tasks = new ArrayList<>(scheduler.list(finished).tasks());
        tasks.sort(Comparator.comparing(TaskRecord::executionTime).reversed().thenComparing(TaskRecord::id));
        ArrayNode out = ApiJson.MAPPER.createArrayNode();
        for (TaskRecord t : tasks.subList(0, Math.min(SLOWEST, tasks.size()))) {
            out.addObject().put("id", t.id()).put("name", t.spec().name()).put("action", t.spec().action())
                    .put("status", t.status().id()).put("execution_time", seconds(t.executionTime()))
                    .put("assigned_to", t.assignedTo()).put("completed_at", TaskApiJson.str(t.completedAt()));
        }
        return out;
    }

    private static double seconds(Duration d) {
        return d == null ? 0 : d.toNanos() / 1e9;
    }
}
