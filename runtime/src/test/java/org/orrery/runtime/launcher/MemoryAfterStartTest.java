package org.orrery.runtime.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.sun.management.HotSpotDiagnosticMXBean;

class MemoryAfterStartTest {

    private final HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);

    @Test
    void shrinksTheHeapOnceAndLeavesItsFlagsAsTheyWere() {
        String minFree = hotspot.getVMOption("MinHeapFreeRatio").getValue();
        String maxFree = hotspot.getVMOption("MaxHeapFreeRatio").getValue();

        List<String> done = MemoryAfterStart.release();

        assertTrue(done.get(0).startsWith("heap shrunk to "), done.toString());
        // the JDK this runs on (17.0.15, 25) has the command; an older one says it did not trim
        assertTrue(done.get(1).startsWith("Trim native heap") || done.get(1).startsWith("native heap not trimmed"),
                done.toString());
        assertEquals(minFree, hotspot.getVMOption("MinHeapFreeRatio").getValue());
        assertEquals(maxFree, hotspot.getVMOption("MaxHeapFreeRatio").getValue());
    }

    @Test
    void flagsSetBeforeAreKeptToo() {
        hotspot.setVMOption("MinHeapFreeRatio", "30");
        hotspot.setVMOption("MaxHeapFreeRatio", "60");
        try {
            MemoryAfterStart.release();

            assertEquals("30", hotspot.getVMOption("MinHeapFreeRatio").getValue());
            assertEquals("60", hotspot.getVMOption("MaxHeapFreeRatio").getValue());
        } finally {
            hotspot.setVMOption("MinHeapFreeRatio", "40");
            hotspot.setVMOption("MaxHeapFreeRatio", "70");
        }
    }
}
