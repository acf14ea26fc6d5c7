package org.orrery.web.api.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.orrery.agent.AgentInfo;
import org.orrery.agent.AgentMetrics;
import org.orrery.agent.AgentRegistration;
import org.orrery.agent.Agents;
import org.orrery.agent.Lease;
import org.orrery.task.Severity;
import org.orrery.task.TaskError;
import org.orrery.task.TaskExecution;
import org.orrery.task.TaskRecord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON of the agents' API: what a remote agent sends (registration, claim, heartbeat,
 * complete, fail), read strictly (unknown fields refused, each bad value named), and how agents
 * and leases are written.
 */
final class AgentApiJson {

    /** The longest a claim may wait for work, in seconds. */
    static final int MAX_WAIT_SECONDS = 120;
    /** How long a claim waits when it does not say. */
    static final int DEFAULT_WAIT_SECONDS = 30;
    /** The most tasks one claim may ask for. */
    static final int MAX_CLAIM = 1000;
    /** The most log lines one report may carry. */
    static final int MAX_LOG_LINES = 1000;
    /** The most reports one {@code POST /agents/{id}/reports} carries. */
    static final int MAX_REPORTS = 1000;

    private AgentApiJson() {
    }

    /** What a claim asks for. */
    record Claim(int max, Duration waitFor) {
    }

    /** A heartbeat's fields. */
    record Heartbeat(String leaseId, Double progress, String message) {
    }

    /**
     * A complete or fail report's fields ({@code result} for complete, {@code error} for fail); {@code next}: how many
     * more tasks the agent asks for in the same request (0: none).
     */
    record Report(String leaseId, Map<String, Object> result, TaskError error, TaskExecution.ResourceUsage usage,
            List<TaskExecution.LogLine> logs, int next) {
    }

    // ------------------------------------------------------------------ reading

    /** Seed 004's register_agent: {@code {agent_id, agent_type, capabilities, concurrency?, lease_seconds?}}. */
    static AgentRegistration registration(JsonNode body) throws ApiJson.BadRequest {
        object(body);
        ApiJson.known(body, "agent_id", "agent_type", "capabilities", "concurrency", "lease_seconds");
        String id = ApiJson.text(body, "agent_id", true);
        String type = ApiJson.text(body, "agent_type", true);
        JsonNode caps = body.get("capabilities");
        if (caps == null || !caps.isArray()) {
            throw new ApiJson.BadRequest("'capabilities' must be an array of capability names such as [\"code_review\"], found "
                    + ApiJson.kind(caps));
        }
        Set<String> capabilities = new LinkedHashSet<>();
        for (int i = 0; i < caps.size(); i++) {
            if (!caps.get(i).isTextual()) {
                throw new ApiJson.BadRequest("'capabilities[" + i + "]' must be a string, found " + ApiJson.kind(caps.get(i)));
            }
            capabilities.add(caps.get(i).textValue());
        }
        int concurrency = whole(body, "concurrency", 1, 1, 1000);
        Duration lease = body.hasNonNull("lease_seconds") ? Duration.ofSeconds(whole(body, "lease_seconds", 0, 5, 3600)) : null;
        try {
            return new AgentRegistration(id, type, capabilities, concurrency, lease);
        } catch (IllegalArgumentException e) {
            throw new ApiJson.BadRequest(e.getMessage().replace("lease_time", "lease_seconds"));
        }
    }

    /** {@code {max?, wait_seconds?}}; an absent body asks for one task and the default wait. */
    static Claim claim(JsonNode body) throws ApiJson.BadRequest {
        if (body == null) {
            return new Claim(1, Duration.ofSeconds(DEFAULT_WAIT_SECONDS));
        }
        object(body);
        ApiJson.known(body, "max", "wait_seconds");
        int max = whole(body, "max", 1, 1, MAX_CLAIM);
        BigDecimal wait = decimal(body, "wait_seconds", BigDecimal.valueOf(DEFAULT_WAIT_SECONDS), MAX_WAIT_SECONDS);
        return new Claim(max, Duration.ofMillis(wait.movePointRight(3).longValue()));
    }

    /** {@code {lease_id, progress?, message?}}. */
    static Heartbeat heartbeat(JsonNode body) throws ApiJson.BadRequest {
        object(body);
        ApiJson.known(body, "lease_id", "progress", "message");
        BigDecimal progress = body.hasNonNull("progress") ? decimal(body, "progress", null, 1) : null;
        return new Heartbeat(ApiJson.text(body, "lease_id", true), progress == null ? null : progress.doubleValue(),
                ApiJson.text(body, "message", false));
    }

    /** {@code {lease_id, result, usage?, logs?, next?}}. */
    static Report complete(JsonNode body) throws ApiJson.BadRequest {
        object(body);
        ApiJson.known(body, "lease_id", "result", "usage", "logs", "next");
        JsonNode result = body.get("result");
        if (result != null && !result.isNull() && !result.isObject()) {
            throw new ApiJson.BadRequest("'result' must be a JSON object, found " + ApiJson.kind(result));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = result == null || result.isNull() ? Map.of()
                : ApiJson.MAPPER.convertValue(result, LinkedHashMap.class);
        return new Report(ApiJson.text(body, "lease_id", true), map, null, usage(body), logs(body), next(body));
    }

    /** {@code {lease_id, error: {type?, message, retryable}, usage?, logs?, next?}}. */
    static Report fail(JsonNode body) throws ApiJson.BadRequest {
        object(body);
        ApiJson.known(body, "lease_id", "error", "usage", "logs", "next");
        JsonNode error = body.get("error");
        if (error == null || !error.isObject()) {
            throw new ApiJson.BadRequest("'error' must be an object {\"message\": \"...\", \"retryable\": true}, found "
                    + ApiJson.kind(error));
        }
        int next = next(body);
        try {
            ApiJson.known(error, "type", "message", "retryable");
            String type = ApiJson.text(error, "type", false);
            String message = ApiJson.text(error, "message", true);
            JsonNode retryable = error.get("retryable");
            if (retryable == null || !retryable.isBoolean()) {
                throw new ApiJson.BadRequest("'retryable' must be true or false, found " + ApiJson.kind(retryable));
            }
            TaskError taskError = new TaskError(type == null ? "AgentError" : type, message, Severity.MEDIUM,
                    retryable.booleanValue());
            return new Report(ApiJson.text(body, "lease_id", true), null, taskError, usage(body), logs(body), next);
        } catch (ApiJson.BadRequest e) {
            throw new ApiJson.BadRequest("'error': " + e.getMessage());
        }
    }

    /** Several reports at once (the agent's {@code POST /agents/{id}/reports}) and how many next tasks they ask for. */
    record Reports(List<Agents.Report> reports, int next) {
    }

    /** {@code {reports: [{task_id, lease_id, result? | error, usage?, logs?}] (1 to MAX_REPORTS), next?}}. */
    static Reports reports(JsonNode body) throws ApiJson.BadRequest {
        object(body);
        ApiJson.known(body, "reports", "next");
        JsonNode list = body.get("reports");
        if (list == null || !list.isArray() || list.isEmpty() || list.size() > MAX_REPORTS) {
            throw new ApiJson.BadRequest("'reports' must be an array of 1 to " + MAX_REPORTS + " reports {\"task_id\", "
                    + "\"lease_id\", \"result\" (complete) or \"error\" (fail), \"usage\"?, \"logs\"?}, found "
                    + (list != null && list.isArray() ? "an array of " + list.size() : ApiJson.kind(list)));
        }
        List<Agents.Report> reports = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            try {
                object(item);
                ApiJson.known(item, "task_id", "lease_id", "result", "error", "usage", "logs");
                String taskId = ApiJson.text(item, "task_id", true);
                ObjectNode rest = ((ObjectNode) item).deepCopy();
                rest.remove("task_id");
                Report r = item.has("error") ? fail(rest) : complete(rest);
                reports.add(new Agents.Report(taskId, r.leaseId(), r.result(), r.error(), r.usage(), r.logs()));
            } catch (ApiJson.BadRequest e) {
                throw new ApiJson.BadRequest("'reports'[" + i + "]: " + e.getMessage());
            }
        }
        return new Reports(List.copyOf(reports), next(body));
    }

    /** {@code next: {max}}: the report also claims up to max tasks, given at once if ready (no wait); 0 when absent. */
    private static int next(JsonNode body) throws ApiJson.BadRequest {
        JsonNode next = body.get("next");
        if (next == null || next.isNull()) {
            return 0;
        }
        if (!next.isObject()) {
            throw new ApiJson.BadRequest("'next' must be an object {\"max\": 1} (the report also claims that many tasks, without"
                    + " waiting), found " + ApiJson.kind(next));
        }
        try {
            ApiJson.known(next, "max");
            return whole(next, "max", 1, 1, MAX_CLAIM);
        } catch (ApiJson.BadRequest e) {
            throw new ApiJson.BadRequest("'next': " + e.getMessage());
        }
    }

    /** {@code usage: {cpu_seconds?, peak_memory_bytes?}}; null when absent. */
    private static TaskExecution.ResourceUsage usage(JsonNode body) throws ApiJson.BadRequest {
        JsonNode usage = body.get("usage");
        if (usage == null || usage.isNull()) {
            return null;
        }
        if (!usage.isObject()) {
            throw new ApiJson.BadRequest("'usage' must be an object {\"cpu_seconds\": 1.5, \"peak_memory_bytes\": 1048576}, found "
                    + ApiJson.kind(usage));
        }
        try {
            ApiJson.known(usage, "cpu_seconds", "peak_memory_bytes");
            BigDecimal cpu = usage.hasNonNull("cpu_seconds") ? decimal(usage, "cpu_seconds", null, 1e9) : null;
            Long memory = null;
            JsonNode m = usage.get("peak_memory_bytes");
            if (m != null && !m.isNull()) {
                if (!m.isIntegralNumber() || !m.canConvertToLong() || m.longValue() < 0) {
                    throw new ApiJson.BadRequest("'peak_memory_bytes' must be a whole number of bytes, 0 or more, found "
                            + ApiJson.kind(m));
                }
                memory = m.longValue();
            }
            return new TaskExecution.ResourceUsage(cpu == null ? null : Duration.ofNanos(cpu.movePointRight(9).longValue()),
                    memory);
        } catch (ApiJson.BadRequest e) {
            throw new ApiJson.BadRequest("'usage': " + e.getMessage());
        }
    }

    /** {@code logs: [{time, level, message}]}; empty when absent. */
    private static List<TaskExecution.LogLine> logs(JsonNode body) throws ApiJson.BadRequest {
        JsonNode logs = body.get("logs");
        if (logs == null || logs.isNull()) {
            return List.of();
        }
        if (!logs.isArray() || logs.size() > MAX_LOG_LINES) {
            throw new ApiJson.BadRequest("'logs' must be an array of at most " + MAX_LOG_LINES
                    + " lines {\"time\": \"2026-12-05T21:30:00Z\", \"level\": \"info\", \"message\": \"...\"}, found "
                    + (logs.isArray() ? logs.size() + " lines" : ApiJson.kind(logs)));
        }
        List<TaskExecution.LogLine> lines = new ArrayList<>();
        for (int i = 0; i < logs.size(); i++) {
            JsonNode line = logs.get(i);
            String at = "'logs[" + i + "]'";
            if (!line.isObject()) {
                throw new ApiJson.BadRequest(at + " must be an object, found " + ApiJson.kind(line));
            }
            try {
                ApiJson.known(line, "time", "level", "message");
                String level = ApiJson.text(line, "level", true).toUpperCase(Locale.ROOT);
                if (!Set.of("INFO", "WARN", "ERROR").contains(level)) {
                    throw new ApiJson.BadRequest("'level' must be info, warn or error, found '" + ApiJson.shorten(level) + "'");
                }
                String time = ApiJson.text(line, "time", true);
                Instant when;
                try {
                    when = java.time.OffsetDateTime.parse(time).toInstant();
                } catch (DateTimeParseException e) {
                    throw new ApiJson.BadRequest("'time' must be an ISO-8601 time such as 2026-12-05T21:30:00Z, found '"
                            + ApiJson.shorten(time) + "'");
                }
                lines.add(new TaskExecution.LogLine(when, level, ApiJson.text(line, "message", true)));
            } catch (ApiJson.BadRequest e) {
                throw new ApiJson.BadRequest(at + ": " + e.getMessage());
            }
        }
        return lines;
    }

    private static void object(JsonNode body) throws ApiJson.BadRequest {
        if (!body.isObject()) {
            throw new ApiJson.BadRequest("send a JSON object, found " + ApiJson.kind(body));
        }
    }

    /** A whole number field from {@code min} to {@code max}; {@code fallback} when absent or null. */
    private static int whole(JsonNode body, String field, int fallback, int min, int max) throws ApiJson.BadRequest {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min || v.intValue() > max) {
            throw new ApiJson.BadRequest("'" + field + "' must be a whole number from " + min + " to " + max + ", found "
                    + ApiJson.kind(v));
        }
        return v.intValue();
    }

    /** A number field from 0 to {@code max}; {@code fallback} when absent or null. */
    private static BigDecimal decimal(JsonNode body, String field, BigDecimal fallback, double max) throws ApiJson.BadRequest {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isNumber() || v.decimalValue().signum() < 0 || v.decimalValue().compareTo(BigDecimal.valueOf(max)) > 0) {
            throw new ApiJson.BadRequest("'" + field + "' must be a number from 0 to " + BigDecimal.valueOf(max).stripTrailingZeros()
                    .toPlainString() + ", found " + ApiJson.kind(v));
        }
        return v.decimalValue();
    }

    // ------------------------------------------------------------------ writing

    /** An agent: its identity, state, running tasks and metrics. */
    static ObjectNode agent(AgentInfo a) {
        ObjectNode n = ApiJson.MAPPER.createObjectNode();
        n.put("agent_id", a.id());
        n.put("agent_type", a.type());
        ArrayNode caps = n.putArray("capabilities");
        new TreeSet<>(a.capabilities()).forEach(caps::add);
        n.put("concurrency", a.concurrency());
        n.put("state", a.state().id());
        n.put("remote", a.remote());
        n.put("bundle", a.bundle());
        n.put("registered_at", TaskApiJson.str(a.registeredAt()));
        n.put("last_heartbeat", TaskApiJson.str(a.lastHeartbeat()));
        if (a.leaseTime() == null) {
            n.putNull("lease_seconds");
        } else {
            n.put("lease_seconds", a.leaseTime().toSeconds());
        }
        ArrayNode running = n.putArray("running_tasks");
        a.runningTasks().forEach(running::add);
        n.set("metrics", metrics(a.metrics()));
        return n;
    }

    static ObjectNode metrics(AgentMetrics m) {
        ObjectNode n = ApiJson.MAPPER.createObjectNode();
        if (m == null) {
            return n;
        }
        n.put("completed", m.completed());
        n.put("failed", m.failed());
        n.put("cancelled", m.cancelled());
        n.put("running", m.running());
        n.put("success_rate", m.successRate());
        n.put("utilization", m.utilization());
        n.put("total_execution_seconds", seconds(m.totalExecutionTime()));
        n.put("average_execution_seconds", seconds(m.averageExecutionTime()));
        n.put("last_task_at", TaskApiJson.str(m.lastTaskAt()));
        return n;
    }

    private static double seconds(Duration d) {
        return d == null ? 0 : d.toNanos() / 1e9;
    }

    /** A claim's answer: {@code {"tasks": [{lease_id, expires_at, task}]}}. */
    static ObjectNode leases(List<Lease> leases) {
        return withLeases(ApiJson.MAPPER.createObjectNode(), leases);
    }

    /** {@code n} with the field {@code "tasks": [{lease_id, expires_at, task}]} (a claim's answer, or a report's with next). */
    static ObjectNode withLeases(ObjectNode n, List<Lease> leases) {
        ArrayNode tasks = n.putArray("tasks");
        for (Lease lease : leases) {
            ObjectNode t = tasks.addObject();
            t.put("lease_id", lease.leaseId());
            t.put("expires_at", TaskApiJson.str(lease.expiresAt()));
            t.putPOJO("task", TaskRecordJson.of(lease.task())); // written straight to the answer
        }
        return n;
    }

    /**
     * The answer to several reports: {@code {"reports": [{id, status} or {id, refused: {reason, detail}}], "tasks": [..]}},
     * the outcomes in the order of the reports.
     */
    static ObjectNode reported(List<Agents.Outcome> outcomes, List<Lease> leases) {
        ObjectNode n = ApiJson.MAPPER.createObjectNode();
        ArrayNode list = n.putArray("reports");
        for (Agents.Outcome o : outcomes) {
            if (o.refused() == null) {
                list.add(reported(o.task()));
            } else {
                ObjectNode refused = list.addObject().put("id", o.taskId()).putObject("refused");
                refused.put("reason", o.refused().reason().name().toLowerCase(Locale.ROOT));
                refused.put("detail", o.refused().getMessage());
            }
        }
        return withLeases(n, leases);
    }

    /** A report's minimal answer ({@code Prefer: return=minimal}): {@code {id, status}}. */
    static ObjectNode reported(TaskRecord task) {
        ObjectNode n = ApiJson.MAPPER.createObjectNode();
        n.put("id", task.id());
        n.put("status", task.status().id());
        return n;
    }

    /** A heartbeat's answer: {@code {lease_id, expires_at, cancelled}}. */
    static ObjectNode lease(Lease lease) {
        ObjectNode n = ApiJson.MAPPER.createObjectNode();
        n.put("lease_id", lease.leaseId());
        n.put("expires_at", TaskApiJson.str(lease.expiresAt()));
        n.put("cancelled", lease.cancelled());
        return n;
    }
}
