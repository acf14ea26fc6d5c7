package org.orrery.testsupport;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.orrery.task.ActionContext;
import org.orrery.task.TaskException;
import org.orrery.task.TaskExecution;
import org.orrery.task.TaskSpec;

/**
 * An {@link ActionContext} for unit tests, shaped like the scheduler's: {@link #delay} is a timer
 * that completes exceptionally with the reason once the test calls {@link #cancel}; checkpoints are
 * kept in memory ({@link #checkpoints}), and a test makes a later attempt with
 * {@link #resumingFrom}.
 */
public final class FakeActionContext implements ActionContext, ActionContext.TaskLog, AutoCloseable {

    private final String taskId;
    private final String taskName;
    private final Map<String, Object> parameters;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fake-action-context-timer");
        t.setDaemon(true);
        return t;
    });
    private final CompletableFuture<TaskException> cancellation = new CompletableFuture<>();
    public final List<String> logged = new CopyOnWriteArrayList<>();
    /** The progress messages reported, in order. */
    public final List<String> progress = new CopyOnWriteArrayList<>();
    /** The progress fractions reported, in order. */
    public final List<Double> fractions = new CopyOnWriteArrayList<>();
    /** The checkpoints saved through {@link #checkpoint(Map)}, in order. */
    public final List<Map<String, Object>> checkpoints = new CopyOnWriteArrayList<>();
    private volatile Map<String, Object> earlier = Map.of();
    private volatile int attempt = 1;
    private volatile int checkpointsAllowed = Integer.MAX_VALUE;
    private volatile TaskSpec task;

    public FakeActionContext(Map<String, Object> parameters) {
        this("3f2b9c1e-7d4a-4e5b-9c2d-1a2b3c4d5e6f", "test task", parameters);
    }

    public FakeActionContext(String taskId, String taskName, Map<String, Object> parameters) {
        this.taskId = taskId;
        this.taskName = taskName;
        this.parameters = parameters;
    }

    /** For an agent's test: the task as submitted (its action is seed 004's task_type). */
    public FakeActionContext forTask(TaskSpec spec) {
        this.task = spec;
        return this;
    }

    @Override
    public TaskSpec task() {
        TaskSpec t = task;
        return t != null ? t : TaskSpec.builder(taskName).id(taskId).parameters(parameters).build();
    }

    /** What the action reported with {@link #reportUsage}, or null. */
    public volatile TaskExecution.ResourceUsage reportedUsage;

    @Override
    public void reportUsage(TaskExecution.ResourceUsage usage) {
        reportedUsage = usage;
    }

    /** As a later attempt (a retry, a re-run after a crash) that finds this checkpoint. */
    public FakeActionContext resumingFrom(Map<String, Object> checkpoint, int attemptNumber) {
        this.earlier = Collections.unmodifiableMap(new LinkedHashMap<>(checkpoint));
        this.attempt = attemptNumber;
        return this;
    }

    /**
     * A crash after this many saved checkpoints: the next {@link #checkpoint(Map)} throws (nothing
     * saved), as if the process died between the action's work and its checkpoint.
     */
    public FakeActionContext crashAfterCheckpoints(int count) {
        this.checkpointsAllowed = count;
        return this;
    }

    /** The last checkpoint saved, else the one this attempt started from. */
    public Map<String, Object> lastCheckpoint() {
        return checkpoints.isEmpty() ? earlier : checkpoints.get(checkpoints.size() - 1);
    }

    public void cancel(TaskException why) {
        cancellation.complete(why);
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
    public int attempt() {
        return attempt;
    }

    @Override
    public Map<String, Object> checkpoint() {
        return earlier;
    }

    @Override
    public void checkpoint(Map<String, Object> state) throws TaskException {
        if (checkpoints.size() >= checkpointsAllowed) {
            throw new TaskException("simulated crash before checkpoint " + (checkpoints.size() + 1) + " was stored");
        }
        checkpoints.add(Collections.unmodifiableMap(new LinkedHashMap<>(state)));
    }

    @Override
    public Map<String, Object> parameters() {
        return parameters;
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
        progress.add(message);
        fractions.add(fraction);
    }

    @Override
    public CompletionStage<Void> delay(Duration duration) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        ScheduledFuture<?> wake = timer.schedule(() -> done.complete(null), duration.toNanos(), TimeUnit.NANOSECONDS);
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
        logged.add("INFO " + message);
    }

    @Override
    public void warn(String message) {
        logged.add("WARN " + message);
    }

    @Override
    public void error(String message) {
        logged.add("ERROR " + message);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** The failure inside the wrappers a completion stage puts around it. */
    public static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
