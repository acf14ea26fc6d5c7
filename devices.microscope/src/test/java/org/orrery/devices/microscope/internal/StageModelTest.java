package org.orrery.devices.microscope.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The stage model in model time (nanoseconds given by the test): exact, no waiting. */
class StageModelTest {

    static final long S = 1_000_000_000L;

    @Test
    void stageMovesAllAxesAtOnceWithinLimits() {
        StageModel s = new StageModel(new double[] {0, 1000, 0, 1000, 0, 100}, 100, 10, new double[] {0, 0, 0}, 0);
        assertEquals(5.0, s.moveTo(500, 200, 50, 0), 1e-9, "x 500 µm at 100 µm/s; z 50 µm at 10 µm/s");
        assertArrayEquals(new double[] {100, 100, 10}, s.position(S), 1e-9);
        assertTrue(s.moving(S));
        assertArrayEquals(new double[] {500, 200, 50}, s.position(5 * S), 1e-9);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.moveTo(0, 0, 150, 0));
        assertEquals("stage z must be 0 to 100 µm, was 150", e.getMessage());
    }
}
