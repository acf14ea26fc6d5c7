package org.orrery.web.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskSpec;
import org.orrery.task.TaskStatus;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Reading a task submission: the value model, the time and duration ranges, task ids. */
class TaskApiJsonTest {

    static TaskSpec spec(String json) throws Exception {
        return TaskApiJson.spec(ApiJson.MAPPER.readTree(json), "", "alice");
    }

    static String refusal(String json) {
        return assertThrows(ApiJson.BadRequest.class, () -> spec(json), json).getMessage();
    }

    @Test
    void parametersArriveInTheValueModel() throws Exception {
        Map<String, Object> p = spec("{\"action\": \"a\", \"parameters\": {\"n\": 100, \"gain\": 1.5, \"big\": 12345678901,"
                + " \"huge\": 123456789012345678901234567890, \"e\": 1e3, \"list\": [0.1]}}").parameters();
        assertEquals(Integer.class, p.get("n").getClass());
        assertEquals(BigDecimal.class, p.get("gain").getClass());
        assertEquals(Long.class, p.get("big").getClass());
        assertEquals(BigInteger.class, p.get("huge").getClass());
        assertEquals(BigDecimal.class, p.get("e").getClass());
        assertEquals(BigDecimal.class, ((List<?>) p.get("list")).get(0).getClass());
        Map<String, Object> exact = spec("{\"action\": \"a\", \"parameters\": {\"whole\": 2.0, \"padded\": 1.50}}").parameters();
        assertEquals(new BigDecimal("2.0"), exact.get("whole"), "kept as written: written back as 2.0, not 2 (an integer)");
        assertEquals(new BigDecimal("1.50"), exact.get("padded"));
    }

    @Test
    void timesOutsideTheAgreedRangeAreRefusedNamingFieldAndRange() throws Exception {
        for (String field : List.of("not_before", "deadline")) {
            for (String time : List.of("+10000-01-01T00:00:00Z", "2400-01-01T00:00:00Z", "+275760-09-13T00:00:00Z", "1999-12-31T23:59:59Z",
                    "-999999999-01-01T00:00:00Z")) {
                String message = refusal("{\"action\": \"a\", \"" + field + "\": \"" + time + "\"}");
                assertTrue(message.contains("'" + field + "'") && message.contains("2000-01-01T00:00:00Z")
                        && message.contains("2199-12-31T23:59:59Z") && message.contains(time), message);
            }
        }
        assertEquals(Instant.parse("2199-12-31T23:59:59Z"), spec("{\"action\": \"a\", \"deadline\": \"2199-12-31T23:59:59Z\"}")
                .deadline());
        assertEquals(Instant.parse("2000-01-01T00:00:00Z"), spec("{\"action\": \"a\", \"not_before\": \"2000-01-01T01:00:00+01:00\"}")
                .notBefore());
    }

    @Test
    void durationsAreAtMost365Days() throws Exception {
        for (String field : List.of("timeout", "retry_delay", "max_delay")) {
            String message = refusal("{\"action\": \"a\", \"" + field + "\": 31536001}");
            assertTrue(message.contains("'" + field + "'") && message.contains("31536000"), message);
            refusal("{\"action\": \"a\", \"" + field + "\": 1e300}");
        }
        TaskSpec longest = spec("{\"action\": \"a\", \"timeout\": 31536000, \"retry_delay\": 31536000}");
        assertEquals(31_536_000, longest.timeout().toSeconds());
        assertEquals(31_536_000, longest.retry().maxDelay().toSeconds(), "the default max_delay stays in the range");
    }

    @ParameterizedTest
    @ValueSource(strings = { "a/b", ".", "..", "a\\\\b", "%2e", "\\u0000", "a\\r\\nb", "", " ", "a b", "名前-unicode", "a?b",
            "a#b" })
    void idsThatCannotRoundTripThroughTheRouteAreRefused(String id) {
        String message = refusal("{\"action\": \"a\", \"id\": \"" + id + "\"}");
        assertTrue(message.startsWith("'id' must be 1 to 128 of the characters"), message);
        message = refusal("{\"action\": \"a\", \"depends_on\": [\"ok\", \"" + id + "\"]}");
        assertTrue(message.startsWith("'depends_on[1]' must be"), message);
    }

    @Test
    void usualIdsAreAccepted() throws Exception {
        String uuid = UUID.randomUUID().toString();
        for (String id : List.of(uuid, "b-expose", "night_2026.11.23", "x".repeat(128), "...")) {
            ObjectNode task = ApiJson.MAPPER.createObjectNode().put("action", "a").put("id", id);
            task.putArray("depends_on").add(uuid);
            assertEquals(id, TaskApiJson.spec(task, "", "alice").id());
        }
        refusal("{\"action\": \"a\", \"id\": \"" + "x".repeat(129) + "\"}");
    }

    @Test
    void aRecordShowsItsCheckpointAnEmptyObjectWhenNone() throws Exception {
        TaskSpec spec = TaskSpec.builder("camera.expose").id("c").build();
        TaskRecord none = TaskRecord.accepted(spec, TaskStatus.READY, null, Instant.EPOCH);
        assertEquals("{}", TaskApiJson.record(none).get("checkpoint").toString());
        TaskRecord some = none.toBuilder().checkpoint(Map.of("frames_done", 6)).build();
        assertEquals("{\"frames_done\":6}", TaskApiJson.record(some).get("checkpoint").toString());
    }
}
