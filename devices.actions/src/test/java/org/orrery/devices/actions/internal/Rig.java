package org.orrery.devices.actions.internal;

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

/**
 * The {@link Instruments} of a test, with short timeouts (so that failures come fast; nothing
 * asserts how long anything took), a home in a temporary folder and fake devices added by hand.
 */
final class Rig implements AutoCloseable {

    static final Settings FAST = new Settings(Duration.ofMillis(600), Duration.ofMillis(400), 1000,
            Duration.ofMillis(400), 1.0, Duration.ofMillis(400), Duration.ofMillis(400), 1_000_000,
            Duration.ofMillis(400), 0, Duration.ofMillis(400), 1_000_000, Duration.ofMillis(400), 1.0,
            Duration.ofMillis(200), "images", 2048, "");

    /** {@link #FAST} but with a long device wait, for tests where a device comes later. */
    static final Settings PATIENT = new Settings(Duration.ofSeconds(30), FAST.readoutMargin(),
            FAST.slewRateDegreesPerSecond(), FAST.slewMargin(), FAST.slewToleranceArcmin(), FAST.parkTimeout(),
            FAST.trackingTimeout(), FAST.focuserStepsPerSecond(), FAST.focuserMargin(), FAST.focuserToleranceSteps(),
            FAST.filterTimeout(), FAST.stageMicronsPerSecond(), FAST.stageMargin(), FAST.stageToleranceMicrons(),
            FAST.settle(), FAST.imagesFolder(), FAST.previewMaxSize(), FAST.microscopeId());

    final Path home;
    final Instruments instruments;

    Rig(Path home) {
        this(home, FAST);
    }

    Rig(Path home, Settings settings) {
        this.home = home;
        this.instruments = new Instruments(new OrreryHome(home), settings);
    }

    <T extends Device> T add(T device) {
        instruments.addDevice(device, Map.of(Device.ID, device.id(), Device.TYPE, device.type().id()));
        return device;
    }

    void remove(Device device) {
        instruments.removeDevice(device, Map.of(Device.ID, device.id()));
    }

    /** Runs the action to its end and returns the result; fails the test if it failed. */
    static Map<String, Object> run(Action action, FakeActionContext context) throws Exception {
        try {
            return action.execute(context).toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(action.name() + " failed: " + e.getCause(), e.getCause());
        }
    }

    /** Runs the action to its end and returns how it failed; fails the test if it completed. */
    static Throwable failure(Action action, FakeActionContext context) throws Exception {
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
