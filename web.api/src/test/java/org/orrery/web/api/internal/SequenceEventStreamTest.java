package org.orrery.web.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.orrery.sequence.SequenceEvent;
import org.orrery.sequence.SequenceState;
import org.orrery.task.TaskEvent;
import org.osgi.service.event.Event;

import com.fasterxml.jackson.databind.JsonNode;

/** Sequence events on the stream: their JSON, and the sequence= and type= filters. */
class SequenceEventStreamTest {

    /** A step event as the sequence layer posts it (the type and the state as enums, the time an Instant). */
    static Event stepStarted(String sequenceId, String taskId) {
        Map<String, Object> p = new HashMap<>();
        p.put(SequenceEvent.PROPERTY_TYPE, SequenceEvent.Type.STEP_STARTED);
        p.put(SequenceEvent.PROPERTY_SEQUENCE_ID, sequenceId);
        p.put(SequenceEvent.PROPERTY_SEQUENCE_NAME, "M42 LRGB");
        p.put(SequenceEvent.PROPERTY_STATE, SequenceState.RUNNING);
        p.put(SequenceEvent.PROPERTY_STEP_ID, "expose");
        p.put(SequenceEvent.PROPERTY_PATH, "/main/0/steps/1");
        p.put(SequenceEvent.PROPERTY_STEP_TYPE, "task");
        p.put(SequenceEvent.PROPERTY_TASK_ID, taskId);
        p.put(SequenceEvent.PROPERTY_TIMESTAMP, Instant.parse("2026-12-05T02:00:00Z"));
        return new Event(SequenceEvent.Type.STEP_STARTED.topic(), p);
    }

    /** A target_decision event as the sequence manager posts it: the container's step id and the decision as a map. */
    static Event targetDecision(String sequenceId) {
        Map<String, Object> p = new HashMap<>();
        p.put(SequenceEvent.PROPERTY_TYPE, SequenceEvent.Type.TARGET_DECISION);
        p.put(SequenceEvent.PROPERTY_SEQUENCE_ID, sequenceId);
        p.put(SequenceEvent.PROPERTY_SEQUENCE_NAME, "night");
        p.put(SequenceEvent.PROPERTY_STATE, SequenceState.RUNNING);
        p.put(SequenceEvent.PROPERTY_STEP_ID, "night");
        p.put(SequenceEvent.PROPERTY_TIMESTAMP, Instant.parse("2026-12-05T02:00:00Z"));
        p.put(SequenceEvent.PROPERTY_DECISION, FakeSequenceManager.decision(sequenceId, 3).toMap());
        return new Event(SequenceEvent.Type.TARGET_DECISION.topic(), p);
    }

    @Test
    void aStepEventHasEveryFieldInOrder() {
        Event event = stepStarted("s1", "s1.expose.1");
        assertEquals("{\"type\":\"step_started\",\"sequence_id\":\"s1\",\"sequence_name\":\"M42 LRGB\",\"state\":\"running\","
                + "\"step_id\":\"expose\",\"path\":\"/main/0/steps/1\",\"step_type\":\"task\",\"task_id\":\"s1.expose.1\","
                + "\"error\":null,\"timestamp\":\"2026-12-05T02:00:00Z\"}", EventStreamJson.event(event));
        assertEquals("step_started", EventStreamJson.type(event));
        assertEquals("s1", EventStreamJson.sequenceId(event));
        assertEquals("s1.expose.1", EventStreamJson.taskId(event));
    }

    @Test
    void aTargetDecisionEventCarriesTheDecision() throws Exception {
        JsonNode json = EventStreamJson.MAPPER.readTree(EventStreamJson.event(targetDecision("s3")));
        assertEquals("target_decision", json.path("type").asText());
        assertEquals("night", json.path("step_id").asText());
        JsonNode decision = json.path("decision");
        assertEquals(3, decision.path("index").asInt());
        assertEquals("run", decision.path("kind").asText());
        assertEquals("chosen: score 0.63", decision.path("candidates").path(0).path("reason").asText());
        assertEquals(0.63, decision.path("candidates").path(0).path("score").asDouble());
    }

    @Test
    void aSequenceEventWithTextPropertiesAndNoTypeTakesItFromTheTopic() throws Exception {
        Map<String, Object> p = new HashMap<>();
        p.put(SequenceEvent.PROPERTY_SEQUENCE_ID, "s2");
        p.put(SequenceEvent.PROPERTY_STATE, "failed");
        p.put(SequenceEvent.PROPERTY_ERROR, "step 'focus' failed: no star");
        Event event = new Event(SequenceEvent.Type.SEQUENCE_FAILED.topic(), p);
        JsonNode json = EventStreamJson.MAPPER.readTree(EventStreamJson.event(event));
        assertEquals("sequence_failed", json.path("type").asText());
        assertEquals("failed", json.path("state").asText());
        assertEquals("step 'focus' failed: no star", json.path("error").asText());
        assertTrue(json.path("step_id").isNull());
        assertTrue(json.has("timestamp"));
    }

    @Test
    void aTaskEventIsOfNoSequence() {
        Map<String, Object> p = new HashMap<>();
        p.put(TaskEvent.PROPERTY_TASK_ID, "s1.expose.1");
        p.put(SequenceEvent.PROPERTY_SEQUENCE_ID, "not read from a task event");
        assertNull(EventStreamJson.sequenceId(new Event(TaskEvent.Type.STARTED.topic(), p)));
    }

    @Test
    void theSequenceFilterSelectsItsEventsAndItsTasksEvents() throws Exception {
        EventStreamFilter filter = EventStreamFilter.parse(Map.of("sequence", new String[] {"s1", " s3 "}));
        assertEquals(Set.of("s1", "s3"), filter.sequenceIds());
        assertTrue(filter.matches("step_started", "s1.expose.1", "s1"));
        assertTrue(filter.matches("sequence_completed", null, "s3"));
        assertFalse(filter.matches("sequence_completed", null, "s2"));
        assertTrue(filter.matches("task_completed", "s1.expose.1", null), "a task of the sequence");
        assertFalse(filter.matches("task_completed", "s10.expose.1", null), "a task of another sequence");
        assertFalse(filter.matches("task_completed", "s1", null), "a task named like the sequence");
        assertFalse(filter.matches("task_completed", null, null));
    }

    @Test
    void sequenceTypesAreKnownAndCombineWithTheSequence() throws Exception {
        for (SequenceEvent.Type type : SequenceEvent.Type.values()) {
            assertEquals(Set.of(type.id()), EventStreamFilter.parse(Map.of("type", new String[] {type.id()})).types());
        }
        EventStreamFilter filter = EventStreamFilter.parse(Map.of("type", new String[] {"step_failed,SEQUENCE_FAILED"},
                "sequence", new String[] {"s1"}));
        assertTrue(filter.matches("step_failed", null, "s1"));
        assertFalse(filter.matches("step_started", null, "s1"));
        assertFalse(filter.matches("step_failed", null, "s2"));
    }

    @Test
    void badSequenceParametersAreRefusedNamingThem() {
        EventStreamFilter.Invalid empty = assertThrows(EventStreamFilter.Invalid.class,
                () -> EventStreamFilter.parse(Map.of("sequence", new String[] {" "})));
        assertTrue(empty.getMessage().contains("'sequence' is empty"), empty.getMessage());
        String[] many = new String[EventStreamFilter.MAX_TASK_IDS + 1];
        for (int i = 0; i < many.length; i++) {
            many[i] = "s" + i;
        }
        EventStreamFilter.Invalid tooMany = assertThrows(EventStreamFilter.Invalid.class,
                () -> EventStreamFilter.parse(Map.of("sequence", many)));
        assertTrue(tooMany.getMessage().contains("sequences can be watched"), tooMany.getMessage());
        EventStreamFilter.Invalid unknown = assertThrows(EventStreamFilter.Invalid.class,
                () -> EventStreamFilter.parse(Map.of("type", new String[] {"step_exploded"})));
        assertTrue(unknown.getMessage().contains("step_started"), unknown.getMessage());
    }
}
