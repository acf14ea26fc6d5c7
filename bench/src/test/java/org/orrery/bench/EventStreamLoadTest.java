package org.orrery.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** The event stream benchmark's clients read each event's timestamp and type without a formatter. */
class EventStreamLoadTest {

    @Test
    void aTimestampReadsAsTheInstantItNames() {
        for (String text : new String[] {"2026-12-05T16:03:19.123456Z", "2026-12-05T16:03:19Z", "2024-02-29T23:59:59.999999999Z",
                "1999-12-31T00:00:00.5Z", "2026-01-01T00:00:00.010Z"}) {
            Instant instant = Instant.parse(text);
            String json = "{\"type\":\"task_started\",\"timestamp\":\"" + text + "\",\"x\":1}";
            assertEquals(instant.getEpochSecond() * 1_000_000_000L + instant.getNano(),
                    EventStreamLoad.epochNanos(json, json.indexOf(text)), text);
        }
    }

    @Test
    void aTimestampNotInUtcIsRefused() {
        String json = "\"2026-12-05T16:03:19.123+01:00\"";
        assertThrows(IllegalArgumentException.class, () -> EventStreamLoad.epochNanos(json, 1));
        assertThrows(IllegalArgumentException.class, () -> EventStreamLoad.epochNanos("\"2026-1x-05T16:03:19Z\"", 1));
    }

    @Test
    void anEventsTypeIsReadFromItsFirstField() {
        assertEquals(0, EventStreamLoad.eventType(new StringBuilder("{\"type\":\"task_scheduled\",\"task_id\":\"a\"}")));
        assertEquals(3, EventStreamLoad.eventType("{\"type\":\"task_completed\",\"timestamp\":\"x\"}"));
        assertEquals(4, EventStreamLoad.eventType("{\"type\":\"task_completed_late\"}"), "a longer name is another type");
        assertEquals(4, EventStreamLoad.eventType("{\"type\":\"agent_state\"}"));
        assertEquals(4, EventStreamLoad.eventType("{\"task_id\":\"task_ready\"}"));
        assertEquals(4, EventStreamLoad.eventType("{\"type\":\"task_re"));
    }
}
