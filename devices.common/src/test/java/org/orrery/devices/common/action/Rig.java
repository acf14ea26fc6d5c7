package org.orrery.devices.common.action;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.orrery.device.Device;
import org.orrery.platform.OrreryHome;
import org.orrery.task.Action;
import org.orrery.testsupport.FakeActionContext;

/**
 * The {@link Instruments} of a test, with short timeouts (so that failures come fast; nothing
 * asserts how long anything took), a home in a temporary folder and fake devices added by hand.
 */
public final class Rig implements AutoCloseable {

    public static final Settings FAST = new Settings(Duration.ofMillis(600), Duration.ofMillis(400), 1000,
            Duration.ofMillis(400), 1.0, Duration.ofMillis(400), Duration.ofMillis(400), 1_000_000,
            Duration.ofMillis(400), 0, Duration.ofMillis(400), 1_000_000, Duration.ofMillis(400), 1.0,
            Duration.ofMillis(200), "images", 2048, "");

    /** {@link #FAST} but with a long device wait, for tests where a device comes later. */
    public static final Settings PATIENT = new Settings(Duration.ofSeconds(30), FAST.readoutMargin(),
            FAST.slewRateDegreesPerSecond(), FAST.slewMargin(), FAST.slewToleranceArcmin(), FAST.parkTimeout(),
            FAST.trackingTimeout(), FAST.focuserStepsPerSecond(), FAST.focuserMargin(), FAST.focuserToleranceSteps(),
            FAST.filterTimeout(), FAST.stageMicronsPerSecond(), FAST.stageMargin(), FAST.stageToleranceMicrons(),
            FAST.settle(), FAST.imagesFolder(), FAST.previewMaxSize(), FAST.microscopeId());

    public final Path home;
    public final Instruments instruments;

    public Rig(Path home) {
        this(home, FAST);
    }

    public Rig(Path home, Settings settings) {
        this.home = home;
        this.instruments = new Instruments(new OrreryHome(home), settings, "test");
    }

    public <T extends Device> T add(T device) {
        instruments.addDevice(device, Map.of(Device.ID, device.id(), Device.TYPE, device.type().id()));
        return device;
    }

    public void remove(Device device) {
        instruments.removeDevice(device, Map.of(Device.ID, device.id()));
    }

    /** Runs the action to its end and returns the result; fails the test if it failed. */
    public static Map<String, Object> run(Action action, FakeActionContext context) throws Exception {
        try {
            return action.execute(context).toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(action.name() + " failed: " + e.getCause(), e.getCause());
        }
    }

    /** Runs the action to its end and returns how it failed; fails the test if it completed. */
    public static Throwable failure(Action action, FakeActionContext context) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> action.execute(context).toCompletableFuture().get(20, TimeUnit.SECONDS));
        Throwable cause = e.getCause();
        if (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
            fail("the stage failed with a CompletionException around " + cause.getCause());
        }
        return cause;
    }

    @Override
    public void close() {
        instruments.close();
    }
}
