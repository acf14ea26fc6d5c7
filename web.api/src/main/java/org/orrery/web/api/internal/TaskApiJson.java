package org.orrery.web.api.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.orrery.task.Priority;
import org.orrery.task.RetryPolicy;
import org.orrery.task.SchedulerStatistics;
import org.orrery.task.TaskError;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskSpec;
import org.orrery.task.TaskStatus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Tasks in JSON, as seed 001 writes them (snake_case, lower-case statuses), with every field of
 * the task model; durations are seconds as numbers, times ISO-8601. Reading is strict: an
 * unknown field, a wrong type or a value out of range is refused with a message that names
 * the field and says what was expected and what was found.
 */
final class TaskApiJson {

    static final Set<String> TASK_FIELDS = Set.of("id", "name", "action", "parameters", "priority", "depends_on",
            "dependencies", "timeout", "max_retries", "retry_delay", "backoff", "max_delay", "jitter", "resources", "tags",
            "metadata", "not_before", "deadline", "capability", "assigned_to", "run_always", "wait_for_action", "module",
            "description", "task_type", "execution_context", "resource_requirements", "created_by");

    /** The one id {@code POST /tasks} refuses though it fits {@link #ID}: {@code GET /tasks/graph} is the dependency graph. */
    static final String GRAPH = "graph";
    /** {@code POST /tasks/wait} is seed 003's wait_for_completion (POST /tasks/{id} alone is no route, so no id is lost). */
    static final String WAIT = "wait";

    /** The earliest {@code not_before} or {@code deadline} accepted. */
    static final Instant EARLIEST = TaskSpec.EARLIEST_TIME;
    /** The latest {@code not_before} or {@code deadline} accepted. */
    static final Instant LATEST = TaskSpec.LATEST_TIME;
    /** The longest {@code timeout}, {@code retry_delay} or {@code max_delay}: 365 days. */
    static final long MAX_SECONDS = 365L * 24 * 3600;

    /** A task id: what round-trips through {@code /tasks/{id}} unchanged (user names follow the same rule). */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private TaskApiJson() {
    }

    /**
     * A task specification from its JSON object; {@code where} prefixes messages (e.g. "tasks[2]");
     * {@code user} is the authenticated user, the task's {@code created_by} (a body may repeat it,
     * never name another).
     */
    static TaskSpec spec(JsonNode node, String where, String user) throws ApiJson.BadRequest {
        String at = where.isEmpty() ? "" : where + ".";
        if (node == null || !node.isObject()) {
            throw new ApiJson.BadRequest((where.isEmpty() ? "the task" : where) + " must be a JSON object, found " + ApiJson.kind(node));
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!TASK_FIELDS.contains(name)) {
                throw new ApiJson.BadRequest("unknown field '" + at + name + "'; a task has the fields "
                        + new java.util.TreeSet<>(TASK_FIELDS));
            }
        }
        String action = action(node, at);
        TaskSpec.Builder b = TaskSpec.builder(action);
        String id = text(node, "id", at, false);
        if (id != null) {
            checkId(id, at + "id");
            if (id.equals(GRAPH)) {
                throw new ApiJson.BadRequest("'" + at + "id' cannot be '" + GRAPH + "': GET /tasks/" + GRAPH
                        + " is the dependency graph, so such a task could not be read");
            }
        }
        b.id(id);
        b.name(text(node, "name", at, false));
        if (node.has("parameters") && !node.get("parameters").isNull()) {
            b.parameters(object(node, "parameters", at));
        }
        if (node.has("priority") && !node.get("priority").isNull()) {
            b.priority(priority(node.get("priority"), at + "priority"));
        }
        String depsField = node.has("depends_on") ? "depends_on" : "dependencies";
        List<String> dependsOn = strings(node, depsField, at);
        for (int i = 0; i < dependsOn.size(); i++) {
            checkId(dependsOn.get(i), at + depsField + "[" + i + "]");
        }
        b.dependsOn(dependsOn);
        Duration timeout = seconds(node, "timeout", at, false);
        if (timeout != null && timeout.isZero()) {
            throw new ApiJson.BadRequest("'" + at + "timeout' must be more than 0 seconds");
        }
        b.timeout(timeout);
        if (node.has("max_retries") || node.has("retry_delay") || node.has("backoff") || node.has("max_delay")
                || node.has("jitter")) {
            int retries = integer(node, "max_retries", at, 0, 0, 1000);
            Duration delay = orElse(seconds(node, "retry_delay", at, false), Duration.ofSeconds(5));
            double backoff = number(node, "backoff", at, 1, 1, 100);
            Duration maxDelay = orElse(seconds(node, "max_delay", at, false),
                    Duration.ofSeconds(Math.min(MAX_SECONDS, delay.multipliedBy(100).toSeconds())));
            double jitter = number(node, "jitter", at, 0, 0, 1);
            b.retry(new RetryPolicy(retries, delay, backoff, maxDelay, jitter));
        }
        if (node.has("resources") && !node.get("resources").isNull()) {
            JsonNode list = node.get("resources");
            if (!list.isArray()) {
                throw new ApiJson.BadRequest("'" + at + "resources' must be an array of {\"name\", \"type\", \"mode\", \"amount\"}, found " + ApiJson.kind(list));
            }
            for (int i = 0; i < list.size(); i++) {
                b.resource(RequirementsJson.claim(list.get(i), at + "resources[" + i + "]"));
            }
        }
        strings(node, "tags", at).forEach(b::tag);
        Map<String, Object> metadata = node.has("metadata") && !node.get("metadata").isNull()
                ? new LinkedHashMap<>(object(node, "metadata", at)) : new LinkedHashMap<>();
        b.metadata(metadata);
        b.module(text(node, "module", at, false));
        b.description(text(node, "description", at, false));
        b.createdBy(createdBy(node, at, user));
        if (node.has("execution_context") && !node.get("execution_context").isNull()) {
            b.executionContext(object(node, "execution_context", at));
        }
        b.resourceRequirements(RequirementsJson.read(node.get("resource_requirements"), at + "resource_requirements"));
        b.notBefore(instant(node, "not_before", at));
        b.deadline(instant(node, "deadline", at));
        String capability = text(node, "capability", at, false);
        String taskType = text(node, "task_type", at, false);
        b.capability(capability == null && taskType != null && !node.hasNonNull("action") ? taskType : capability);
        b.assignedTo(text(node, "assigned_to", at, false));
        b.runAlways(bool(node, "run_always", at));
        b.waitForAction(bool(node, "wait_for_action", at));
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new ApiJson.BadRequest(where.isEmpty() ? e.getMessage() : where + ": " + e.getMessage());
        }
    }

    /**
     * The task's action, under its name {@code action} or seed 004's {@code task_type} (both given:
     * they must agree).
     */
    private static String action(JsonNode node, String at) throws ApiJson.BadRequest {
        String action = text(node, "action", at, false);
        String taskType = text(node, "task_type", at, false);
        if (action != null && taskType != null && !action.equals(taskType)) {
            throw new ApiJson.BadRequest("'" + at + "task_type' is another name for '" + at + "action'; given both, they must"
                    + " be the same, found action '" + ApiJson.shorten(action) + "' and task_type '" + ApiJson.shorten(taskType) + "'");
        }
        String value = action != null ? action : taskType;
        if (value == null) {
            throw new ApiJson.BadRequest("'" + at + "action' is required (or its other name 'task_type')");
        }
        if (value.isBlank()) {
            throw new ApiJson.BadRequest("'" + at + (action != null ? "action" : "task_type") + "' must not be empty");
        }
        return value;
    }

    /** The authenticated user, whom a body's {@code created_by} may only repeat. */
    private static String createdBy(JsonNode node, String at, String user) throws ApiJson.BadRequest {
        JsonNode given = node.get("created_by");
        if (given != null && !given.isNull() && !(given.isTextual() && given.textValue().equals(user))) {
            throw new ApiJson.BadRequest("'" + at + "created_by': set from your credential, '" + user + "'; cannot be "
                    + (given.isTextual() ? "'" + ApiJson.shorten(given.textValue()) + "'" : ApiJson.kind(given)));
        }
        return user;
    }

    /** A priority: a name (low … critical) or a number 1 to 5; {@code field} names it in a refusal. */
    static Priority priority(JsonNode p, String field) throws ApiJson.BadRequest {
        try {
            return p.isIntegralNumber() ? Priority.of(p.intValue()) : Priority.parse(p.isTextual() ? p.textValue() : "?");
        } catch (IllegalArgumentException e) {
            throw new ApiJson.BadRequest("'" + field + "': " + e.getMessage() + ", found " + p);
        }
    }

    /** Refuses an id that could not be used in {@code /tasks/{id}}. */
    static void checkId(String id, String field) throws ApiJson.BadRequest {
        if (!ID.matcher(id).matches() || id.equals(".") || id.equals("..")) {
            throw new ApiJson.BadRequest("'" + field + "' must be 1 to 128 of the characters A-Z, a-z, 0-9, '.', '_' and '-'"
                    + " (and not '.' or '..'), found " + ApiJson.kind(TextNode.valueOf(id)));
        }
    }

    // ------------------------------------------------------------------ field readers

    /** The field's value, or null where it is absent or null and not required. */
    static JsonNode present(JsonNode node, String field, String at, boolean required) throws ApiJson.BadRequest {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new ApiJson.BadRequest("'" + at + field + "' is required");
            }
            return null;
        }
        return v;
    }

    static String text(JsonNode node, String field, String at, boolean required) throws ApiJson.BadRequest {
        JsonNode v = present(node, field, at, required);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw new ApiJson.BadRequest("'" + at + field + "' must be a string, found " + ApiJson.kind(v));
        }
        return v.textValue();
    }

    static Map<String, Object> object(JsonNode node, String field, String at) throws ApiJson.BadRequest {
        JsonNode v = node.get(field);
        if (!v.isObject()) {
            throw new ApiJson.BadRequest("'" + at + field + "' must be a JSON object, found " + ApiJson.kind(v));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = ApiJson.MAPPER.convertValue(v, LinkedHashMap.class);
        return map;
    }

    static List<String> strings(JsonNode node, String field, String at) throws ApiJson.BadRequest {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw new ApiJson.BadRequest("'" + at + field + "' must be an array of strings, found " + ApiJson.kind(v));
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) {
                throw new ApiJson.BadRequest("'" + at + field + "[" + i + "]' must be a string, found " + ApiJson.kind(v.get(i)));
            }
            out.add(v.get(i).textValue());
        }
        return out;
    }

    private static boolean bool(JsonNode node, String field, String at) throws ApiJson.BadRequest {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw new ApiJson.BadRequest("'" + at + field + "' must be true or false, found " + ApiJson.kind(v));
        }
        return v.booleanValue();
    }

    static int integer(JsonNode node, String field, String at, int fallback, int min, int max) throws ApiJson.BadRequest {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min || v.intValue() > max) {
            throw new ApiJson.BadRequest("'" + at + field + "' must be a whole number from " + min + " to " + max + ", found " + v);
        }
        return v.intValue();
    }

    private static double number(JsonNode node, String field, String at, double fallback, double min, double max)
            throws ApiJson.BadRequest {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isNumber() || !(v.doubleValue() >= min && v.doubleValue() <= max)) {
            throw new ApiJson.BadRequest("'" + at + field + "' must be a number from " + min + " to " + max + ", found " + v);
        }
        return v.doubleValue();
    }

    private static Duration seconds(JsonNode node, String field, String at, boolean required) throws ApiJson.BadRequest {
        JsonNode v = present(node, field, at, required);
        if (v == null) {
            return null;
        }
        if (!v.isNumber() || !(v.doubleValue() >= 0) || v.doubleValue() > MAX_SECONDS) {
            throw new ApiJson.BadRequest("'" + at + field + "' must be a number of seconds from 0 to " + MAX_SECONDS
                    + " (365 days), found " + v);
        }
        return Duration.ofNanos(Math.round(v.doubleValue() * 1e9));
    }

    private static Instant instant(JsonNode node, String field, String at) throws ApiJson.BadRequest {
        String text = text(node, field, at, false);
        if (text == null) {
            return null;
        }
        String expected = "'" + at + field + "' must be an ISO-8601 time from " + EARLIEST + " to " + LATEST
                + ", such as 2026-11-23T21:30:00Z, found '" + ApiJson.shorten(text) + "'";
        Instant t;
        try {
            t = java.time.OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new ApiJson.BadRequest(expected);
        }
        if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
            throw new ApiJson.BadRequest(expected);
        }
        return t;
    }

    private static <T> T orElse(T value, T fallback) {
        return value == null ? fallback : value;
    }

    // ------------------------------------------------------------------ writing

    /**
     * A task as a tree (tests, and an answer that adds fields to it). Answers write
     * {@link TaskRecordJson} straight to their stream instead; this is its tree.
     */
    static ObjectNode record(TaskRecord r) {
        return ApiJson.MAPPER.valueToTree(TaskRecordJson.of(r));
    }

    /** Seed 003's {@code retry_count}: the retries done, i.e. the attempts after the first. */
    static int retryCount(TaskRecord r) {
        return Math.max(0, r.attempts() - 1);
    }

    /**
     * Seed 003's {@code can_retry()}: whether {@code POST /tasks/{id}/retry} is accepted for its
     * status (failed or cancelled; the scheduler still refuses it, 409, while a dependency failed).
     */
    static boolean canRetry(TaskRecord r) {
        return r.status() == TaskStatus.FAILED || r.status() == TaskStatus.CANCELLED;
    }

    /** A task's or an execution's {@code error} (the message) and {@code error_detail}; both null for none. */
    static void putError(ObjectNode n, TaskError error) {
        n.put("error", error == null ? null : error.message());
        if (error == null) {
            n.putNull("error_detail");
        } else {
            ObjectNode e = n.putObject("error_detail");
            e.put("type", error.type());
            e.put("message", error.message());
            e.put("severity", error.severity().id());
            e.put("retryable", error.retryable());
        }
    }

    static String str(Instant t) {
        return t == null ? null : t.toString();
    }

    /** Seed 003's execution stats and seed 004's queue statistics and metrics, in one object. */
    static ObjectNode statistics(SchedulerStatistics s) {
        ObjectNode n = ApiJson.MAPPER.createObjectNode();
        n.put("timestamp", s.at().toString());
        n.put("total_tasks", s.totalTasks());
        ObjectNode by = ApiJson.MAPPER.createObjectNode();
        for (TaskStatus status : TaskStatus.values()) {
            n.put(status.id(), s.byStatus().getOrDefault(status, 0L));
            by.put(status.id(), s.byStatus().getOrDefault(status, 0L));
        }
        // seed 003's pending: not yet started (the next attempt), so pending + running = 0 means all ended
        n.put("pending", notStarted(s));
        n.set("by_status", by);
        n.put("pending_tasks", s.queued());
        n.put("running_tasks", s.running());
        n.put("completed_tasks", s.byStatus().getOrDefault(TaskStatus.COMPLETED, 0L));
        n.put("failed_tasks", s.byStatus().getOrDefault(TaskStatus.FAILED, 0L));
        n.put("concurrent_tasks", s.running());
        n.put("average_execution_time", s.averageExecutionSeconds());
        n.put("average_duration_seconds", s.averageExecutionSeconds());
        n.put("total_execution_time", s.totalExecutionSeconds());
        n.put("tasks_per_minute", s.tasksPerMinute());
        n.put("scheduler_paused", s.paused());
        n.set("action_metrics", groups(s.byAction()));
        n.set("agent_metrics", groups(s.byAgent()));
        return n;
    }

    /** Tasks waiting to start (their next attempt): pending, ready, paused and retrying. */
    static long notStarted(SchedulerStatistics s) {
        long n = 0;
        for (TaskStatus status : java.util.EnumSet.of(TaskStatus.PENDING, TaskStatus.READY, TaskStatus.PAUSED,
                TaskStatus.RETRYING)) {
            n += s.byStatus().getOrDefault(status, 0L);
        }
        return n;
    }

    private static ObjectNode groups(Map<String, SchedulerStatistics.Group> groups) {
        ObjectNode n = ApiJson.MAPPER.createObjectNode();
        groups.forEach((name, g) -> n.putObject(name).put("completed", g.completed()).put("failed", g.failed())
                .put("cancelled", g.cancelled())
                .put("running", g.running()).put("average_execution_time", g.averageExecutionSeconds()));
        return n;
    }
}
