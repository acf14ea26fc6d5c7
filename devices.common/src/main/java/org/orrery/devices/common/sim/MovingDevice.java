package org.orrery.devices.common.sim;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.function.LongConsumer;
import java.util.function.LongFunction;
import java.util.function.LongToDoubleFunction;

/**
 * A simulated device that makes one motion at a time (focuser, stage, mount, filter wheel): the
 * pending operation and its timer. A new motion replaces the one under way, which fails; when a
 * motion has taken its time the model arrives and the operation completes. Everything here is
 * guarded by the device's own lock ({@code this}); operations complete and fail outside it.
 */
public abstract class MovingDevice extends SimulatedDevice {

    private CompletableFuture<Void> pending;
    private ScheduledFuture<?> timer;

    public MovingDevice(String kind, String id, String name, DeviceWorker worker) {
        super(kind, id, name, worker);
    }

    /** Under the lock: what the motion under way is called in messages; {@code move} unless overridden. */
    protected String motionUnderWay() {
        return "move";
    }

    /**
     * Under the lock, for a motion that takes {@code seconds} with none under way: whether it is
     * done at once rather than completed by a timer. No, unless overridden.
     */
    protected boolean doneAtOnce(double seconds) {
        return false;
    }

    /**
     * Starts a motion. Refused when the device is gone; {@code plan} runs under the lock with the
     * time now, sets the model going and returns how long the motion takes, or throws
     * {@link IllegalArgumentException} or {@link IllegalStateException} to refuse it (its message
     * goes into the {@link org.orrery.device.DeviceException}). {@code arrival} runs under the lock
     * with the time when the motion has taken its time. The motion under way fails with
     * {@code <motionUnderWay> interrupted by <by>}.
     */
    protected final CompletableFuture<Void> move(LongToDoubleFunction plan, LongConsumer arrival, String by) {
        CompletableFuture<Void> replaced;
        String replacedWhat;
        CompletableFuture<Void> f;
        synchronized (this) {
            if (worker.closed()) {
                return removed();
            }
            replacedWhat = motionUnderWay();
            long now = System.nanoTime();
            double seconds;
            try {
                seconds = plan.applyAsDouble(now);
            } catch (IllegalArgumentException | IllegalStateException e) {
                return DeviceWorker.failed(error(e.getMessage()));
            }
            replaced = takeMotion();
            if (replaced == null && doneAtOnce(seconds)) {
                arrival.accept(now);
                return CompletableFuture.completedFuture(null);
            }
            f = worker.operation(id);
            pending = f;
            timer = worker.schedule(seconds, () -> arrived(f, arrival));
        }
        if (replaced != null) {
            worker.fail(replaced, error(replacedWhat + " interrupted by " + by));
        }
        return f;
    }

    private void arrived(CompletableFuture<Void> f, LongConsumer arrival) {
        synchronized (this) {
            if (pending != f) {
                return;
            }
            arrival.accept(System.nanoTime());
            pending = null;
            timer = null;
        }
        worker.complete(f, null);
    }

    /**
     * Stops the motion under way: {@code stop} runs under the lock with the time now, stops the
     * model and returns the message the pending operation (if any) fails with.
     */
    protected final void abortMotion(LongFunction<String> stop) {
        CompletableFuture<Void> f;
        String message;
        synchronized (this) {
            message = stop.apply(System.nanoTime());
            f = takeMotion();
        }
        if (f != null) {
            worker.fail(f, error(message));
        }
    }

    /** Whether a motion is under way (until its operation completes, fails or is replaced). */
    public final synchronized boolean moving() {
        return pending != null;
    }

    /**
     * Under the lock: ends the motion under way without completing it (cancels its timer) and
     * returns its operation, for the caller to fail outside the lock; null when none was.
     */
    protected final CompletableFuture<Void> takeMotion() {
        CompletableFuture<Void> f = pending;
        pending = null;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        return f;
    }

    @Override
    public synchronized void stopped() {
        pending = null;
        timer = null;
    }
}
