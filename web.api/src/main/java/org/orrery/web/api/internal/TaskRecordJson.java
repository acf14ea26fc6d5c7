package org.orrery.web.api.internal;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.orrery.task.ResourceClaim;
import org.orrery.task.TaskError;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskSpec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;

/**
 * A task record as the API writes it ({@link TaskApiJson#record}'s fields, in its order), written
 * field by field to the answer's generator: no tree per task per answer (a submit's answer, a
 * claim's leases, every task of a listing page). The value-model maps that are not empty
 * (parameters, result, metadata, ...) still go through the mapper's tree, so their numbers are
 * written exactly as before.
 */
final class TaskRecordJson extends JsonSerializable.Base {

    private final TaskRecord record;

    private TaskRecordJson(TaskRecord record) {
        this.record = record;
    }

    /** The record as an answer's body, or a value inside one ({@code putPOJO}). */
    static TaskRecordJson of(TaskRecord record) {
        return new TaskRecordJson(record);
    }

    @Override
    public void serialize(JsonGenerator g, SerializerProvider provider) throws IOException {
        write(g, provider, record);
    }

    @Override
    public void serializeWithType(JsonGenerator g, SerializerProvider provider, TypeSerializer type) throws IOException {
        write(g, provider, record);
    }

    /**
     * Writes the record. Trees inside it are written with their own {@code serialize}, never
     * {@code JsonGenerator.writeTree}: that goes through the mapper, which flushes the generator
     * after each value (FLUSH_AFTER_WRITE_VALUE), i.e. a write to the socket per tree.
     */
    static void write(JsonGenerator g, SerializerProvider p, TaskRecord r) throws IOException {
        TaskSpec s = r.spec();
        g.writeStartObject();
        g.writeStringField("id", r.id());
        text(g, "name", s.name());
        g.writeStringField("action", s.action());
        g.writeStringField("task_type", s.action());
        text(g, "description", s.description() != null ? s.description()
                : s.metadata().get("description") instanceof String old ? old : null);
        text(g, "created_by", s.createdBy());
        map(g, p, "execution_context", s.executionContext());
        g.writeFieldName("resource_requirements");
        tree(g, p, RequirementsJson.write(s.resourceRequirements()));
        map(g, p, "parameters", s.parameters());
        g.writeStringField("status", r.status().id());
        if (r.result() == null) {
            g.writeNullField("result");
        } else {
            g.writeFieldName("result");
            tree(g, p, ApiJson.MAPPER.valueToTree(r.result()));
        }
        error(g, r.error());
        g.writeStringField("priority", r.spec().priority().id());
        g.writeArrayFieldStart("depends_on");
        for (String d : s.dependsOn()) {
            g.writeString(d);
        }
        g.writeEndArray();
        seconds(g, "timeout", s.timeout());
        if (s.retry() != null) {
            g.writeNumberField("max_retries", s.retry().maxRetries());
            seconds(g, "retry_delay", s.retry().retryDelay());
            g.writeNumberField("backoff", s.retry().backoff());
            seconds(g, "max_delay", s.retry().maxDelay());
            g.writeNumberField("jitter", s.retry().jitter());
        }
        g.writeArrayFieldStart("resources");
        for (ResourceClaim c : s.resources()) {
            tree(g, p, RequirementsJson.write(c));
        }
        g.writeEndArray();
        g.writeArrayFieldStart("tags");
        for (String t : s.tags().stream().sorted().toList()) {
            g.writeString(t);
        }
        g.writeEndArray();
        map(g, p, "metadata", s.metadata());
        instant(g, "not_before", s.notBefore());
        instant(g, "deadline", s.deadline());
        text(g, "capability", s.capability());
        text(g, "assigned_to", r.assignedTo());
        g.writeBooleanField("run_always", s.runAlways());
        g.writeBooleanField("wait_for_action", s.waitForAction());
        g.writeNumberField("attempts", r.attempts());
        g.writeNumberField("retry_count", TaskApiJson.retryCount(r));
        g.writeBooleanField("can_retry", TaskApiJson.canRetry(r));
        text(g, "module", s.module());
        g.writeNumberField("progress", r.progress());
        text(g, "progress_message", r.progressMessage());
        text(g, "waiting_for", r.waitingFor());
        instant(g, "created_at", r.createdAt());
        instant(g, "started_at", r.startedAt());
        instant(g, "completed_at", r.completedAt());
        g.writeNumberField("execution_time", r.executionTime().toNanos() / 1e9);
        map(g, p, "checkpoint", r.checkpoint());
        g.writeEndObject();
    }

    private static void text(JsonGenerator g, String field, String value) throws IOException {
        if (value == null) {
            g.writeNullField(field);
        } else {
            g.writeStringField(field, value);
        }
    }

    private static void instant(JsonGenerator g, String field, Instant value) throws IOException {
        text(g, field, TaskApiJson.str(value));
    }

    private static void seconds(JsonGenerator g, String field, Duration d) throws IOException {
        if (d == null) {
            g.writeNullField(field);
        } else {
            g.writeNumberField(field, d.toNanos() / 1e9);
        }
    }

    /** A value-model map: an empty one (most tasks' context, metadata, checkpoint) without the mapper. */
    private static void map(JsonGenerator g, SerializerProvider p, String field, Map<String, Object> map)
            throws IOException {
        g.writeFieldName(field);
        if (map.isEmpty()) {
            g.writeStartObject();
            g.writeEndObject();
        } else {
            tree(g, p, ApiJson.MAPPER.valueToTree(map));
        }
    }

    private static void tree(JsonGenerator g, SerializerProvider p, JsonNode node) throws IOException {
        if (node == null) {
            g.writeNull();
        } else {
            node.serialize(g, p);
        }
    }

    /** {@code error} (the message) and {@code error_detail}; both null for none. */
    private static void error(JsonGenerator g, TaskError error) throws IOException {
        text(g, "error", error == null ? null : error.message());
        if (error == null) {
            g.writeNullField("error_detail");
        } else {
            g.writeObjectFieldStart("error_detail");
            g.writeStringField("type", error.type());
            text(g, "message", error.message());
            g.writeStringField("severity", error.severity().id());
            g.writeBooleanField("retryable", error.retryable());
            g.writeEndObject();
        }
    }
}
