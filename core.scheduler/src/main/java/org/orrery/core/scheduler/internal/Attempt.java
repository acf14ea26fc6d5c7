package org.orrery.core.scheduler.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;

import org.orrery.task.Action;
import org.orrery.task.ActionContext;
import org.orrery.task.ResourceClaim;
import org.orrery.task.Severity;
import org.orrery.task.TaskException;
import org.orrery.task.TaskStoreException;
import org.orrery.task.TaskTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One run of a task's action, and the context the action sees. */
final class Attempt implements ActionContext, ActionContext.TaskLog {
    private static final Logger LOG = LoggerFactory.getLogger(TaskEngine.class);

    private final TaskEngine engine;
    final TaskEntry entry;
    final Action action;
    final List<ResourceClaim> claims;
    final int number;
    volatile String executorId = org.orrery.task.TaskExecution.LOCAL;
    volatile org.orrery.task.TaskExecution.ResourceUsage reportedUsage;
    final String taskId;
    final String taskName;
    final Map<String, Object> parameters;
    /** What an earlier attempt saved (the record's checkpoint when this attempt began). */
    private final Map<String, Object> checkpoint;
    final CompletableFuture<TaskException> cancellation = new CompletableFuture<>();
    volatile long startNanos;
    volatile boolean userCancel;
    volatile TaskException userReason;
    volatile boolean pausedInterrupt;
    volatile ScheduledFuture<?> timeout = EngineTimer.NONE;
    /** The action's logger, looked up when the attempt first logs (most attempts never do). */
    private Logger log;
    /** The lines it logged and the CPU time it used, for its execution record. */
    final AttemptLog trace;
    /** When it started (the task record's start time). */
    final java.time.Instant startedAt;

    Attempt(TaskEngine engine, TaskEntry entry, Action action, List<ResourceClaim> claims, int number) {
        this.engine = engine;
        this.entry = entry;
        this.action = action;
        this.claims = claims;
        this.number = number;
        this.taskId = entry.id();
        this.taskName = entry.spec().name();
        this.parameters = entry.spec().parameters();
        this.checkpoint = entry.record.checkpoint();
        this.trace = new AttemptLog(engine::now);
        this.startedAt = entry.record.startedAt() != null ? entry.record.startedAt() : engine.now();
    }

    /** Calls the action on a worker thread (a remote agent's on this thread), outside the lock. */
    void begin() {
        startNanos = engine.nanoTime();
        Duration limit = entry.spec().timeout() != null ? entry.spec().timeout() : engine.settings().defaultTimeout();
        if (limit != null) {
            timeout = engine.schedule(limit, () -> engine.operateAsync(() -> {
                if (entry.attempt == this) {
                    cancel(new TaskTimeoutException("attempt " + number + " of " + TaskEngine.describe(entry.spec())
                            + " exceeded its timeout of " + EngineTimer.human(limit)), false);
                }
            }));
        }
        if (action instanceof AgentAction a && a.lease != null) {
            run(); // a remote agent's attempt only hands its lease to the claim: no worker thread needed
            return;
        }
        try {
            engine.execute(this::run);
        } catch (RejectedExecutionException e) {
            finish(null, new TaskException("the scheduler stopped", Severity.HIGH, true));
        }
    }

    private void run() {
        CompletionStage<Map<String, Object>> stage;
        long cpu = AttemptLog.threadCpu();
        try {
            stage = action.execute(this);
            if (stage == null) {
                stage = CompletableFuture.completedFuture(Map.of());
            }
        } catch (Exception | LinkageError e) {
            trace.ranSince(cpu);
            finish(null, e);
            return;
        }
        trace.ranSince(cpu);
        stage.whenComplete(this::finish);
    }

    private void finish(Map<String, Object> result, Throwable failure) {
        engine.operateAsync(() -> engine.lifecycle.attemptEnded(this, result, failure));
    }

    /** The reason the attempt was cancelled, or null. */
    TaskException reason() {
        return cancellation.getNow(null);
    }

    /**
     * Signals the action; gives it up after the grace period. Called under the lock. A user's
     * cancel wins over an earlier timeout or pause: the task ends CANCELLED.
     */
    void cancel(TaskException why, boolean byUser) {
        if (byUser && userReason == null) {
            userCancel = true;
            userReason = why;
        }
        if (cancellation.isDone()) {
            return;
        }
        cancellation.complete(why);
        engine.schedule(engine.settings().cancelGrace(), () -> engine.operateAsync(() -> {
            if (entry.attempt == this) {
                LOG.warn("{} did not stop within {} of being cancelled ({}); it is given up and its resources released",
                        TaskEngine.describe(entry.spec()), EngineTimer.human(engine.settings().cancelGrace()), why.getMessage());
                engine.lifecycle.attemptEnded(this, null, why);
            }
        }));
    }

    void interruptForPause() {
        pausedInterrupt = true;
        cancel(new TaskException("the scheduler was paused immediately; the task runs again on resume",
                Severity.LOW, true), false);
    }

    @Override
    public String taskId() {
        return taskId;
    }

    @Override
    public String taskName() {
        return taskName;
    }

    @Override
    public org.orrery.task.TaskSpec task() {
        return entry.spec();
    }

    @Override
    public void reportUsage(org.orrery.task.TaskExecution.ResourceUsage usage) {
        reportedUsage = usage;
    }

    /** What it used: what it reported, else the CPU time measured on the threads that ran its code. */
    org.orrery.task.TaskExecution.ResourceUsage usage() {
        org.orrery.task.TaskExecution.ResourceUsage reported = reportedUsage;
        return reported != null ? reported : new org.orrery.task.TaskExecution.ResourceUsage(trace.cpuTime(), null);
    }

    @Override
    public int attempt() {
        return number;
    }

    @Override
    public Map<String, Object> parameters() {
        return parameters;
    }

    @Override
    public Map<String, Object> checkpoint() {
        return checkpoint;
    }

    @Override
    public void checkpoint(Map<String, Object> state) throws TaskException {
        @SuppressWarnings("unchecked")
        Map<String, Object> frozen = (Map<String, Object>) frozen(state == null ? Map.of() : state);
        // through the normal commit path, waiting for the commit. Kept while this attempt is the
        // task's current one, also once cancelled (the action still runs, and what it did is real);
        // refused once it was given up or the engine stops, so that the action does not act on it
        if (engine.inOperation()) {
            // a callback of cancellation() runs in the engine's operation that cancels: waiting for
            // a commit there could wait for the engine itself
            throw new TaskException("checkpoint() of " + TaskEngine.describe(entry.spec()) + " was called inside the"
                    + " scheduler's own operation (a cancellation callback): call it from the action's thread or"
                    + " an executor (e.g. thenAcceptAsync)", Severity.MEDIUM, false);
        }
        String[] refused = new String[1];
        GroupCommitter.Pending mine = engine.operate(() -> {
            if (engine.closedLocked()) {
                refused[0] = "the scheduler is stopping";
            } else if (entry.attempt != this) {
                refused[0] = "attempt " + number + " was given up (cancelled, timed out or interrupted, and it did not"
                        + " stop in time)";
            } else {
                engine.changes.store(entry, Transitions.withCheckpoint(entry.record, frozen));
            }
        }, true);
        if (refused[0] != null) {
            throw new TaskException("the checkpoint of " + TaskEngine.describe(entry.spec()) + " is not kept: "
                    + refused[0], Severity.LOW, true);
        }
        Exception failure = mine == null ? null : mine.failure();
        if (failure != null) {
            throw new TaskStoreException("the checkpoint of " + TaskEngine.describe(entry.spec()) + " was not stored: "
                    + failure.getMessage(), failure);
        }
    }

    /** A deep, unmodifiable copy: the action may go on changing its own maps and lists. */
    private static Object frozen(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put(String.valueOf(k), frozen(v)));
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof Collection<?> c) {
            List<Object> copy = new ArrayList<>();
            c.forEach(v -> copy.add(frozen(v)));
            return Collections.unmodifiableList(copy);
        }
        return value;
    }

    @Override
    public boolean isCancelled() {
        return cancellation.isDone();
    }

    @Override
    public CompletionStage<TaskException> cancellation() {
        return cancellation.minimalCompletionStage();
    }

    @Override
    public void progress(double fraction, String message) {
        engine.operateAsync(() -> {
            if (entry.attempt == this) {
                entry.record(Transitions.withProgress(entry.record, fraction, message));
                engine.changes.emit(org.orrery.task.TaskEvent.Type.PROGRESS, entry.record, message);
            }
        });
    }

    @Override
    public CompletionStage<Void> delay(Duration duration) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        ScheduledFuture<?> wake = engine.schedule(duration, () -> done.complete(null));
        cancellation.thenAccept(why -> {
            wake.cancel(false);
            done.completeExceptionally(why);
        });
        return done;
    }

    @Override
    public TaskLog log() {
        return this;
    }

    @Override
    public void info(String message) {
        trace.add("INFO", message);
        logger().info("[{} {}] {}", taskName, taskId, message);
    }

    @Override
    public void warn(String message) {
        trace.add("WARN", message);
        logger().warn("[{} {}] {}", taskName, taskId, message);
    }

    @Override
    public void error(String message) {
        trace.add("ERROR", message);
        logger().error("[{} {}] {}", taskName, taskId, message);
    }

    private Logger logger() {
        Logger l = log;
        if (l == null) {
            l = LoggerFactory.getLogger("org.orrery.task." + action.name());
            log = l; // a race only looks it up twice
        }
        return l;
    }
}
