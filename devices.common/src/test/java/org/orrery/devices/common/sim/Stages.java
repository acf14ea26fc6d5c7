package org.orrery.devices.common.sim;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.orrery.device.DeviceException;
import org.orrery.device.DeviceRemovedException;

/** Waiting on device stages in tests, always with a timeout. */
public final class Stages {

    private Stages() {
    }

    public static <T> T done(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("expected success, failed with " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("not done within 10 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The device exception a stage failed with (within 10 s). */
    public static DeviceException failure(CompletionStage<?> stage) {
        try {
            Object v = stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
            return fail("expected a failure, got " + v);
        } catch (ExecutionException e) {
            return assertInstanceOf(DeviceException.class, e.getCause());
        } catch (TimeoutException e) {
            return fail("not done within 10 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Asserts that a stage failed with {@link DeviceRemovedException} (within 10 s). */
    public static DeviceRemovedException removed(CompletionStage<?> stage) {
        return assertInstanceOf(DeviceRemovedException.class, failure(stage));
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether a live thread has this name. */
    public static boolean threadAlive(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }

    public static double mean(int[] px) {
        return java.util.Arrays.stream(px).average().orElseThrow();
    }

    public static double stdDev(int[] px) {
        double m = mean(px);
        double s = 0;
        for (int v : px) {
            s += (v - m) * (v - m);
        }
        return Math.sqrt(s / px.length);
    }
}
