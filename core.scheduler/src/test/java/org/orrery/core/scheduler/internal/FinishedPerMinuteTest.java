package org.orrery.core.scheduler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

import org.junit.jupiter.api.Test;

/** The count of attempts finished in the last minute, in 100 ms slices. */
class FinishedPerMinuteTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void countsWhatFinishedInTheLastMinuteAndForgetsWhatIsOlder() {
        FinishedPerMinute rate = new FinishedPerMinute();
        long t0 = 5 * SECOND;
        assertEquals(0, rate.count(t0));
        for (int i = 0; i < 30; i++) {
            rate.add(t0 + i * SECOND); // one a second for 30 s
        }
        assertEquals(30, rate.count(t0 + 29 * SECOND));
        assertEquals(30, rate.count(t0 + 59 * SECOND + SECOND / 2), "the first is 59.5 s old");
        assertEquals(29, rate.count(t0 + 60 * SECOND), "the first is a minute old");
        assertEquals(1, rate.count(t0 + 88 * SECOND + SECOND / 2), "only the last, 59.5 s old");
        assertEquals(0, rate.count(t0 + 90 * SECOND));
        rate.add(t0 + 3600 * SECOND); // an hour later: the slices reused hold nothing old
        assertEquals(1, rate.count(t0 + 3600 * SECOND));
    }

    @Test
    void tickerTimesMayBeNegative() {
        FinishedPerMinute rate = new FinishedPerMinute();
        long t0 = -30 * SECOND - 1;
        rate.add(t0);
        rate.add(t0 + 20 * SECOND);
        rate.add(t0 + 40 * SECOND); // crosses zero
        assertEquals(3, rate.count(t0 + 40 * SECOND));
        assertEquals(2, rate.count(t0 + 61 * SECOND));
    }

    /** Against the exact count: the slices may count an attempt up to one slice (100 ms) longer, never shorter. */
    @Property(tries = 200)
    void agreesWithTheExactCountWithinOneSlice(@ForAll @Size(max = 300) List<@IntRange(min = 0, max = 2_000) Integer> gapsMillis,
            @ForAll @LongRange(min = -1_000_000_000_000L, max = 1_000_000_000_000L) long start,
            @ForAll @IntRange(min = 0, max = 120_000) int askAfterMillis) {
        FinishedPerMinute rate = new FinishedPerMinute();
        List<Long> times = new ArrayList<>();
        long t = start;
        for (int gap : gapsMillis) {
            t += gap * 1_000_000L;
            rate.add(t);
            times.add(t);
        }
        long now = t + askAfterMillis * 1_000_000L;
        long exact = times.stream().filter(x -> now - x < 60 * SECOND).count();
        long generous = times.stream().filter(x -> now - x < 60 * SECOND + FinishedPerMinute.SLICE_NANOS).count();
        long counted = rate.count(now);
        assertTrue(counted >= exact - countInFirstSlice(times, now) && counted <= generous,
                "counted " + counted + ", exact " + exact + ", generous " + generous);
    }

    /** Attempts that the slices drop early: those in the oldest slice's part older than 59.9 s. */
    private static long countInFirstSlice(List<Long> times, long now) {
        long nowSlice = Math.floorDiv(now, FinishedPerMinute.SLICE_NANOS);
        return times.stream().filter(x -> now - x < 60 * SECOND
                && Math.floorDiv(x, FinishedPerMinute.SLICE_NANOS) <= nowSlice - FinishedPerMinute.SLICES).count();
    }
}
