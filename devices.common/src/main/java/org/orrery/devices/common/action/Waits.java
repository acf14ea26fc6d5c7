package org.orrery.devices.common.action;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.orrery.device.Device;
import org.orrery.device.DeviceException;
import org.orrery.device.DeviceRemovedException;
import org.orrery.task.ActionContext;
import org.orrery.task.TaskException;
import org.orrery.task.TaskExecutionException;
import org.orrery.task.TaskTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits that hold no thread and always end: a device operation raced against its timeout, the
 * task's cancellation and the device's removal; and the short re-reading of a position after a
 * device said "done".
 */
public final class Waits {

    /** How often a settling value is read again. */
    public static final Duration SETTLE_POLL = Duration.ofMillis(100);

    private static final Logger LOG = LoggerFactory.getLogger(Waits.class);

    private Waits() {
    }

    /**
     * Starts a device operation and returns a stage that completes with its result, or
     * exceptionally with:
     * <ul>
     * <li>a {@link TaskTimeoutException} with {@code timeoutMessage} if it is not done within
     * {@code timeout} (then {@code abort} runs);
     * <li>the cancellation reason if the task is cancelled first (then {@code abort} runs);
     * <li>a {@link TaskExecutionException} with the {@link DeviceRemovedException}'s message if
     * {@code watched} leaves the registry, or the driver's stage fails with it;
     * <li>a {@link TaskExecutionException} "{@code what} failed: …" if the driver's stage fails
     * otherwise.
     * </ul>
     */
    public static <T> CompletableFuture<T> operation(ActionContext context, Instruments instruments, Device watched,
            String what, Duration timeout, Supplier<String> timeoutMessage, Runnable abort,
            Callable<? extends CompletionStage<T>> start) {
        CompletableFuture<T> result = new CompletableFuture<>();
        // the first way to end wins; an abort runs before the stage completes, so that whoever
        // waits on the stage sees the device already told to stop
        AtomicBoolean ended = new AtomicBoolean();
        Instruments.Watch watch = instruments.watch(watched, removed -> {
            if (ended.compareAndSet(false, true)) {
                result.completeExceptionally(new TaskExecutionException(removed.getMessage(), removed));
            }
        });
        result.whenComplete((r, e) -> watch.close());
        context.cancellation().thenAccept(why -> {
            if (ended.compareAndSet(false, true)) {
                abortQuietly(abort, what);
                result.completeExceptionally(why);
            }
        });
        if (ended.get()) {
            return result;
        }
        context.delay(timeout).whenComplete((v, e) -> {
            if (e == null && ended.compareAndSet(false, true)) {
                TaskTimeoutException timedOut = new TaskTimeoutException(timeoutMessage.get());
                abortQuietly(abort, what);
                result.completeExceptionally(timedOut);
            }
        });
        if (ended.get()) {
            return result;
        }
        CompletionStage<T> stage;
        try {
            stage = start.call();
        } catch (Exception e) {
            if (ended.compareAndSet(false, true)) {
                result.completeExceptionally(failure(what, e));
            }
            return result;
        }
        if (ended.get() && stage != null && !failedAlready(stage)) {
            // cancelled (or timed out, or removed) while the device was told to start: the abort
            // above found nothing to stop yet, so stop what was started now (NightIT once saw the
            // camera still reading out a cancelled frame when the next one began)
            abortQuietly(abort, what);
        }
        if (stage == null) {
            if (ended.compareAndSet(false, true)) {
                result.completeExceptionally(new TaskExecutionException(what + " failed: the driver returned no stage"));
            }
            return result;
        }
        stage.whenComplete((value, e) -> {
            if (ended.compareAndSet(false, true)) {
                if (e == null) {
                    result.complete(value);
                } else {
                    result.completeExceptionally(failure(what, e));
                }
            }
        });
        return result;
    }

    /** True when the device refused at once (e.g. busy with somebody else's operation): nothing of ours to stop. */
    private static boolean failedAlready(CompletionStage<?> stage) {
        return stage instanceof CompletableFuture<?> f && f.isCompletedExceptionally();
    }

    private static void abortQuietly(Runnable abort, String what) {
        try {
            abort.run();
        } catch (RuntimeException e) {
            LOG.warn("Aborting {} failed", what, e);
        }
    }

    /** A failure of a driver's stage as a task error: the device's message, with what was asked. */
    public static TaskException failure(String what, Throwable t) {
        Throwable e = unwrap(t);
        if (e instanceof TaskException te) {
            return te;
        }
        if (e instanceof DeviceRemovedException removed) {
            return new TaskExecutionException(removed.getMessage(), removed);
        }
        if (e instanceof DeviceException de) {
            return new TaskExecutionException(what + " failed: " + de.getMessage(), de);
        }
        return new TaskExecutionException(what + " failed: " + e, e);
    }

    /** The failure inside the wrappers a completion stage puts around it. */
    public static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * Reads {@code ok} until it holds, for up to {@code settle}: completes with true as soon as it
     * does, with false when the time is up, exceptionally if the task is cancelled meanwhile.
     */
    public static CompletableFuture<Boolean> settle(ActionContext context, Duration settle, BooleanSupplier ok) {
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        settleStep(context, System.nanoTime() + settle.toNanos(), ok, result);
        return result;
    }

    private static void settleStep(ActionContext context, long deadline, BooleanSupplier ok,
            CompletableFuture<Boolean> result) {
        boolean holds;
        try {
            holds = ok.getAsBoolean();
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return;
        }
        if (holds) {
            result.complete(true);
            return;
        }
        if (System.nanoTime() - deadline >= 0) {
            result.complete(false);
            return;
        }
        context.delay(SETTLE_POLL).whenComplete((v, e) -> {
            if (e != null) {
                result.completeExceptionally(e);
            } else {
                settleStep(context, deadline, ok, result);
            }
        });
    }

    /**
     * Like {@link #settle}, but fails with a {@link TaskExecutionException} carrying
     * {@code failure} (read when the time is up, so it describes what was seen last).
     */
    public static CompletableFuture<Void> verify(ActionContext context, Duration settle, BooleanSupplier ok,
            Supplier<String> failure) {
        return settle(context, settle, ok).thenCompose(holds -> holds ? CompletableFuture.completedFuture(null)
                : CompletableFuture.failedFuture(new TaskExecutionException(failure.get())));
    }

    /** A stage that fails with {@code e}: for actions that check before they start. */
    public static <T> CompletableFuture<T> failed(Throwable e) {
        return CompletableFuture.failedFuture(e);
    }
}
