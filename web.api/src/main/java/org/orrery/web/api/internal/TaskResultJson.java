package org.orrery.web.api.internal;

import org.orrery.task.TaskRecord;
import org.orrery.task.TaskStatus;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Seed 003's result object, {@code GET /tasks/{id}/result}: {@code success}, {@code data} (what
 * the action returned), {@code execution_time} (seconds, all attempts), {@code error_type},
 * {@code error_message} and {@code metadata} (how it ran: attempts, retries, times, who ran it).
 * A task that has not ended yet has no result: {@code success} is null and {@code finished} false
 * (seed 003's {@code get_task_result} gives None), with its {@code status}; no error status, so a
 * client may poll it.
 */
final class TaskResultJson {

    private TaskResultJson() {
    }

    static ObjectNode result(TaskRecord r) {
        ObjectNode n = ApiJson.MAPPER.createObjectNode();
        n.put("task_id", r.id());
        n.put("status", r.status().id());
        boolean ended = r.status().isTerminal();
        n.put("finished", ended);
        if (ended) {
            n.put("success", r.status() == TaskStatus.COMPLETED);
        } else {
            n.putNull("success");
        }
        n.set("data", ended && r.result() != null ? ApiJson.MAPPER.valueToTree(r.result()) : null);
        if (ended) {
            n.put("execution_time", r.executionTime().toNanos() / 1e9);
        } else {
            n.putNull("execution_time");
        }
        boolean failed = ended && r.status() != TaskStatus.COMPLETED && r.error() != null;
        n.put("error_type", failed ? r.error().type() : null);
        n.put("error_message", failed ? r.error().message() : null);
        ObjectNode m = n.putObject("metadata");
        m.put("name", r.spec().name());
        m.put("action", r.spec().action());
        m.put("module", r.spec().module());
        m.put("attempts", r.attempts());
        m.put("retry_count", TaskApiJson.retryCount(r));
        m.put("assigned_to", r.assignedTo());
        m.put("started_at", TaskApiJson.str(r.startedAt()));
        m.put("completed_at", TaskApiJson.str(r.completedAt()));
        return n;
    }
}
