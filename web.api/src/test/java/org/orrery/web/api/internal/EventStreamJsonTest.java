package org.orrery.web.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.orrery.task.SchedulerEvent;
import org.orrery.task.TaskEvent;
import org.orrery.task.TaskStatus;
import org.osgi.service.event.Event;

import com.fasterxml.jackson.databind.JsonNode;

class EventStreamJsonTest {

    /** The properties the scheduler posts (see SchedulerComponent.properties). */
    private static Map<String, Object> posted(TaskEvent.Type type, TaskStatus status) {
        Map<String, Object> p = new HashMap<>();
        p.put(TaskEvent.PROPERTY_TYPE, type.id());
        p.put(TaskEvent.PROPERTY_TASK_ID, "t-1");
        p.put(TaskEvent.PROPERTY_NAME, "take flats");
        p.put(TaskEvent.PROPERTY_ACTION, "camera.expose");
        p.put(TaskEvent.PROPERTY_STATUS, status.id());
        p.put(TaskEvent.PROPERTY_PROGRESS, 0.0);
        p.put(TaskEvent.PROPERTY_ATTEMPT, 1);
        p.put(TaskEvent.PROPERTY_TIMESTAMP, "2026-03-04T05:06:07.123Z");
        return p;
    }

    private static JsonNode json(String text) throws Exception {
        return EventStreamJson.MAPPER.readTree(text);
    }

    @Test
    void aPauseAndAResumeOfTheSchedulerAreTheirOwnEvents() throws Exception {
        Map<String, Object> paused = new LinkedHashMap<>(Map.of(SchedulerEvent.PROPERTY_TYPE, SchedulerEvent.Type.PAUSED.id(),
                SchedulerEvent.PROPERTY_MODE, "immediate", SchedulerEvent.PROPERTY_TIMESTAMP, "2026-03-04T05:06:07.123Z"));
        Event pause = new Event(SchedulerEvent.Type.PAUSED.topic(), paused);
        assertEquals("scheduler_paused", EventStreamJson.type(pause));
        assertEquals("{\"type\":\"scheduler_paused\",\"mode\":\"immediate\",\"paused\":true,"
                + "\"timestamp\":\"2026-03-04T05:06:07.123Z\"}", EventStreamJson.event(pause));
        Event resume = new Event(SchedulerEvent.Type.RESUMED.topic(), Map.of(SchedulerEvent.PROPERTY_TIMESTAMP, "2026-03-04T05:06:08Z"));
        JsonNode json = json(EventStreamJson.event(resume));
        assertEquals("scheduler_resumed", json.get("type").asText(), "the type from the topic when the property is missing");
        assertFalse(json.get("paused").asBoolean());
        assertTrue(json.get("mode").isNull());
        assertTrue(EventStreamFilter.KNOWN_TYPES.containsAll(List.of("scheduler_paused", "scheduler_resumed")));
    }

    @Test
    void anAgentsEventsAreStreamedWithTheAgent() throws Exception {
        org.orrery.agent.AgentInfo busy = FakeAgents.info("gpu-1", org.orrery.agent.AgentState.BUSY);
        org.orrery.agent.AgentEvent posted = new org.orrery.agent.AgentEvent(org.orrery.agent.AgentEvent.Type.STATE, busy,
                Instant.parse("2026-12-05T21:00:05Z"));
        Event event = new Event(posted.type().topic(), Map.of(org.orrery.agent.AgentEvent.PROPERTY_EVENT, posted,
                org.orrery.agent.AgentEvent.PROPERTY_AGENT_ID, "gpu-1", org.orrery.agent.AgentEvent.PROPERTY_STATE, "busy",
                org.orrery.agent.AgentEvent.PROPERTY_RUNNING, 2,
                org.orrery.agent.AgentEvent.PROPERTY_TIMESTAMP, Instant.parse("2026-12-05T21:00:05Z")));
        assertEquals("agent_state", EventStreamJson.type(event));
        JsonNode json = json(EventStreamJson.event(event));
        assertEquals("{\"type\":\"agent_state\",\"agent_id\":\"gpu-1\",\"state\":\"busy\",\"running\":2,"
                + "\"timestamp\":\"2026-12-05T21:00:05Z\"}", ((com.fasterxml.jackson.databind.node.ObjectNode) json.deepCopy()).without("agent").toString());
        assertEquals("gpu", json.get("agent").get("agent_type").asText());
        Event bare = new Event(org.orrery.agent.AgentEvent.Type.REMOVED.topic(), Map.of(
                org.orrery.agent.AgentEvent.PROPERTY_AGENT_ID, "gpu-1"));
        assertEquals("agent_removed", json(EventStreamJson.event(bare)).get("type").asText(), "the type from the topic");
        assertTrue(EventStreamFilter.KNOWN_TYPES.containsAll(List.of("agent_registered", "agent_state", "agent_removed")));
    }

    @Test
    void startedEventIsSeedJsonWithSnakeCaseFieldsInOrder() {
        Event event = new Event(TaskEvent.Type.STARTED.topic(), posted(TaskEvent.Type.STARTED, TaskStatus.RUNNING));
        assertEquals("{\"type\":\"task_started\",\"task_id\":\"t-1\",\"name\":\"take flats\",\"action\":\"camera.expose\","
                + "\"timestamp\":\"2026-03-04T05:06:07.123Z\",\"status\":\"running\",\"progress\":0.0,\"attempt\":1}",
                EventStreamJson.event(event));
    }

    @Test
    void aTaskEventStraightFromTheSchedulerIsTheSameTextAsThroughEventAdmin() {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("frames", 12);
        result.put("files", List.of("a.fits"));
        TaskEvent completed = new TaskEvent(TaskEvent.Type.COMPLETED, "t-1", "take flats", "camera.expose", TaskStatus.COMPLETED,
                result, null, 1.0, null, 1, Instant.parse("2026-03-04T05:06:07.123Z"));
        Map<String, Object> p = posted(TaskEvent.Type.COMPLETED, TaskStatus.COMPLETED);
        p.put(TaskEvent.PROPERTY_RESULT, result);
        p.put(TaskEvent.PROPERTY_PROGRESS, 1.0);
        assertEquals(EventStreamJson.event(new Event(TaskEvent.Type.COMPLETED.topic(), p)), EventStreamJson.event(completed));

        TaskEvent retrying = new TaskEvent(TaskEvent.Type.RETRYING, "t-1", "take flats", "camera.expose", TaskStatus.RETRYING,
                null, "camera not connected", 0.0, "retry in 5 s", 2, Instant.parse("2026-03-04T05:06:07.123Z"));
        Map<String, Object> q = posted(TaskEvent.Type.RETRYING, TaskStatus.RETRYING);
        q.put(TaskEvent.PROPERTY_ERROR, "camera not connected");
        q.put(TaskEvent.PROPERTY_MESSAGE, "retry in 5 s");
        q.put(TaskEvent.PROPERTY_ATTEMPT, 2);
        String text = EventStreamJson.event(retrying);
        assertEquals(EventStreamJson.event(new Event(TaskEvent.Type.RETRYING.topic(), q)), text);
        assertTrue(text.contains("\"error\":\"camera not connected\""), text);
    }

    @Test
    void completedEventCarriesTheResultAsAnObject() throws Exception {
        Map<String, Object> p = posted(TaskEvent.Type.COMPLETED, TaskStatus.COMPLETED);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("frames", 12);
        result.put("files", List.of("a.fits", "b.fits"));
        result.put("nested", Map.of("ok", true));
        p.put(TaskEvent.PROPERTY_RESULT, result);
        p.put(TaskEvent.PROPERTY_PROGRESS, 1.0);
        JsonNode json = json(EventStreamJson.event(new Event(TaskEvent.Type.COMPLETED.topic(), p)));
        assertEquals("task_completed", json.get("type").asText());
        assertEquals("completed", json.get("status").asText());
        assertTrue(json.get("result").isObject());
        assertEquals(12, json.get("result").get("frames").asInt());
        assertEquals("b.fits", json.get("result").get("files").get(1).asText());
        assertTrue(json.get("result").get("nested").get("ok").asBoolean());
        assertEquals(1.0, json.get("progress").asDouble());
        assertFalse(json.has("error"));
        assertFalse(json.has("message"));
    }

    @Test
    void failedAndRetryingEventsCarryErrorAndMessage() throws Exception {
        Map<String, Object> p = posted(TaskEvent.Type.RETRYING, TaskStatus.RETRYING);
        p.put(TaskEvent.PROPERTY_ERROR, "camera not connected");
        p.put(TaskEvent.PROPERTY_MESSAGE, "retry in 5 s");
        p.put(TaskEvent.PROPERTY_ATTEMPT, 2);
        JsonNode json = json(EventStreamJson.event(new Event(TaskEvent.Type.RETRYING.topic(), p)));
        assertEquals("task_retrying", json.get("type").asText());
        assertEquals("camera not connected", json.get("error").asText());
        assertEquals("retry in 5 s", json.get("message").asText());
        assertEquals(2, json.get("attempt").asInt());
        assertTrue(json.get("attempt").isIntegralNumber());
    }

    @Test
    void progressIsANumber() throws Exception {
        Map<String, Object> p = posted(TaskEvent.Type.PROGRESS, TaskStatus.RUNNING);
        p.put(TaskEvent.PROPERTY_PROGRESS, 0.25);
        p.put(TaskEvent.PROPERTY_MESSAGE, "frame 3 of 12");
        JsonNode json = json(EventStreamJson.event(new Event(TaskEvent.Type.PROGRESS.topic(), p)));
        assertTrue(json.get("progress").isNumber());
        assertEquals(0.25, json.get("progress").asDouble());
        assertEquals("frame 3 of 12", json.get("message").asText());
    }

    @Test
    void typeComesFromTheTopicWhenThePropertyIsMissingAndStatusEnumsAreLowerCase() throws Exception {
        Map<String, Object> p = new HashMap<>();
        p.put(TaskEvent.PROPERTY_TASK_ID, "t-2");
        p.put(TaskEvent.PROPERTY_STATUS, TaskStatus.CANCELLED);
        p.put(TaskEvent.PROPERTY_TIMESTAMP, Instant.parse("2026-01-01T00:00:00Z"));
        Event event = new Event(TaskEvent.Type.CANCELLED.topic(), p);
        assertEquals("task_cancelled", EventStreamJson.type(event));
        assertEquals("t-2", EventStreamJson.taskId(event));
        JsonNode json = json(EventStreamJson.event(event));
        assertEquals("task_cancelled", json.get("type").asText());
        assertEquals("cancelled", json.get("status").asText());
        assertEquals("2026-01-01T00:00:00Z", json.get("timestamp").asText());
        assertTrue(json.get("name").isNull(), "name is always there, null when the event has none");
        assertFalse(json.has("progress"));
    }

    @Test
    void missingTimestampIsNowInUtc() throws Exception {
        Instant before = Instant.now();
        JsonNode json = json(EventStreamJson.event(new Event(TaskEvent.Type.READY.topic(), Map.of(TaskEvent.PROPERTY_TASK_ID, "x"))));
        String timestamp = json.get("timestamp").asText();
        assertTrue(timestamp.endsWith("Z"), timestamp);
        assertFalse(Instant.parse(timestamp).isBefore(before));
    }

    @Test
    void aResultJacksonCannotWriteBecomesItsText() throws Exception {
        Map<String, Object> p = posted(TaskEvent.Type.COMPLETED, TaskStatus.COMPLETED);
        p.put(TaskEvent.PROPERTY_RESULT, new Object() {
            @Override
            public String toString() {
                return "opaque";
            }
        });
        JsonNode json = json(EventStreamJson.event(new Event(TaskEvent.Type.COMPLETED.topic(), p)));
        assertEquals("opaque", json.get("result").asText());
    }

    @Test
    void overflowMessageSaysHowManyWereDropped() throws Exception {
        JsonNode json = json(EventStreamJson.overflow(42, 1000, Instant.parse("2026-01-01T00:00:00Z")));
        assertEquals("stream_overflow", json.get("type").asText());
        assertEquals(42, json.get("dropped").asLong());
        assertEquals(1000, json.get("capacity").asInt());
        assertTrue(json.get("message").asText().contains("fell behind"));
        assertEquals("2026-01-01T00:00:00Z", json.get("timestamp").asText());
    }
}
