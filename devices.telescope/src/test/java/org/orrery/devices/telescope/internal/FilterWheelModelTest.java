package org.orrery.devices.telescope.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The filter wheel model in model time (nanoseconds given by the test): exact, no waiting. */
class FilterWheelModelTest {

    static final long S = 1_000_000_000L;

    @Test
    void filterWheelTurnsTheShorterWayRoundSlotBySlot() {
        FilterWheelModel w = new FilterWheelModel(List.of("L", "R", "G", "B", "Ha", "OIII", "SII"), 0.3, 1, 0);
        assertEquals(0.3, w.select(7, 0), 1e-9, "1 to 7 is one slot backwards");
        assertEquals(0, w.slot(S / 10), "slot 0 while turning");
        w.finish();
        assertEquals(7, w.slot(S));
        assertEquals(0.9, w.select(3, S), 1e-9, "7 to 3 is three slots forward (7,1,2,3)");
        assertEquals(1, w.nearest(S + 4 * S / 10), "passing slot 1 after 0.4 s");
        w.finish();
        assertEquals(0.0, w.select(3, 2 * S), 1e-9, "already there");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.select(9, 0));
        assertEquals("filter slot must be 1 to 7 (7 filters: L,R,G,B,Ha,OIII,SII), was 9", e.getMessage());
    }
}
