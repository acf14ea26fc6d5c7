package org.orrery.devices.common.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.device.DeviceException;
import org.orrery.task.TaskExecutionException;
import org.orrery.testsupport.FakeActionContext;

/** How a device operation ends when the task is cancelled while the device is being told to start. */
class WaitsTest {

    @TempDir
    Path home;

    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicInteger abortsOfAStartedOperation = new AtomicInteger();

    @Test
    void anOperationStartedWhileTheTaskWasCancelledIsAbortedOnceStarted() {
        try (Rig rig = new Rig(home); FakeActionContext context = new FakeActionContext(Map.of())) {
            Fakes.FakeCamera camera = rig.add(new Fakes.FakeCamera("cam"));
            CompletableFuture<String> operation = Waits.operation(context, rig.instruments, camera, "exposure",
                    Duration.ofSeconds(30), () -> "too long", this::abort, () -> {
                        // the cancellation arrives while the driver is accepting the command
                        context.cancel(new TaskExecutionException("cancelled by the test"));
                        started.set(true);
                        return new CompletableFuture<String>();
                    });
            assertTrue(operation.isCompletedExceptionally());
            assertEquals(1, abortsOfAStartedOperation.get(),
                    "the exposure the camera accepted after the cancellation was left running");
        }
    }

    @Test
    void aDeviceThatRefusedAtOnceIsNotAbortedForSomebodyElsesOperation() {
        try (Rig rig = new Rig(home); FakeActionContext context = new FakeActionContext(Map.of())) {
            Fakes.FakeCamera camera = rig.add(new Fakes.FakeCamera("cam"));
            CompletableFuture<String> operation = Waits.operation(context, rig.instruments, camera, "exposure",
                    Duration.ofSeconds(30), () -> "too long", this::abort, () -> {
                        context.cancel(new TaskExecutionException("cancelled by the test"));
                        started.set(true);
                        return CompletableFuture.<String>failedFuture(new DeviceException("cam", "busy"));
                    });
            assertTrue(operation.isCompletedExceptionally());
            assertEquals(0, abortsOfAStartedOperation.get(), "a busy camera's other exposure was aborted");
        }
    }

    @Test
    void aTaskCancelledBeforeTheStartNeverStartsTheDevice() {
        try (Rig rig = new Rig(home); FakeActionContext context = new FakeActionContext(Map.of())) {
            Fakes.FakeCamera camera = rig.add(new Fakes.FakeCamera("cam"));
            context.cancel(new TaskExecutionException("cancelled by the test"));
            CompletableFuture<String> operation = Waits.operation(context, rig.instruments, camera, "exposure",
                    Duration.ofSeconds(30), () -> "too long", this::abort, () -> {
                        started.set(true);
                        return new CompletableFuture<String>();
                    });
            assertTrue(operation.isCompletedExceptionally());
            assertEquals(false, started.get());
        }
    }

    private void abort() {
        if (started.get()) {
            abortsOfAStartedOperation.incrementAndGet();
        }
    }
}
