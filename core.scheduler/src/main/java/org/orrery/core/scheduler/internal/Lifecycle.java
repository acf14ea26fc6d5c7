package org.orrery.core.scheduler.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.orrery.task.RetryPolicy;
import org.orrery.task.TaskDependencyException;
import org.orrery.task.TaskError;
import org.orrery.task.TaskEvent;
import org.orrery.task.TaskException;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskStatus;
import org.orrery.task.TaskTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of a task between the public calls: what a waiting task waits for and when it becomes
 * READY, start times and deadlines, failures cascading to dependents, and the end of an attempt
 * (completed, cancelled, retried after its delay, or failed). Under the engine's lock, through
 * its operations; timers come back as new operations.
 */
final class Lifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(TaskEngine.class);

    /** The most dependencies {@code waiting_for} names; the others are counted. */
    static final int LISTED_DEPENDENCIES = 5;

    private final TaskEngine engine;
    private final Map<String, TaskEntry> tasks;
    private final OperationChanges changes;
    private final ReadyQueue ready;
    private final ResourceLedger resources;
    private final Dispatcher dispatcher;
    private final EngineStatistics stats;
    private final EngineTimer timer;
    private final Clock clock;

    Lifecycle(TaskEngine engine, Map<String, TaskEntry> tasks, OperationChanges changes, ReadyQueue ready,
            ResourceLedger resources, Dispatcher dispatcher, EngineStatistics stats, EngineTimer timer, Clock clock) {
        this.engine = engine;
        this.tasks = tasks;
        this.changes = changes;
        this.ready = ready;
        this.resources = resources;
        this.dispatcher = dispatcher;
        this.stats = stats;
        this.timer = timer;
        this.clock = clock;
    }

    /** Decides what a PENDING (or retry-waiting) task waits for, and makes it READY when nothing. */
    void reconsider(TaskEntry e) {
        TaskStatus s = e.record.status();
        if (s != TaskStatus.PENDING && s != TaskStatus.RETRYING || e.interrupted) {
            return;
        }
        cancelWakeUp(e);
        Instant now = clock.instant();
        String waiting = waitingFor(e);
        if (e.spec().notBefore() != null && now.isBefore(e.spec().notBefore())) {
            e.wakeUp = engine.schedule(Duration.between(now, e.spec().notBefore()), () -> wake(e.id()));
        }
        if (waiting == null && s == TaskStatus.RETRYING && engine.pausedLocked()) {
            return; // an attempt interrupted by an immediate pause waits for resumeAll
        }
        if (waiting != null) {
            if (s == TaskStatus.RETRYING || !waiting.equals(e.record.waitingFor())) {
                changes.change(e, Transitions.withStatus(e.record, TaskStatus.PENDING, waiting), TaskEvent.Type.WAITING);
            }
            return;
        }
        changes.change(e, Transitions.withStatus(e.record, TaskStatus.READY, null), TaskEvent.Type.READY);
        ready.add(e, timer.nanoTime());
    }

    /** What the task still waits for, for people; null when nothing. */
    String waitingFor(TaskEntry e) {
        List<String> reasons = new ArrayList<>();
        if (!e.unmet.isEmpty()) {
            reasons.add(unmetDependencies(e.unmet));
        }
        if (e.spec().notBefore() != null && clock.instant().isBefore(e.spec().notBefore())) {
            reasons.add("its start time " + e.spec().notBefore());
        }
        if (AgentPool.forAgent(e.spec())) {
            String agent = engine.agentPool.waitingFor(e.spec());
            if (agent != null) {
                reasons.add(agent);
            }
        } else if (!engine.hasAction(e.spec().action())) {
            reasons.add(waitingForAction(e.spec().action()));
        }
        return reasons.isEmpty() ? null : String.join("; ", reasons);
    }

    /**
     * The dependencies a task still waits for, for people: the first {@value #LISTED_DEPENDENCIES}
     * in the order they were given, and how many more. Not all of them: the text is made again and
     * the record saved each time one of them finishes, so listing every id made a fan-in of n
     * dependencies quadratic (10 000 took 1 s in memory, 30 000 took 9 s).
     */
    static String unmetDependencies(Collection<String> unmet) {
        StringBuilder text = new StringBuilder("dependencies ");
        Iterator<String> ids = unmet.iterator();
        for (int i = 0; i < LISTED_DEPENDENCIES && ids.hasNext(); i++) {
            text.append(i == 0 ? "" : ", ").append(ids.next());
        }
        int more = unmet.size() - LISTED_DEPENDENCIES;
        if (more > 0) {
            text.append(" and ").append(more).append(" more");
        }
        return text.toString();
    }

    static String waitingForAction(String action) {
        return "action '" + action + "' (no installed bundle provides it)";
    }

    void wake(String id) {
        engine.operateAsync(() -> {
            TaskEntry e = tasks.get(id);
            if (e != null) {
                e.wakeUp = null;
                reconsider(e);
            }
        });
    }

    void deadlinePassed(String id) {
        engine.operateAsync(() -> {
            TaskEntry e = tasks.get(id);
            if (e == null) {
                return;
            }
            e.deadline = null;
            if (clock.instant().isBefore(e.spec().deadline())) {
                // a far deadline: the timer fired at its longest delay, not at the deadline
                e.deadline = engine.schedule(Duration.between(clock.instant(), e.spec().deadline()), () -> deadlinePassed(id));
                return;
            }
            TaskStatus s = e.record.status();
            if (s == TaskStatus.PENDING || s == TaskStatus.READY || s == TaskStatus.PAUSED || s == TaskStatus.RETRYING) {
                TaskError error = new TaskTimeoutException(TaskEngine.describe(e.spec()) + " had not started by its deadline "
                        + e.spec().deadline()).toError();
                leaveReady(e);
                cancelWakeUp(e);
                changes.change(e, Transitions.withError(e.record, TaskStatus.FAILED, error, clock.instant()), TaskEvent.Type.FAILED);
                cascadeFailure(e);
            }
        });
    }

    void cancelWaiting(TaskEntry e, TaskError error) {
        leaveReady(e);
        cancelWakeUp(e);
        changes.change(e, Transitions.withError(e.record, TaskStatus.CANCELLED, error, clock.instant()), TaskEvent.Type.CANCELLED);
        cascadeFailure(e);
    }

    /** A dependency of {@code e} failed or was cancelled: cancel e (and so its own dependents). */
    void cancelCascade(TaskEntry e, TaskEntry cause) {
        TaskStatus s = e.record.status();
        if (s.isTerminal()) {
            return;
        }
        String why = "cancelled because its dependency '" + cause.id() + "' " + (cause.record.status() == TaskStatus.FAILED
                ? "failed" : "was cancelled");
        cause.cancelledByMe.add(e);
        if (s == TaskStatus.RUNNING && e.attempt != null) {
            e.attempt.cancel(new TaskDependencyException(why), true);
            return;
        }
        cancelWaiting(e, new TaskDependencyException(why).toError());
    }

    /** After e ended FAILED or CANCELLED: its dependents are cancelled, or run if they run always. */
    void cascadeFailure(TaskEntry e) {
        for (TaskEntry d : new ArrayList<>(e.dependents)) {
            if (d.spec().runAlways()) {
                dependencyDone(d, e);
            } else {
                cancelCascade(d, e);
            }
        }
    }

    /** Whether a dependency lets the task run: completed, or (for a task that runs always) ended. */
    static boolean dependencyMet(TaskEntry task, TaskEntry dependency) {
        TaskStatus s = dependency.record.status();
        return s == TaskStatus.COMPLETED || task.spec().runAlways() && s.isTerminal();
    }

    void dependencyDone(TaskEntry dependent, TaskEntry dependency) {
        if (dependent.unmet.remove(dependency.id())) {
            reconsider(dependent);
        }
    }

    void leaveReady(TaskEntry e) {
        ready.remove(e);
        resources.forget(e);
    }

    void cancelWakeUp(TaskEntry e) {
        if (e.wakeUp != null) {
            e.wakeUp.cancel(false);
            e.wakeUp = null;
        }
    }

    /**
     * An attempt ended (its stage completed, or it was given up after the grace period): the task
     * goes on, and the attempt's execution is recorded (saved with this operation's changes).
     */
    void attemptEnded(Attempt attempt, Map<String, Object> result, Throwable failure) {
        boolean current = attempt.entry.attempt == attempt && !engine.closedLocked();
        settle(attempt, result, failure);
        if (current) {
            changes.executed(ExecutionLog.ended(attempt, attempt.entry.record, clock.instant()));
        }
    }

    private void settle(Attempt attempt, Map<String, Object> result, Throwable failure) {
        TaskEntry e = attempt.entry;
        if (engine.closedLocked()) {
            // the engine stops (bundle or store going away): the task stays RUNNING in the store,
            // and the next engine decides, as after a crash, whether it runs again
            e.attempt = null;
            return;
        }
        if (e.attempt != attempt) {
            if (failure == null) {
                LOG.warn("{} finished attempt {} after it had been given up; its result is ignored",
                        TaskEngine.describe(e.spec()), attempt.number);
            }
            return;
        }
        e.attempt = null;
        attempt.timeout.cancel(false);
        dispatcher.ended(attempt, failure);
        Instant now = clock.instant();
        long nanos = timer.nanoTime() - attempt.startNanos;
        Duration ran = Duration.ofNanos(nanos);
        TaskException reason = attempt.reason();
        if (reason == null && failure == null) {
            record(e, EngineStatistics.Outcome.COMPLETED, nanos);
            Map<String, Object> output = result == null ? Map.of() : result;
            changes.change(e, Transitions.finished(e.record, TaskStatus.COMPLETED, output, null, now, ran),
                    TaskEvent.Type.COMPLETED);
            for (TaskEntry d : new ArrayList<>(e.dependents)) {
                dependencyDone(d, e);
            }
            return;
        }
        if (attempt.userCancel) {
            record(e, EngineStatistics.Outcome.CANCELLED, nanos);
            changes.change(e, Transitions.finished(e.record, TaskStatus.CANCELLED, null, attempt.userReason.toError(), now, ran),
                    TaskEvent.Type.CANCELLED);
            cascadeFailure(e);
            return;
        }
        if (attempt.pausedInterrupt && reason != null) {
            changes.change(e, Transitions.finished(e.record, TaskStatus.RETRYING, null, reason.toError(), now, ran),
                    TaskEvent.Type.RETRYING);
            reconsider(e);
            return;
        }
        TaskError error = reason != null ? reason.toError() : TaskError.of(unwrap(failure));
        RetryPolicy policy = e.spec().retry() != null ? e.spec().retry() : engine.settings().defaultRetry();
        if (error.retryable() && e.retriesUsed < policy.maxRetries()) {
            e.retriesUsed++;
            Duration delay = policy.delayBefore(e.retriesUsed, ThreadLocalRandom.current().nextDouble());
            TaskRecord failedAttempt = Transitions.finished(e.record, TaskStatus.RETRYING, null, error, now, ran);
            String waiting = "retry " + e.retriesUsed + " of " + policy.maxRetries() + " after " + EngineTimer.human(delay);
            changes.change(e, Transitions.withStatus(failedAttempt, TaskStatus.RETRYING, waiting), TaskEvent.Type.RETRYING);
            e.wakeUp = engine.schedule(delay, () -> wake(e.id()));
            return;
        }
        record(e, EngineStatistics.Outcome.FAILED, nanos);
        changes.change(e, Transitions.finished(e.record, TaskStatus.FAILED, null, error, now, ran), TaskEvent.Type.FAILED);
        cascadeFailure(e);
    }

    void record(TaskEntry e, EngineStatistics.Outcome outcome, long nanos) {
        stats.finished(e.spec().action(), outcome, nanos, timer.nanoTime());
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof java.util.concurrent.CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
