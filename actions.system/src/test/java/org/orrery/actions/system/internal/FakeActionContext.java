package org.orrery.actions.system.internal;

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
 * on a scheduled executor and completes exceptionally with the reason once the test calls
 * {@link #cancel}. Close it to stop the timer thread.
 */
final class FakeActionContext implements ActionContext, ActionContext.TaskLog, AutoCloseable {

    private final Map<String, Object> parameters;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fake-action-context-timer");
        t.setDaemon(true);
        return t;
    });
    private final CompletableFuture<TaskException> cancellation = new CompletableFuture<>();
    final List<String> logged = new CopyOnWriteArrayList<>();
    final List<Double> progress = new CopyOnWriteArrayList<>();

    FakeActionContext(Map<String, Object> parameters) {
        this.parameters = parameters;
    }

    /** Cancels the attempt, as the scheduler does when a task is cancelled or times out. */
    void cancel(TaskException why) {
        cancellation.complete(why);
    }

    @Override
    public String taskId() {
        return "task-1";
    }

    @Override
    public String taskName() {
        return "test task";
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
        progress.add(fraction);
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
    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
