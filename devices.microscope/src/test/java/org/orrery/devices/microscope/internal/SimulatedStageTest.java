package org.orrery.devices.microscope.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.Test;
import org.orrery.device.ConnectionState;
import org.orrery.device.DeviceException;
import org.orrery.device.DeviceType;
import org.orrery.devices.common.sim.Configs;
import org.orrery.devices.common.sim.Stages;

class SimulatedStageTest {

    private static SimulatedStage stage(double speed) {
        return new SimulatedStage(Configs.of(SimulatedStage.Config.class, "xy_speed", speed, "z_speed", speed));
    }

    @Test
    void startsInTheCentreMovesAllAxesAndReportsItsValues() {
        SimulatedStage s = stage(1000);
        try {
            assertEquals(DeviceType.STAGE, s.type());
            assertEquals("sim-stage", s.id());
            assertEquals("Orrery simulated stage", s.name());
            assertEquals("simulator", s.driver());
            assertArrayEquals(new double[] {50_000, 37_500, 5_000}, s.position(), 1e-6);
            Stages.done(s.moveTo(50_100, 37_400, 5_050)); // 0.1 s
            assertArrayEquals(new double[] {50_100, 37_400, 5_050}, s.position(), 1e-6);
            assertFalse(s.moving());
            Map<String, Object> v = s.values();
            assertEquals(List.of("x_um", "y_um", "z_um", "moving", "connection_state"), List.copyOf(v.keySet()));
            assertEquals(50_100.0, v.get("x_um"));
            assertEquals(5_050.0, v.get("z_um"));
            assertEquals(false, v.get("moving"));
            assertEquals("connected", v.get("connection_state"));
        } finally {
            s.deactivate();
        }
    }

    @Test
    void aNewMoveOrAnAbortFailsTheMoveUnderWay() {
        SimulatedStage s = stage(1);
        try {
            CompletionStage<Void> first = s.moveTo(0, 0, 0);
            CompletionStage<Void> second = s.moveTo(1000, 2000.5, 3000);
            assertEquals("stage 'sim-stage': move interrupted by a move to (1000, 2000.5, 3000) µm",
                    Stages.failure(first).getMessage());
            assertTrue(s.moving());
            s.abort();
            String aborted = Stages.failure(second).getMessage();
            assertTrue(aborted.startsWith("stage 'sim-stage': move aborted at (") && aborted.endsWith(") µm"),
                    aborted);
            assertFalse(s.moving());
            DeviceException out = Stages.failure(s.moveTo(-1, 0, 0));
            assertTrue(out.getMessage().startsWith("stage 'sim-stage': "), out.getMessage());
            assertFalse(s.moving(), "a refused move starts nothing");
        } finally {
            s.deactivate();
        }
    }

    @Test
    void deactivateFailsTheMoveAndEndsTheThread() {
        SimulatedStage s = stage(1);
        CompletionStage<Void> move = s.moveTo(0, 0, 0);
        assertEquals(ConnectionState.CONNECTED, s.connectionState());
        s.deactivate();
        Stages.removed(move);
        assertTrue(s.threadEnded());
        assertEquals(ConnectionState.DISCONNECTED, s.connectionState());
        Stages.removed(s.moveTo(1, 1, 1));
        assertFalse(Stages.threadAlive("orrery-sim-sim-stage"));
    }
}
