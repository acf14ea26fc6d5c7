package org.orrery.devices.telescope.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.devices.common.action.Fakes;
import org.orrery.devices.common.action.Rig;
import org.orrery.task.ResourceClaim;
import org.orrery.task.TaskParameterException;
import org.orrery.task.TaskTimeoutException;
import org.orrery.testsupport.FakeActionContext;

class FocuserAndFilterWheelTest {

    @TempDir
    Path home;

    private Rig rig;
    private Fakes.FakeFocuser focuser;
    private Fakes.FakeFilterWheel wheel;

    @BeforeEach
    void setUp() {
        rig = new Rig(home);
        focuser = rig.add(new Fakes.FakeFocuser("focuser-1"));
        wheel = rig.add(new Fakes.FakeFilterWheel("wheel-1"));
    }

    @AfterEach
    void tearDown() {
        rig.close();
    }

    @Test
    void aFocuserMoveReachesThePositionAtTheSpeedAsked() throws Exception {
        try (FakeActionContext context = new FakeActionContext(Map.of("position", 25_000, "speed", 0.5))) {
            Map<String, Object> result = Rig.run(new FocuserMoveAction(rig.instruments), context);
            assertEquals(Map.of("focuser", "focuser-1", "position", 25_000, "target", 25_000L), result);
            assertEquals(0.5, focuser.speed);
        }
    }

    @Test
    void aFocuserThatStopsShortFailsSayingWhere() throws Exception {
        focuser.motion = Fakes.Motion.LIES;
        try (FakeActionContext context = new FakeActionContext(Map.of("position", 25_000))) {
            assertEquals("focuser 'focuser-1' reported the move done at 24950, 50 steps from the target 25000"
                    + " (tolerance 0)", Rig.failure(new FocuserMoveAction(rig.instruments), context).getMessage());
        }
    }

    @Test
    void aFocuserThatNeverStopsTimesOutAndIsAborted() throws Exception {
        focuser.motion = Fakes.Motion.NEVER;
        try (FakeActionContext context = new FakeActionContext(Map.of("position", 1_500))) {
            Throwable e = Rig.failure(new FocuserMoveAction(rig.instruments), context);
            assertInstanceOf(TaskTimeoutException.class, e);
            // 0.4 s margin plus 500 steps at 1,000,000 steps/s
            assertEquals("focuser 'focuser-1' did not finish the move from 1000 to 1500 within 0.401 s (now at 1000,"
                    + " moving: yes); the move was aborted", e.getMessage());
        }
        assertEquals(1, focuser.aborts.get());
    }

    @Test
    void aPositionBeyondTheTravelIsRefused() throws Exception {
        try (FakeActionContext context = new FakeActionContext(Map.of("position", 60_000))) {
            Throwable e = Rig.failure(new FocuserMoveAction(rig.instruments), context);
            assertInstanceOf(TaskParameterException.class, e);
            assertEquals("focuser.move: parameter 'position' is 60000, beyond the travel of focuser 'focuser-1'"
                    + " (0 to 50000)", e.getMessage());
        }
    }

    @Test
    void aFilterIsSelectedBySlotOrByName() throws Exception {
        try (FakeActionContext context = new FakeActionContext(Map.of("slot", 3))) {
            assertEquals(Map.of("filter_wheel", "wheel-1", "slot", 3, "name", "G"),
                    Rig.run(new FilterWheelSelectAction(rig.instruments), context));
        }
        try (FakeActionContext context = new FakeActionContext(Map.of("name", " r "))) {
            assertEquals(Map.of("filter_wheel", "wheel-1", "slot", 2, "name", "R"),
                    Rig.run(new FilterWheelSelectAction(rig.instruments), context));
        }
        try (FakeActionContext context = new FakeActionContext(Map.of("name", "R"))) {
            Rig.run(new FilterWheelSelectAction(rig.instruments), context);
        }
        assertEquals(2, wheel.selects.get(), "a filter already in place is not selected again");
    }

    @Test
    void aSlotTheWheelDoesNotHaveIsRefused() throws Exception {
        try (FakeActionContext context = new FakeActionContext(Map.of("slot", 7))) {
            assertEquals("filterwheel.select: parameter 'slot' is slot 7, but filter wheel 'wheel-1' has slots 1 to 5"
                    + " (1 L, 2 R, 3 G, 4 B, 5 Ha)",
                    Rig.failure(new FilterWheelSelectAction(rig.instruments), context).getMessage());
        }
    }

    @Test
    void slotAndNameTogetherAreRefused() {
        try (FakeActionContext context = new FakeActionContext(Map.of("slot", 1, "name", "L"))) {
            assertEquals("filterwheel.select: give either 'slot' or 'name', found both", assertThrows(
                    TaskParameterException.class, () -> new FilterWheelSelectAction(rig.instruments).execute(context))
                    .getMessage());
        }
    }

    @Test
    void aWheelThatNeverArrivesTimesOut() throws Exception {
        wheel.motion = Fakes.Motion.NEVER;
        try (FakeActionContext context = new FakeActionContext(Map.of("slot", 2))) {
            assertEquals("filter wheel 'wheel-1' did not bring slot 2 (R) into place within 0.4 s (now at slot 1 (L),"
                    + " moving: yes)", Rig.failure(new FilterWheelSelectAction(rig.instruments), context).getMessage());
        }
    }

    @Test
    void claims() {
        assertEquals(List.of(ResourceClaim.exclusive("device:focuser-1")),
                new FocuserMoveAction(rig.instruments).resources(Map.of("position", 1)));
        assertEquals(List.of(ResourceClaim.exclusive("device:wheel-1")),
                new FilterWheelSelectAction(rig.instruments).resources(Map.of("slot", 1)));
    }
}
