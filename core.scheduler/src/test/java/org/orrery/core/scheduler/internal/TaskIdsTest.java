package org.orrery.core.scheduler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** The ids the engine gives: version 7 UUIDs, in the order of their milliseconds, never twice. */
class TaskIdsTest {

    @Test
    void anIdIsAVersion7UuidThatCarriesItsMillisecond() {
        long millis = 1_796_500_000_123L; // 2026-12-05
        UUID id = UUID.fromString(TaskIds.next(millis));
        assertEquals(7, id.version());
        assertEquals(2, id.variant());
        assertEquals(millis, id.getMostSignificantBits() >>> 16);
    }

    @Test
    void idsOfLaterMillisecondsSortAfterAsText() {
        List<String> ids = new ArrayList<>();
        for (long ms = 1_796_500_000_000L; ms < 1_796_500_000_000L + 5_000; ms += 7) {
            ids.add(TaskIds.next(ms));
        }
        List<String> sorted = new ArrayList<>(ids);
        sorted.sort(null);
        assertEquals(ids, sorted, "text order is creation order (lower-case hex, fixed width)");
    }

    @Test
    void idsOfOneMillisecondDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200_000; i++) {
            assertTrue(seen.add(TaskIds.next(1_796_500_000_000L)), "id " + i + " given twice");
        }
    }
}
