package org.orrery.web.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.orrery.task.TaskEvent;

class EventStreamFilterTest {

    private static Map<String, String[]> query(String... nameValuePairs) {
        Map<String, String[]> map = new LinkedHashMap<>();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            String name = nameValuePairs[i];
            String[] old = map.getOrDefault(name, new String[0]);
            String[] values = java.util.Arrays.copyOf(old, old.length + 1);
            values[old.length] = nameValuePairs[i + 1];
            map.put(name, values);
        }
        return map;
    }

    @Test
    void noParametersMeansEverything() throws Exception {
        EventStreamFilter filter = EventStreamFilter.parse(Map.of());
        assertSame(EventStreamFilter.ALL, filter);
        assertTrue(filter.matches("task_started", "any", null));
        assertTrue(filter.matches("task_completed", null, null));
    }

    @Test
    void anAgentFilterKeepsThatAgentsEventsOnly() throws Exception {
        EventStreamFilter filter = EventStreamFilter.parse(query("agent", "gpu-1", "agent", "gpu-2"));
        assertEquals(Set.of("gpu-1", "gpu-2"), filter.agentIds());
        assertTrue(filter.matches("agent_state", null, null, "gpu-2"));
        assertFalse(filter.matches("agent_state", null, null, "cpu-1"));
        assertFalse(filter.matches("task_started", "t1", null), "a task event names no agent");
        assertTrue(EventStreamFilter.ALL.matches("agent_removed", null, null, "cpu-1"));
        EventStreamFilter typed = EventStreamFilter.parse(query("agent", "gpu-1", "type", "agent_removed"));
        assertFalse(typed.matches("agent_state", null, null, "gpu-1"));
        assertTrue(typed.matches("agent_removed", null, null, "gpu-1"));
    }

    @Test
    void taskIdsMayRepeat() throws Exception {
        EventStreamFilter filter = EventStreamFilter.parse(query("task_id", "a", "task_id", " b "));
        assertEquals(Set.of("a", "b"), filter.taskIds());
        assertTrue(filter.types().isEmpty());
        assertTrue(filter.matches("task_started", "a", null));
        assertTrue(filter.matches("task_failed", "b", null));
        assertFalse(filter.matches("task_started", "c", null));
        assertFalse(filter.matches("task_started", null, null));
    }

    @Test
    void typesMayRepeatOrBeCommaSeparatedInAnyCase() throws Exception {
        EventStreamFilter filter = EventStreamFilter.parse(query("type", "task_completed, TASK_FAILED", "type", "task_started,"));
        assertEquals(Set.of("task_completed", "task_failed", "task_started"), filter.types());
        assertTrue(filter.matches("task_failed", "x", null));
        assertFalse(filter.matches("task_scheduled", "x", null));
    }

    @Test
    void taskIdsAndTypesCombine() throws Exception {
        EventStreamFilter filter = EventStreamFilter.parse(query("task_id", "a", "type", "task_completed"));
        assertTrue(filter.matches("task_completed", "a", null));
        assertFalse(filter.matches("task_started", "a", null));
        assertFalse(filter.matches("task_completed", "b", null));
    }

    @Test
    void everyTaskEventTypeIsKnown() throws Exception {
        for (TaskEvent.Type type : TaskEvent.Type.values()) {
            assertEquals(Set.of(type.id()), EventStreamFilter.parse(query("type", type.id())).types());
        }
    }

    @Test
    void unknownTypeIsRefusedNamingTheValueAndTheKnownTypes() {
        EventStreamFilter.Invalid e = assertThrows(EventStreamFilter.Invalid.class,
                () -> EventStreamFilter.parse(query("type", "task_completed,task_finished")));
        assertTrue(e.getMessage().contains("'task_finished'"), e.getMessage());
        assertTrue(e.getMessage().contains("task_completed"), e.getMessage());
        assertTrue(e.getMessage().contains("'type'"), e.getMessage());
    }

    @Test
    void emptyValuesAreRefused() {
        assertThrows(EventStreamFilter.Invalid.class, () -> EventStreamFilter.parse(query("type", "")));
        assertThrows(EventStreamFilter.Invalid.class, () -> EventStreamFilter.parse(query("type", " , ")));
        EventStreamFilter.Invalid e = assertThrows(EventStreamFilter.Invalid.class,
                () -> EventStreamFilter.parse(query("task_id", " ")));
        assertTrue(e.getMessage().contains("'task_id'"), e.getMessage());
    }

    @Test
    void unknownParameterIsRefusedNamingIt() {
        EventStreamFilter.Invalid e = assertThrows(EventStreamFilter.Invalid.class,
                () -> EventStreamFilter.parse(query("status", "running")));
        assertTrue(e.getMessage().contains("'status'"), e.getMessage());
    }

    @Test
    void theTicketIsTheCredentialNotAFilter() throws EventStreamFilter.Invalid {
        assertEquals(EventStreamFilter.ALL, EventStreamFilter.parse(query("ticket", "abc")));
    }

    @Test
    void tooManyOrTooLongTaskIdsAreRefused() {
        String[] many = new String[EventStreamFilter.MAX_TASK_IDS + 1];
        for (int i = 0; i < many.length; i++) {
            many[i] = "t" + i;
        }
        assertThrows(EventStreamFilter.Invalid.class, () -> EventStreamFilter.parse(Map.of("task_id", many)));
        assertThrows(EventStreamFilter.Invalid.class,
                () -> EventStreamFilter.parse(query("task_id", "x".repeat(EventStreamFilter.MAX_TASK_ID_LENGTH + 1))));
    }
}
