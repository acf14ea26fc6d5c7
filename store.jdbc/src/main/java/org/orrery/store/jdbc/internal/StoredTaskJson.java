package org.orrery.store.jdbc.internal;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;

import org.orrery.task.Priority;
import org.orrery.task.ResourceClaim;
import org.orrery.task.ResourceRequirements;
import org.orrery.task.RetryPolicy;
import org.orrery.task.Severity;
import org.orrery.task.TaskError;
import org.orrery.task.TaskExecution;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskSpec;
import org.orrery.task.TaskStatus;

/**
 * A {@link TaskRecord} as JSON text and back, every field included. Written by hand (no
 * reflection on the records), snake_case like the REST API. Instants and durations are ISO-8601
 * strings ({@link Instant#toString()}, {@link Duration#toString()}), which keep nanoseconds
 * exactly. Parameter, metadata and result maps are kept as JSON values and come back in the
 * platform's value model (core.api README): String, Boolean, Integer/Long/BigInteger for whole
 * numbers, BigDecimal for every other number, List, Map, null: the types the API gives an action
 * on its first run, so an action sees the same values after a restart.
 */
final class StoredTaskJson {

    /** The layout of the JSON document; bump it (and read the old one) when it changes. */
    static final int FORMAT = 1;

    /** Most tasks whose encoded spec is kept ({@link #specJson}). */
    static final int SPEC_CACHE_BOUND = 4096;

    private final ConcurrentHashMap<String, EncodedSpec> specs = new ConcurrentHashMap<>();
    private final ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false); // 2.0 stays 2.0, never the integer 2

    String write(TaskRecord task) {
        ObjectNode root = mapper.createObjectNode();
        root.put("format", FORMAT);
        try {
            root.putRawValue("spec", specJson(task));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("task " + task.id() + " cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
        root.put("status", task.status().name());
        if (task.result() != null) {
            root.set("result", mapper.valueToTree(task.result()));
        }
        putError(root, task.error());
        root.put("attempts", task.attempts());
        root.put("progress", task.progress());
        putText(root, "progress_message", task.progressMessage());
        putText(root, "waiting_for", task.waitingFor());
        putInstant(root, "created_at", task.createdAt());
        putInstant(root, "started_at", task.startedAt());
        putInstant(root, "completed_at", task.completedAt());
        root.put("execution_time", task.executionTime().toString());
        putText(root, "assigned_to", task.assignedTo());
        root.put("revision", task.revision());
        if (!task.checkpoint().isEmpty()) {
            root.set("checkpoint", mapper.valueToTree(task.checkpoint())); // absent when empty: format 1 still
        }
        try {
            return mapper.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("task " + task.id() + " cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * The spec as JSON text: encoded once while its task is saved again and again (each status
     * change writes the whole record, and a spec never changes but by {@code update}, which makes
     * a new one), then reused for the very same spec object. A task's entry goes when the task is
     * saved in an end state; the cache starts again empty past {@link #SPEC_CACHE_BOUND} tasks.
     */
    private RawValue specJson(TaskRecord task) throws JsonProcessingException {
        EncodedSpec cached = specs.get(task.id());
        boolean hit = cached != null && cached.spec() == task.spec();
        RawValue json = hit ? cached.json() : new RawValue(mapper.writeValueAsString(spec(task.spec())));
        if (task.status().isTerminal()) {
            specs.remove(task.id());
        } else if (!hit) {
            if (specs.size() >= SPEC_CACHE_BOUND) {
                specs.clear();
            }
            specs.put(task.id(), new EncodedSpec(task.spec(), json));
        }
        return json;
    }

    /** Tasks whose spec is held encoded (tests). */
    int cachedSpecs() {
        return specs.size();
    }

    private record EncodedSpec(TaskSpec spec, RawValue json) {
    }

    private ObjectNode spec(TaskSpec spec) {
        ObjectNode node = mapper.createObjectNode();
        putText(node, "id", spec.id());
        node.put("name", spec.name());
        node.put("action", spec.action());
        node.set("parameters", mapper.valueToTree(spec.parameters()));
        node.put("priority", spec.priority().name());
        ArrayNode depends = node.putArray("depends_on");
        spec.dependsOn().forEach(depends::add);
        putDuration(node, "timeout", spec.timeout());
        if (spec.retry() != null) {
            RetryPolicy r = spec.retry();
            ObjectNode retry = node.putObject("retry");
            retry.put("max_retries", r.maxRetries());
            retry.put("retry_delay", r.retryDelay().toString());
            retry.put("backoff", r.backoff());
            retry.put("max_delay", r.maxDelay().toString());
            retry.put("jitter", r.jitter());
        }
        ArrayNode resources = node.putArray("resources");
        for (ResourceClaim claim : spec.resources()) {
            ObjectNode c = resources.addObject();
            c.put("name", claim.name());
            c.put("type", claim.type().name());
            c.put("mode", claim.mode().name());
            c.put("amount", claim.amount());
        }
        ArrayNode tags = node.putArray("tags");
        spec.tags().stream().sorted().forEach(tags::add);
        node.set("metadata", mapper.valueToTree(spec.metadata()));
        putInstant(node, "not_before", spec.notBefore());
        putInstant(node, "deadline", spec.deadline());
        putText(node, "capability", spec.capability());
        putText(node, "assigned_to", spec.assignedTo());
        node.put("run_always", spec.runAlways());
        node.put("wait_for_action", spec.waitForAction());
        // seed 004's fields: absent when unset, so format 1 still (older rows lack them and read as unset)
        putText(node, "description", spec.description());
        putText(node, "created_by", spec.createdBy());
        putText(node, "module", spec.module()); // seed 003's: absent when unset, as seed 004's fields
        if (!spec.executionContext().isEmpty()) {
            node.set("execution_context", mapper.valueToTree(spec.executionContext()));
        }
        ResourceRequirements r = spec.resourceRequirements();
        if (r != null) {
            ObjectNode req = node.putObject("resource_requirements");
            req.put("cpu_cores", r.cpuCores());
            req.put("memory_gb", r.memoryGb());
            req.put("disk_gb", r.diskGb());
            req.put("gpu_memory_gb", r.gpuMemoryGb());
        }
        return node;
    }

    TaskRecord read(String json) throws IOException {
        JsonNode root = mapper.readTree(json);
        if (root == null || !root.isObject()) {
            throw new IOException("not a JSON object");
        }
        int format = root.path("format").asInt(-1);
        if (format != FORMAT) {
            throw new IOException("unknown task JSON format " + format + " (this bundle reads format " + FORMAT + ")");
        }
        TaskError error = error(root);
        return TaskRecord.builder(spec(root.path("spec"))).status(TaskStatus.valueOf(root.path("status").asText()))
                .result(map(root.get("result"))).error(error).attempts(root.path("attempts").asInt())
                .progress(root.path("progress").asDouble()).progressMessage(text(root, "progress_message"))
                .waitingFor(text(root, "waiting_for")).createdAt(instant(root, "created_at"))
                .startedAt(instant(root, "started_at")).completedAt(instant(root, "completed_at"))
                .executionTime(duration(root, "execution_time")).assignedTo(text(root, "assigned_to"))
                .revision(root.path("revision").asLong()).checkpoint(map(root.get("checkpoint"))).build();
    }

    private TaskSpec spec(JsonNode node) throws IOException {
        if (!node.isObject()) {
            throw new IOException("the task has no spec");
        }
        List<String> dependsOn = new ArrayList<>();
        node.path("depends_on").forEach(d -> dependsOn.add(d.asText()));
        JsonNode r = node.get("retry");
        RetryPolicy retry = r == null || r.isNull() ? null
                : new RetryPolicy(r.path("max_retries").asInt(), duration(r, "retry_delay"), r.path("backoff").asDouble(),
                        duration(r, "max_delay"), r.path("jitter").asDouble());
        List<ResourceClaim> resources = new ArrayList<>();
        for (JsonNode c : node.path("resources")) {
            // tasks stored before claims had a type have none: CUSTOM, as the claim's default
            ResourceClaim.Type type = c.hasNonNull("type") ? ResourceClaim.Type.valueOf(c.path("type").asText()) : null;
            resources.add(new ResourceClaim(c.path("name").asText(), type, ResourceClaim.Mode.valueOf(c.path("mode").asText()),
                    c.path("amount").asInt()));
        }
        Set<String> tags = new LinkedHashSet<>();
        node.path("tags").forEach(t -> tags.add(t.asText()));
        JsonNode req = node.get("resource_requirements");
        ResourceRequirements requirements = req == null || req.isNull() ? null
                : new ResourceRequirements(req.path("cpu_cores").asDouble(), req.path("memory_gb").asDouble(),
                        req.path("disk_gb").asDouble(), req.path("gpu_memory_gb").asDouble());
        return TaskSpec.builder(node.path("action").asText()).id(text(node, "id")).name(text(node, "name"))
                .parameters(map(node.get("parameters"))).priority(Priority.valueOf(node.path("priority").asText()))
                .dependsOn(dependsOn).timeout(duration(node, "timeout")).retry(retry).resources(resources).tags(tags)
                .metadata(map(node.get("metadata"))).notBefore(instant(node, "not_before")).deadline(instant(node, "deadline"))
                .capability(text(node, "capability")).assignedTo(text(node, "assigned_to"))
                .runAlways(node.path("run_always").asBoolean()).waitForAction(node.path("wait_for_action").asBoolean())
                .description(text(node, "description")).createdBy(text(node, "created_by"))
                .executionContext(map(node.get("execution_context"))).resourceRequirements(requirements)
                .module(text(node, "module")).build();
    }

    /** A task's execution as JSON (format {@value #FORMAT}, as the tasks'). */
    String writeExecution(TaskExecution x) {
        ObjectNode root = mapper.createObjectNode();
        root.put("format", FORMAT);
        root.put("id", x.id());
        root.put("task_id", x.taskId());
        root.put("attempt", x.attempt());
        root.put("executor_id", x.executorId());
        root.put("status", x.status().name());
        putInstant(root, "started_at", x.startedAt());
        putInstant(root, "ended_at", x.endedAt());
        root.set("result", mapper.valueToTree(x.result()));
        putError(root, x.error());
        ObjectNode usage = root.putObject("usage");
        putDuration(usage, "cpu_time", x.usage().cpuTime());
        if (x.usage().peakMemoryBytes() != null) {
            usage.put("peak_memory_bytes", x.usage().peakMemoryBytes());
        }
        ArrayNode logs = root.putArray("logs");
        for (TaskExecution.LogLine line : x.logs()) {
            logs.addObject().put("time", line.time().toString()).put("level", line.level()).put("message", line.message());
        }
        try {
            return mapper.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("execution " + x.id() + " cannot be written as JSON: " + e.getOriginalMessage(),
                    e);
        }
    }

    TaskExecution readExecution(String text) throws IOException {
        JsonNode root = mapper.readTree(text);
        if (root == null || !root.isObject() || root.path("format").asInt(-1) != FORMAT) {
            throw new IOException("not an execution of JSON format " + FORMAT);
        }
        JsonNode usage = root.path("usage");
        JsonNode peak = usage.get("peak_memory_bytes");
        List<TaskExecution.LogLine> logs = new ArrayList<>();
        for (JsonNode line : root.path("logs")) {
            logs.add(new TaskExecution.LogLine(instant(line, "time"), line.path("level").asText(), text(line, "message")));
        }
        return new TaskExecution(text(root, "id"), text(root, "task_id"), root.path("attempt").asInt(),
                text(root, "executor_id"), TaskStatus.valueOf(root.path("status").asText()), instant(root, "started_at"),
                instant(root, "ended_at"), map(root.get("result")), error(root),
                new TaskExecution.ResourceUsage(duration(usage, "cpu_time"), peak == null || peak.isNull() ? null
                        : peak.asLong()), logs);
    }

    private static void putError(ObjectNode root, TaskError e) {
        if (e != null) {
            ObjectNode error = root.putObject("error");
            error.put("type", e.type());
            error.put("message", e.message());
            error.put("severity", e.severity().name());
            error.put("retryable", e.retryable());
        }
    }

    private static TaskError error(JsonNode root) {
        JsonNode e = root.get("error");
        return e == null || e.isNull() ? null
                : new TaskError(e.path("type").asText(), text(e, "message"), Severity.valueOf(e.path("severity").asText()),
                        e.path("retryable").asBoolean());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(JsonNode node) throws IOException {
        if (node == null || node.isNull()) {
            return null;
        }
        return mapper.treeToValue(node, LinkedHashMap.class);
    }

    private static void putText(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static void putInstant(ObjectNode node, String field, Instant value) {
        if (value != null) {
            node.put(field, value.toString());
        }
    }

    private static void putDuration(ObjectNode node, String field, Duration value) {
        if (value != null) {
            node.put(field, value.toString());
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Instant instant(JsonNode node, String field) {
        String text = text(node, field);
        return text == null ? null : IsoInstants.parse(text);
    }

    private static Duration duration(JsonNode node, String field) {
        String text = text(node, field);
        return text == null ? null : Duration.parse(text);
    }
}
