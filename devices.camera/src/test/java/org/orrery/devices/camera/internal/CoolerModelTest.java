package org.orrery.devices.camera.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The cooler model in model time (nanoseconds given by the test): exact, no waiting. */
class CoolerModelTest {

    static final long S = 1_000_000_000L;

    @Test
    void coolerApproachesItsSetPointButNotBelowAmbientMinusForty() {
        CoolerModel c = new CoolerModel(15, -10, 60, 0);
        assertEquals(15, c.temperature(0), 1e-9);
        double t1 = c.temperature(60 * S);
        assertEquals(-10 + 25 / Math.E, t1, 1e-9);
        assertTrue(c.temperature(600 * S) < -9.99);
        assertEquals(-15, new CoolerModel(25, -30, 1, 0).temperature(1000 * S), 1e-9);
    }
}
