package org.orrery.web.api.internal;

import java.time.Instant;
import java.util.Date;
import java.util.Locale;
import java.util.function.Function;

import org.orrery.agent.AgentEvent;
import org.orrery.sequence.SequenceEvent;
import org.orrery.task.SchedulerEvent;
import org.orrery.task.TaskEvent;
import org.osgi.service.event.Event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The event stream's messages in JSON: a task event as seed 001 writes it ({@code type},
 * {@code task_id}, {@code name}, {@code action}, {@code timestamp}, then whichever of
 * {@code status}, {@code progress}, {@code attempt}, {@code message}, {@code result} and
 * {@code error} the event carries), a sequence event ({@code type}, {@code sequence_id},
 * {@code sequence_name}, {@code state}, {@code step_id}, {@code path}, {@code step_type},
 * {@code task_id}, {@code error}, {@code timestamp}: every one, null when the event has none),
 * a scheduler event ({@code scheduler_paused}, {@code scheduler_resumed}: {@code mode}, {@code paused},
 * {@code timestamp}), an agent event ({@code agent_registered}, {@code agent_state}, {@code agent_removed}:
 * {@code agent_id}, {@code state}, {@code running}, {@code timestamp}, {@code agent}), and the stream's own {@code stream_overflow} message.
 */
final class EventStreamJson {

    /** The one mapper of the event stream: thread-safe once configured. */
    static final ObjectMapper MAPPER = new ObjectMapper();

    /** {@code type} of the last message a client gets when it fell behind. */
    static final String OVERFLOW_TYPE = "stream_overflow";

    private EventStreamJson() {
    }

    /**
     * The seed's {@code type} of an event: its {@code type} property, else derived from its
     * topic ({@code org/orrery/task/STARTED} gives {@code task_started}).
     */
    static String type(Event event) {
        Object type = event.getProperty(TaskEvent.PROPERTY_TYPE);
        if (type instanceof TaskEvent.Type t) {
            return t.id();
        }
        if (type instanceof SequenceEvent.Type t) {
            return t.id();
        }
        if (type instanceof SchedulerEvent.Type t) {
            return t.id();
        }
        if (event.getProperty(AgentEvent.PROPERTY_EVENT) instanceof AgentEvent agent) {
            return agent.type().id();
        }
        if (type != null) {
            return type.toString();
        }
        String topic = event.getTopic();
        if (isSequenceEvent(event)) {
            return topic.substring(SequenceEvent.TOPIC_PREFIX.length()).toLowerCase(Locale.ROOT);
        }
        if (topic.startsWith(SchedulerEvent.TOPIC_PREFIX)) {
            return "scheduler_" + topic.substring(SchedulerEvent.TOPIC_PREFIX.length()).toLowerCase(Locale.ROOT);
        }
        if (isAgentEvent(event)) {
            return "agent_" + topic.substring(AgentEvent.TOPIC_PREFIX.length()).toLowerCase(Locale.ROOT);
        }
        String last = topic.startsWith(TaskEvent.TOPIC_PREFIX) ? topic.substring(TaskEvent.TOPIC_PREFIX.length()) : topic;
        return "task_" + last.toLowerCase(Locale.ROOT);
    }

    /** True for an event of a sequence ({@code org/orrery/sequence/…}). */
    static boolean isSequenceEvent(Event event) {
        return event.getTopic().startsWith(SequenceEvent.TOPIC_PREFIX);
    }

    /** True for an event of an agent ({@code org/orrery/agent/…}). */
    static boolean isAgentEvent(Event event) {
        return event.getTopic().startsWith(AgentEvent.TOPIC_PREFIX);
    }

    /** The sequence an event is about, or null (task events). */
    static String sequenceId(Event event) {
        return isSequenceEvent(event) ? text(event.getProperty(SequenceEvent.PROPERTY_SEQUENCE_ID)) : null;
    }

    /** The agent an event is about, or null (task and sequence events). */
    static String agentId(Event event) {
        Object id = isAgentEvent(event) ? event.getProperty(AgentEvent.PROPERTY_AGENT_ID) : null;
        return id == null ? null : id.toString();
    }

    /** The task an event is about, or null. */
    static String taskId(Event event) {
        Object id = event.getProperty(TaskEvent.PROPERTY_TASK_ID);
        return id == null ? null : id.toString();
    }

    /** A task, sequence, scheduler or agent event as one JSON text. */
    static String event(Event event) {
        if (isAgentEvent(event)) {
            return write(agentEvent(event));
        }
        if (event.getTopic().startsWith(SchedulerEvent.TOPIC_PREFIX)) {
            return write(schedulerEvent(event));
        }
        return write(isSequenceEvent(event) ? sequenceEvent(event) : taskEvent(event));
    }

    /** {@code {"type": "scheduler_paused", "mode": "deferred", "paused": true, "timestamp": …}} ({@code mode} null on resume). */
    private static ObjectNode schedulerEvent(Event event) {
        ObjectNode json = MAPPER.createObjectNode();
        String type = type(event);
        json.put("type", type);
        Object mode = event.getProperty(SchedulerEvent.PROPERTY_MODE);
        json.put(SchedulerEvent.PROPERTY_MODE, mode == null ? null : lower(mode));
        json.put("paused", SchedulerEvent.Type.PAUSED.id().equals(type));
        json.put(SchedulerEvent.PROPERTY_TIMESTAMP, timestamp(event.getProperty(SchedulerEvent.PROPERTY_TIMESTAMP)));
        return json;
    }

    /**
     * {@code {"type": "agent_state", "agent_id": "gpu-1", "state": "busy", "running": 2, "timestamp": …,
     * "agent": {the agent as GET /agents/{id} shows it}}} ({@code agent} when the event carries it).
     */
    private static ObjectNode agentEvent(Event event) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("type", type(event));
        AgentEvent agent = event.getProperty(AgentEvent.PROPERTY_EVENT) instanceof AgentEvent a ? a : null;
        Object id = event.getProperty(AgentEvent.PROPERTY_AGENT_ID);
        json.put(AgentEvent.PROPERTY_AGENT_ID, id != null ? id.toString() : agent == null ? null : agent.agent().id());
        Object state = event.getProperty(AgentEvent.PROPERTY_STATE);
        json.put(AgentEvent.PROPERTY_STATE, state != null ? lower(state) : agent == null ? null : agent.agent().state().id());
        Object running = event.getProperty(AgentEvent.PROPERTY_RUNNING);
        putNumber(json, AgentEvent.PROPERTY_RUNNING, running != null ? running
                : agent == null ? null : agent.agent().runningTasks().size());
        Object timestamp = event.getProperty(AgentEvent.PROPERTY_TIMESTAMP);
        json.put(AgentEvent.PROPERTY_TIMESTAMP, timestamp(timestamp != null ? timestamp : agent == null ? null : agent.timestamp()));
        if (agent != null) {
            json.set("agent", AgentApiJson.agent(agent.agent()));
        }
        return json;
    }

    private static ObjectNode sequenceEvent(Event event) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("type", type(event));
        json.put(SequenceEvent.PROPERTY_SEQUENCE_ID, text(event.getProperty(SequenceEvent.PROPERTY_SEQUENCE_ID)));
        json.put(SequenceEvent.PROPERTY_SEQUENCE_NAME, text(event.getProperty(SequenceEvent.PROPERTY_SEQUENCE_NAME)));
        Object state = event.getProperty(SequenceEvent.PROPERTY_STATE);
        json.put(SequenceEvent.PROPERTY_STATE, state == null ? null : lower(state));
        for (String field : new String[] {SequenceEvent.PROPERTY_STEP_ID, SequenceEvent.PROPERTY_PATH,
                SequenceEvent.PROPERTY_STEP_TYPE, SequenceEvent.PROPERTY_TASK_ID}) {
            json.put(field, text(event.getProperty(field)));
        }
        json.put(SequenceEvent.PROPERTY_ERROR, error(event.getProperty(SequenceEvent.PROPERTY_ERROR)));
        json.put(SequenceEvent.PROPERTY_TIMESTAMP, timestamp(event.getProperty(SequenceEvent.PROPERTY_TIMESTAMP)));
        Object decision = event.getProperty(SequenceEvent.PROPERTY_DECISION);
        if (decision != null) {
            json.set(SequenceEvent.PROPERTY_DECISION, tree(decision)); // target_decision: TargetDecision.toMap()
        }
        return json;
    }

    /** A task event that came from the scheduler directly ({@link org.orrery.task.TaskEventListener}), as one JSON text. */
    static String event(TaskEvent event) {
        return write(taskEvent(event.type().id(), property -> property(event, property)));
    }

    /** What the scheduler posts to Event Admin under {@code property} for {@code event} (null: not posted). */
    private static Object property(TaskEvent event, String property) {
        return switch (property) {
            case TaskEvent.PROPERTY_TASK_ID -> event.taskId();
            case TaskEvent.PROPERTY_NAME -> event.name();
            case TaskEvent.PROPERTY_ACTION -> event.action();
            case TaskEvent.PROPERTY_TIMESTAMP -> event.timestamp();
            case TaskEvent.PROPERTY_STATUS -> event.status() == null ? null : event.status().id();
            case TaskEvent.PROPERTY_PROGRESS -> event.progress();
            case TaskEvent.PROPERTY_ATTEMPT -> event.attempt();
            case TaskEvent.PROPERTY_MESSAGE -> event.message();
            case TaskEvent.PROPERTY_RESULT -> event.result();
            case TaskEvent.PROPERTY_ERROR -> event.error();
            default -> null;
        };
    }

    private static ObjectNode taskEvent(Event event) {
        return taskEvent(type(event), event::getProperty);
    }

    /** A task event's JSON from its {@code type} and its Event Admin properties. */
    private static ObjectNode taskEvent(String type, Function<String, Object> property) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("type", type);
        Object id = property.apply(TaskEvent.PROPERTY_TASK_ID);
        json.put(TaskEvent.PROPERTY_TASK_ID, id == null ? null : id.toString());
        json.put(TaskEvent.PROPERTY_NAME, text(property.apply(TaskEvent.PROPERTY_NAME)));
        json.put(TaskEvent.PROPERTY_ACTION, text(property.apply(TaskEvent.PROPERTY_ACTION)));
        json.put(TaskEvent.PROPERTY_TIMESTAMP, timestamp(property.apply(TaskEvent.PROPERTY_TIMESTAMP)));
        Object status = property.apply(TaskEvent.PROPERTY_STATUS);
        if (status != null) {
            json.put(TaskEvent.PROPERTY_STATUS, lower(status));
        }
        putNumber(json, TaskEvent.PROPERTY_PROGRESS, property.apply(TaskEvent.PROPERTY_PROGRESS));
        putNumber(json, TaskEvent.PROPERTY_ATTEMPT, property.apply(TaskEvent.PROPERTY_ATTEMPT));
        Object message = property.apply(TaskEvent.PROPERTY_MESSAGE);
        if (message != null) {
            json.put(TaskEvent.PROPERTY_MESSAGE, message.toString());
        }
        Object result = property.apply(TaskEvent.PROPERTY_RESULT);
        if (result != null) {
            json.set(TaskEvent.PROPERTY_RESULT, tree(result));
        }
        Object error = property.apply(TaskEvent.PROPERTY_ERROR);
        if (error != null) {
            json.put(TaskEvent.PROPERTY_ERROR, error(error));
        }
        return json;
    }

    /** An enum's name or a text, in lower case ({@code RUNNING} and {@code running} alike). */
    private static String lower(Object value) {
        return (value instanceof Enum<?> e ? e.name() : value.toString()).toLowerCase(Locale.ROOT);
    }

    private static String error(Object error) {
        return error == null ? null : error instanceof Throwable t ? String.valueOf(t.getMessage()) : error.toString();
    }

    /** The last message to a client that fell behind: how many events it did not get, and why. */
    static String overflow(long dropped, int capacity, Instant now) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("type", OVERFLOW_TYPE);
        json.put("dropped", dropped);
        json.put("capacity", capacity);
        json.put("message", "this client fell behind: its queue of events waiting to be sent was full, so " + dropped
                + " events were dropped and the stream closes; reconnect, and read the tasks' state with GET /api/v1/tasks");
        json.put(TaskEvent.PROPERTY_TIMESTAMP, now.toString());
        return write(json);
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    /** ISO-8601 in UTC, e.g. {@code 2026-01-02T03:04:05.123Z}; now when the event has none. */
    static String timestamp(Object value) {
        if (value instanceof Instant instant) {
            return instant.toString();
        }
        if (value instanceof Date date) {
            return date.toInstant().toString();
        }
        if (value instanceof Long millis) {
            return Instant.ofEpochMilli(millis).toString();
        }
        if (value != null) {
            return value.toString();
        }
        return Instant.now().toString();
    }

    private static void putNumber(ObjectNode json, String field, Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            json.put(field, ((Number) value).longValue());
        } else if (value instanceof Number n) {
            double d = n.doubleValue();
            if (Double.isFinite(d)) {
                json.put(field, d);
            }
        }
    }

    /** Any value as JSON: maps, lists, numbers, strings...; what Jackson cannot write becomes its text. */
    private static JsonNode tree(Object value) {
        try {
            return MAPPER.valueToTree(value);
        } catch (IllegalArgumentException e) {
            return MAPPER.getNodeFactory().textNode(value.toString());
        }
    }

    private static String write(JsonNode json) {
        try {
            return MAPPER.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an event as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
