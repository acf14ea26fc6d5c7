package org.orrery.devices.telescope.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.Test;
import org.orrery.device.DeviceException;
import org.orrery.device.DeviceType;
import org.orrery.devices.common.sim.Configs;
import org.orrery.devices.common.sim.Stages;

class SimulatedFocuserAndWheelTest {

    @Test
    void focuserReportsItsPositionWhileMovingAndArrives() {
        SimulatedFocuser f = new SimulatedFocuser(Configs.of(SimulatedFocuser.Config.class, "speed", 10_000.0,
                "start_position", 0));
        try {
            assertEquals(DeviceType.FOCUSER, f.type());
            CompletionStage<Void> move = f.moveTo(4000, 1.0); // 0.4 s
            Stages.sleep(150);
            int mid = f.position();
            assertTrue(mid > 0 && mid < 4000, "moving: " + mid);
            assertTrue(f.moving());
            Stages.done(move);
            assertEquals(4000, f.position());
            assertFalse(f.moving());
            Map<String, Object> v = f.values();
            assertEquals(4000, v.get("position"));
            assertEquals(50000, v.get("max_position"));
            assertEquals(false, v.get("moving"));
        } finally {
            f.deactivate();
        }
    }

    @Test
    void focuserRefusesOutOfRangeAndAborts() {
        SimulatedFocuser f = new SimulatedFocuser(Configs.of(SimulatedFocuser.Config.class, "speed", 1000.0));
        try {
            DeviceException e = Stages.failure(f.moveTo(50001, 1));
            assertEquals("focuser 'sim-focuser': focuser position must be 0 to 50000 steps, was 50001", e.getMessage());
            CompletionStage<Void> move = f.moveTo(40000, 1);
            f.abort();
            assertTrue(Stages.failure(move).getMessage().contains("move aborted at position"));
            assertFalse(f.moving());
        } finally {
            f.deactivate();
        }
    }

    @Test
    void focuserDeactivateFailsTheMoveAndEndsTheThread() {
        SimulatedFocuser f = new SimulatedFocuser(Configs.of(SimulatedFocuser.Config.class, "speed", 100.0));
        CompletionStage<Void> move = f.moveTo(0, 1);
        f.deactivate();
        Stages.removed(move);
        assertTrue(f.threadEnded());
    }

    @Test
    void wheelTurnsSlotBySlotAndNamesItsFilters() {
        SimulatedFilterWheel w = new SimulatedFilterWheel(Configs.of(SimulatedFilterWheel.Config.class,
                "seconds_per_slot", 0.1));
        try {
            assertEquals(List.of("L", "R", "G", "B", "Ha", "OIII", "SII"), w.filterNames());
            assertEquals(1, w.slot());
            long t0 = System.nanoTime();
            CompletionStage<Void> turn = w.select(5); // 1 → 5: backwards 1,7,6,5 = 3 slots
            assertEquals(0, w.slot(), "0 while turning");
            assertTrue(w.moving());
            Stages.done(turn);
            assertTrue((System.nanoTime() - t0) / 1e9 >= 0.29, "three slots at 0.1 s");
            assertEquals(5, w.slot());
            Map<String, Object> v = w.values();
            assertEquals("Ha", v.get("filter"));
            assertEquals(5, v.get("slot"));
            assertEquals(false, v.get("moving"));
            assertEquals(w.filterNames(), v.get("filters"));
            DeviceException e = Stages.failure(w.select(8));
            assertTrue(e.getMessage().endsWith("filter slot must be 1 to 7 (7 filters: L,R,G,B,Ha,OIII,SII), was 8"),
                    e.getMessage());
            Stages.done(w.select(5));
        } finally {
            w.deactivate();
        }
        assertTrue(w.threadEnded());
    }

    @Test
    void aNewMoveOrTurnFailsTheOneUnderWayWithWhatReplacedIt() {
        SimulatedFocuser f = new SimulatedFocuser(Configs.of(SimulatedFocuser.Config.class, "speed", 1000.0));
        SimulatedFilterWheel w = new SimulatedFilterWheel(Configs.of(SimulatedFilterWheel.Config.class,
                "seconds_per_slot", 5.0));
        try {
            CompletionStage<Void> move = f.moveTo(0, 1);
            CompletionStage<Void> next = f.moveTo(100, 1);
            assertEquals("focuser 'sim-focuser': move interrupted by a move to 100", Stages.failure(move).getMessage());
            assertTrue(f.moving());
            assertFalse(next.toCompletableFuture().isDone());

            CompletionStage<Void> turn = w.select(2);
            CompletionStage<Void> nextTurn = w.select(3);
            assertEquals("filter wheel 'sim-filterwheel': turn interrupted by a turn to slot 3",
                    Stages.failure(turn).getMessage());
            assertTrue(w.moving());
            assertFalse(nextTurn.toCompletableFuture().isDone());
        } finally {
            f.deactivate();
            w.deactivate();
        }
    }

    @Test
    void wheelTurnToTheSlotItStandsAtIsDoneAtOnce() {
        SimulatedFilterWheel w = new SimulatedFilterWheel(Configs.of(SimulatedFilterWheel.Config.class,
                "seconds_per_slot", 5.0, "start_slot", 4));
        try {
            CompletionStage<Void> same = w.select(4);
            assertTrue(same.toCompletableFuture().isDone(), "no timer for a turn of no slots");
            Stages.done(same);
            assertFalse(w.moving());
            assertEquals(4, w.slot());
        } finally {
            w.deactivate();
        }
    }

    @Test
    void wheelDeactivateFailsTheTurn() {
        SimulatedFilterWheel w = new SimulatedFilterWheel(Configs.of(SimulatedFilterWheel.Config.class,
                "seconds_per_slot", 5.0));
        CompletionStage<Void> turn = w.select(2);
        w.deactivate();
        Stages.removed(turn);
        assertTrue(w.threadEnded());
    }
}
