package org.orrery.store.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The store's instant reader agrees with {@link Instant#parse} on what the store writes and on what it refuses. */
class IsoInstantsTest {

    @Test
    void readsWhatInstantToStringWritesAsInstantParseDoes() {
        Random random = new Random(17);
        long from = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 100_000; i++) {
            long second = from + (long) (random.nextDouble() * (to - from));
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            String text = Instant.ofEpochSecond(second, nanos).toString();
            assertEquals(Instant.parse(text), IsoInstants.parse(text), text);
        }
    }

    @Test
    void otherSpellingsAreInstantParses() {
        for (String text : new String[] {"2024-02-29T23:59:59.5Z", "2026-12-05T17:38:05.1Z", "2026-12-05T17:38:05.123456789Z",
            "1970-01-01T00:00:00Z", "+12026-01-01T00:00:00Z", "2026-06-30T23:59:60Z", "2026-12-05T24:00:00Z",
            "2026-12-05T17:38:05.Z"}) {
            assertEquals(Instant.parse(text), IsoInstants.parse(text), text);
        }
    }

    @Test
    void refusesWhatInstantParseRefuses() {
        for (String text : new String[] {"2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-12-05T25:00:00Z",
            "2026-12-05T17:38:05.1234567890Z", "2026-12-05 17:38:05Z", "2026-12-05T17:38:05",
            "2026-1a-05T17:38:05Z", "2025-02-29T00:00:00Z"}) {
            assertThrows(DateTimeParseException.class, () -> Instant.parse(text), text);
            assertThrows(DateTimeParseException.class, () -> IsoInstants.parse(text), text);
        }
    }
}
