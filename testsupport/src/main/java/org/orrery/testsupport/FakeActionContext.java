package org.orrery.testsupport;

import java.time.Duration;
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

/**
 * An {@link ActionContext} for unit tests, shaped like the scheduler's: {@link #delay} is a timer
 * that completes exceptionally with the reason once the test calls {@link #cancel}.
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

    public FakeActionContext(Map<String, Object> parameters) {
        this("3f2b9c1e-7d4a-4e5b-9c2d-1a2b3c4d5e6f", "test task", parameters);
    }

    public FakeActionContext(String taskId, String taskName, Map<String, Object> parameters) {
        this.taskId = taskId;
        this.taskName = taskName;
        this.parameters = parameters;
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
        return 1;
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
