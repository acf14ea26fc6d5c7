package org.orrery.web.api.internal;

import java.time.Duration;
import java.util.List;

import org.orrery.task.TaskExecution;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A task's executions (its attempts) in JSON, as {@code GET /tasks/{id}/executions} answers them. */
final class ExecutionApiJson {

    private ExecutionApiJson() {
    }

    static ArrayNode list(List<TaskExecution> executions) {
        ArrayNode out = ApiJson.MAPPER.createArrayNode();
        executions.forEach(e -> out.add(execution(e)));
        return out;
    }

    static ObjectNode execution(TaskExecution e) {
        ObjectNode n = ApiJson.MAPPER.createObjectNode();
        n.put("id", e.id());
        n.put("task_id", e.taskId());
        n.put("attempt", e.attempt());
        n.put("executor_id", e.executorId());
        n.put("status", e.status().id());
        n.put("started_at", TaskApiJson.str(e.startedAt()));
        n.put("ended_at", TaskApiJson.str(e.endedAt()));
        Duration duration = e.duration();
        if (duration == null) {
            n.putNull("duration");
        } else {
            n.put("duration", duration.toNanos() / 1e9);
        }
        n.set("result", ApiJson.MAPPER.valueToTree(e.result()));
        TaskApiJson.putError(n, e.error());
        ObjectNode usage = n.putObject("resource_usage");
        Duration cpu = e.usage().cpuTime();
        if (cpu == null) {
            usage.putNull("cpu_seconds");
        } else {
            usage.put("cpu_seconds", cpu.toNanos() / 1e9);
        }
        usage.put("peak_memory_bytes", e.usage().peakMemoryBytes());
        ArrayNode logs = n.putArray("logs");
        for (TaskExecution.LogLine line : e.logs()) {
            logs.addObject().put("time", line.time().toString()).put("level", line.level()).put("message", line.message());
        }
        return n;
    }
}
