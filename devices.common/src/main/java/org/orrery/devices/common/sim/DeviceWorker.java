package org.orrery.devices.common.sim;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.orrery.device.DeviceRemovedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread of a simulated device (or of a microscope and its parts): a scheduled executor
 * that runs timers, never waits, and tracks every pending operation so that {@link #close()} can
 * fail them with {@link DeviceRemovedException}. Operations complete on
 * {@link CompletableFuture#defaultExecutor()}, never on this thread, so a caller's dependent
 * stage cannot hold up the simulation.
 */
public final class DeviceWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceWorker.class);

    private final ScheduledThreadPoolExecutor executor;
    private final Map<CompletableFuture<?>, String> pending = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public DeviceWorker(String name) {
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "orrery-sim-" + name);
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    public boolean closed() {
        return closed;
    }

    /** Runs {@code task} after {@code seconds} on the device thread; a failure is logged, not lost. */
    public ScheduledFuture<?> schedule(double seconds, Runnable task) {
        long nanos = Math.max(0, Math.round(seconds * 1e9));
        return executor.schedule(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("Simulated device task failed: {}", e.toString(), e);
            }
        }, nanos, TimeUnit.NANOSECONDS);
    }

    /** A new pending operation of device {@code deviceId}; already failed when the worker is closed. */
    public <T> CompletableFuture<T> operation(String deviceId) {
        CompletableFuture<T> f = new CompletableFuture<>();
        if (closed) {
            f.completeExceptionally(new DeviceRemovedException(deviceId));
            return f;
        }
        pending.put(f, deviceId);
        f.whenComplete((v, e) -> pending.remove(f));
        if (closed) { // close() ran between the check and the put
            fail(f, new DeviceRemovedException(deviceId));
        }
        return f;
    }

    /** A stage that has already failed with {@code error}. */
    public static <T> CompletableFuture<T> failed(Throwable error) {
        return CompletableFuture.failedFuture(error);
    }

    public <T> void complete(CompletableFuture<T> f, T value) {
        if (f != null && !f.isDone()) {
            f.completeAsync(() -> value);
        }
    }

    public void fail(CompletableFuture<?> f, Throwable error) {
        if (f != null && !f.isDone()) {
            CompletableFuture.runAsync(() -> f.completeExceptionally(error));
        }
    }

    /** Number of operations not yet completed. */
    public int pendingCount() {
        return (int) pending.keySet().stream().filter(f -> !f.isDone()).count();
    }

    public boolean terminated() {
        return executor.isTerminated();
    }

    /**
     * Fails every pending operation with {@link DeviceRemovedException}, stops the thread and
     * waits (briefly) until it has ended. Never call it while holding a device's lock.
     */
    @Override
    public void close() {
        closed = true;
        executor.shutdownNow();
        for (Map.Entry<CompletableFuture<?>, String> e : pending.entrySet()) {
            e.getKey().completeExceptionally(new DeviceRemovedException(e.getValue()));
        }
        pending.clear();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("Simulated device thread did not end within 5 s of being stopped");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
