package org.orrery.core.scheduler.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.orrery.task.Action;
import org.orrery.task.ActionContext;
import org.orrery.task.ActionInfo;
import org.orrery.task.PauseMode;
import org.orrery.task.ResourceClaim;
import org.orrery.task.RetryPolicy;
import org.orrery.task.Scheduler;
import org.orrery.task.SchedulerStatistics;
import org.orrery.task.Severity;
import org.orrery.task.TaskConflictException;
import org.orrery.task.TaskDependencyException;
import org.orrery.task.TaskError;
import org.orrery.task.TaskEvent;
import org.orrery.task.TaskException;
import org.orrery.task.TaskExecutionException;
import org.orrery.task.TaskNotFoundException;
import org.orrery.task.TaskPage;
import org.orrery.task.TaskParameterException;
import org.orrery.task.TaskQuery;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskSpec;
import org.orrery.task.TaskStatus;
import org.orrery.task.TaskStore;
import org.orrery.task.TaskStoreException;
import org.orrery.task.TaskTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task engine: plain Java, no OSGi, so tests and benchmarks construct it directly.
 *
 * <p>One lock guards every scheduling decision; actions run outside it, on a small worker pool
 * (their synchronous part) and on whatever completes their stages. Every change is saved to the
 * {@link TaskStore} before its events are posted (in order, by one thread) and before the attempts
 * it started run. Saving happens after the lock, with group commit: the operations that queue up
 * while one save is in progress are saved together by the next one (one store transaction), in
 * the order the lock gave them. Public methods return once their change is committed; the
 * engine's own threads (attempts ending, timers) do not wait for the disk.
 */
public final class TaskEngine implements Scheduler, AutoCloseable {

    static final String WORKER = "local";
    private static final Logger LOG = LoggerFactory.getLogger(TaskEngine.class);

    /** One installed action. */
    record Provider(Action action, String bundle) {
    }

    private volatile EngineSettings settings;
    private final TaskStore store;
    private final Consumer<TaskEvent> events;
    private final Clock clock;
    private final ParameterValidator validator;

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, TaskEntry> tasks = new HashMap<>();

    private final FinishedWindow finished = new FinishedWindow(tasks);
    /** How many finished tasks stay in memory (package-private for tests). */
    int keepFinished = 10_000;
    private final Map<String, Provider> actions = new HashMap<>();
    /** The installed actions, replaced on every change: read without the lock on each submit. */
    private volatile Map<String, Provider> actionSnapshot = Map.of();
    /** Set while a drain of the outbox is scheduled on the event thread. */
    private final java.util.concurrent.atomic.AtomicBoolean drainScheduled = new java.util.concurrent.atomic.AtomicBoolean();
    private final ReadyQueue ready = new ReadyQueue();
    private final ResourceLedger resources;
    private final Map<String, Integer> runningPerAction = new HashMap<>();
    private int running;
    private boolean paused;
    private boolean closed;

    /** Records, events and attempts of the current operation (guarded by the lock), committed when it ends. */
    private List<TaskRecord> changed = new ArrayList<>();
    private List<TaskEvent> emitted = new ArrayList<>();
    private List<Attempt> toStart = new ArrayList<>();
    /** Events whose changes are committed, in order, for the event thread. */
    private final ConcurrentLinkedQueue<TaskEvent> outbox = new ConcurrentLinkedQueue<>();

    /**
     * Group commit. Each operation leaves its changes here, in the order the lock ordered the
     * operations; one thread at a time (the committer) takes everything queued, saves it in one
     * {@link TaskStore#save} (a task changed by several operations once, as it ended up), and only
     * then posts the events and starts the attempts of those operations. Guarded by itself.
     */
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    /** Sequence of the last operation queued, and of the last one committed; guarded by {@link #pending}. */
    private long queuedSeq;
    private volatile long committedSeq; // written under pending, read without it while spinning
    /** The thread committing now, or null; written under {@link #pending}. */
    private volatile Thread committer;
    /** How long the last group commit took: tells whether waiting for a commit is worth a spin. */
    private volatile long lastCommitNanos;
    /** Commits made under the lock (guarded by the lock). */
    private long directCommits;
    /** Takes over committing when a caller leaves work queued behind it. */
    private final ThreadPoolExecutor commitThread;
    private final java.util.concurrent.atomic.AtomicBoolean handOffScheduled = new java.util.concurrent.atomic.AtomicBoolean();

    /** One operation's changes waiting for their commit. */
    /** One operation's changes, waiting for their commit; {@link #failure} is set when the store refused them. */
    private static final class Pending {
        private final long seq;
        private final List<TaskRecord> records;
        private final List<TaskEvent> events;
        private final List<Attempt> attempts;
        private volatile Exception failure;

        Pending(long seq, List<TaskRecord> records, List<TaskEvent> events, List<Attempt> attempts) {
            this.seq = seq;
            this.records = records;
            this.events = events;
            this.attempts = attempts;
        }

        long seq() {
            return seq;
        }

        List<TaskRecord> records() {
            return records;
        }

        List<TaskEvent> events() {
            return events;
        }

        List<Attempt> attempts() {
            return attempts;
        }
    }

    private final ThreadPoolExecutor workers;
    private final EngineTimer timer;
    private final ExecutorService eventThread;

    // statistics of finished attempts
    private final Map<String, long[]> perAction = new HashMap<>(); // completed, failed, nanos
    private long finishedCount;
    private long finishedNanos;
    private final ArrayDeque<Long> finishedLastMinute = new ArrayDeque<>();

    public TaskEngine(EngineSettings settings, TaskStore store, Consumer<TaskEvent> events, Clock clock,
            ParameterValidator validator) {
        this(settings, store, events, clock, validator, System::nanoTime);
    }

    /** With a ticker of its own (monotonic nanoseconds: aging, execution times), for tests. */
    public TaskEngine(EngineSettings settings, TaskStore store, Consumer<TaskEvent> events, Clock clock,
            ParameterValidator validator, java.util.function.LongSupplier ticker) {
        this.settings = settings;
        this.store = store;
        this.events = events;
        this.clock = clock;
        this.validator = validator;
        this.resources = new ResourceLedger(settings.resourceCapacities());
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(settings.workerThreads(), settings.workerThreads(), 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> daemon(r, "orrery-task-" + n.incrementAndGet()));
        this.workers.allowCoreThreadTimeOut(true);
        this.timer = new EngineTimer(ticker);
        this.eventThread = Executors.newSingleThreadExecutor(r -> daemon(r, "orrery-task-events"));
        this.commitThread = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> daemon(r, "orrery-task-commit"));
        this.commitThread.allowCoreThreadTimeOut(true);
        recover();
    }

    /**
     * Takes up the unfinished tasks of the store after a restart: waiting ones wait again, paused
     * ones stay paused, and those that were RUNNING when the runtime stopped wait for their action
     * to say whether they may run again ({@link Action#safeToRerun()}): then they run again, or
     * fail with "interrupted by a restart" — never silently twice.
     */
    private void recover() {
        List<TaskRecord> unfinished;
        try {
            unfinished = store.unfinished();
        } catch (TaskStoreException e) {
            LOG.error("Cannot read the unfinished tasks from the store ({}); they are not taken up", e.getMessage());
            return;
        }
        if (unfinished.isEmpty()) {
            return;
        }
        operate(() -> {
            Map<String, TaskEntry> recovered = new LinkedHashMap<>();
            Map<TaskEntry, String> bad = new LinkedHashMap<>();
            for (TaskRecord r : unfinished) {
                TaskEntry e = new TaskEntry(r);
                tasks.put(r.id(), e);
                recovered.put(r.id(), e);
                try {
                    TaskTimes.check(r.spec());
                } catch (TaskParameterException ex) {
                    bad.put(e, ex.getMessage());
                }
            }
            Map<TaskEntry, TaskEntry> failedDependency = new LinkedHashMap<>();
            for (TaskEntry e : recovered.values()) {
                if (!bad.containsKey(e)) {
                    takeUpDependencies(e, failedDependency, bad);
                }
            }
            int interrupted = 0;
            int paused = 0;
            for (TaskEntry e : recovered.values()) {
                if (bad.containsKey(e)) {
                    continue;
                }
                try {
                    TaskStatus status = e.record.status();
                    takeUp(e);
                    interrupted += status == TaskStatus.RUNNING ? 1 : 0;
                    paused += status == TaskStatus.PAUSED ? 1 : 0;
                } catch (RuntimeException ex) {
                    bad.put(e, ex.toString());
                }
            }
            bad.forEach(this::failUnrecoverable);
            failedDependency.forEach((e, d) -> {
                if (!bad.containsKey(e)) {
                    cancelCascade(e, d);
                }
            });
            LOG.info("Took up {} unfinished task(s) from the store: {} interrupted by the restart (they run again or fail"
                    + " once their action is back, as it allows), {} paused, {} failed as unrecoverable, the rest waiting"
                    + " or ready", recovered.size(), interrupted, paused, bad.size());
        });
    }

    /** Links a recovered task to its dependencies (under the lock); a record that cannot be linked is bad. */
    private void takeUpDependencies(TaskEntry e, Map<TaskEntry, TaskEntry> failedDependency, Map<TaskEntry, String> bad) {
        try {
            for (String dep : e.spec().dependsOn()) {
                TaskEntry d = tasks.get(dep);
                if (d == null) {
                    d = storedOnly(dep);
                    if (d == null) {
                        LOG.warn("Task '{}' depends on '{}', which the store no longer has; counted as done", e.id(), dep);
                        continue;
                    }
                } else {
                    FinishedWindow.link(d, e);
                }
                TaskStatus ds = d.record.status();
                if (!e.spec().runAlways() && (ds == TaskStatus.FAILED || ds == TaskStatus.CANCELLED)) {
                    failedDependency.putIfAbsent(e, d);
                } else if (!dependencyMet(e, d)) {
                    e.unmet.add(dep);
                }
            }
        } catch (RuntimeException ex) {
            bad.put(e, ex.toString());
        }
    }

    /** Takes up one recovered task by its stored status (under the lock). */
    private void takeUp(TaskEntry e) {
        if (e.spec().deadline() != null) {
            e.deadline = schedule(Duration.between(clock.instant(), e.spec().deadline()), () -> deadlinePassed(e.id()));
        }
        switch (e.record.status()) {
            case RUNNING -> {
                e.interrupted = true;
                change(e, e.record.withStatus(TaskStatus.RETRYING, "interrupted by a restart: waiting for action '"
                        + e.spec().action() + "' to tell whether it may run again"), TaskEvent.Type.WAITING);
            }
            case PAUSED -> { }
            case READY -> {
                change(e, e.record.withStatus(TaskStatus.PENDING, null), TaskEvent.Type.WAITING);
                reconsider(e);
            }
            default -> reconsider(e);
        }
    }

    /**
     * A stored task recovery cannot take up (a time out of range, a record that breaks a rule): it
     * fails with the reason, whatever its status was, and recovery goes on with the others.
     */
    private void failUnrecoverable(TaskEntry e, String why) {
        LOG.error("Task '{}' cannot be taken up after the restart and fails: {}", e.id(), why);
        if (e.deadline != null) {
            e.deadline.cancel(false);
            e.deadline = null;
        }
        leaveReady(e);
        cancelWakeUp(e);
        e.interrupted = false;
        TaskError error = new TaskError("TaskRecoveryError", "not taken up after a restart: " + why, Severity.HIGH, false);
        apply(e, e.record.withError(TaskStatus.FAILED, error, clock.instant()), TaskEvent.Type.FAILED);
        cascadeFailure(e);
    }

    /** A finished dependency that only the store has, as an entry that is not scheduled. */
    private TaskEntry storedOnly(String id) {
        try {
            return store.get(id).map(TaskEntry::new).orElse(null);
        } catch (TaskStoreException e) {
            LOG.warn("Cannot read task '{}' from the store: {}", id, e.getMessage());
            return null;
        }
    }

    /** An interrupted task's action is back: run it again if it may, else fail it. Under the lock. */
    private void decideInterrupted(TaskEntry e, Action action) {
        e.interrupted = false;
        if (action.safeToRerun()) {
            LOG.info("{} was running when Orrery stopped; action '{}' is safe to run again, so it does", describe(e.spec()),
                    action.name());
            reconsider(e);
            return;
        }
        LOG.warn("{} was running when Orrery stopped; action '{}' is not safe to run again, so the task fails",
                describe(e.spec()), action.name());
        TaskError error = new TaskExecutionException("interrupted by restart: the task was running when Orrery stopped,"
                + " and action '" + action.name() + "' is not safe to run again (it may have half happened)", false, null)
                .toError();
        change(e, e.record.withError(TaskStatus.FAILED, error, clock.instant()), TaskEvent.Type.FAILED);
        cascadeFailure(e);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    // ------------------------------------------------------------------ actions

    /** An action appeared: tasks waiting for it become ready. */
    public void addAction(Action action, String bundle) {
        String name = action.name();
        operate(() -> {
            Provider previous = actions.putIfAbsent(name, new Provider(action, bundle));
            if (previous != null) {
                LOG.warn("Action '{}' of {} ignored: {} provides it already", name, bundle, previous.bundle());
                return;
            }
            actionSnapshot = Map.copyOf(actions);
            LOG.debug("Action '{}' added by {}", name, bundle);
            for (TaskEntry e : new ArrayList<>(tasks.values())) {
                if (e.interrupted && e.spec().action().equals(name)) {
                    decideInterrupted(e, action);
                } else if (e.spec().action().equals(name) && (e.record.status() == TaskStatus.PENDING
                        || e.record.status() == TaskStatus.RETRYING && e.wakeUp == null)) {
                    reconsider(e);
                }
            }
        });
    }

    /** An action went away: its waiting tasks wait for it, its running tasks are cancelled and retried later. */
    public void removeAction(Action action) {
        String name = action.name();
        operate(() -> {
            Provider provider = actions.get(name);
            if (provider == null || provider.action() != action) {
                return;
            }
            actions.remove(name);
            actionSnapshot = Map.copyOf(actions);
            LOG.debug("Action '{}' removed", name);
            for (TaskEntry e : new ArrayList<>(tasks.values())) {
                if (!e.spec().action().equals(name)) {
                    continue;
                }
                if (e.record.status() == TaskStatus.READY) {
                    leaveReady(e);
                    change(e, e.record.withStatus(TaskStatus.PENDING, waitingForAction(name)), TaskEvent.Type.WAITING);
                } else if (e.record.status() == TaskStatus.RUNNING && e.attempt != null) {
                    e.attempt.cancel(new TaskExecutionException("action '" + name
                            + "' was removed while the task ran (its bundle stopped); it is retried per its policy when the"
                            + " action returns", true, null), false);
                }
            }
        });
    }

    // ------------------------------------------------------------------ Scheduler

    @Override
    public TaskRecord submit(TaskSpec task) throws TaskException {
        return submitAll(List.of(task)).get(0);
    }

    @Override
    public List<TaskRecord> submitAll(List<TaskSpec> specs) throws TaskException {
        if (specs.isEmpty()) {
            return List.of();
        }
        // validation that needs no lock: parameters against the schemas
        Map<String, Provider> known = actionSnapshot;
        List<TaskSpec> withIds = new ArrayList<>(specs.size());
        for (TaskSpec spec : specs) {
            TaskSpec s = spec.id() == null || spec.id().isBlank() ? spec.withId(newId()) : spec;
            TaskTimes.check(s);
            Provider provider = known.get(s.action());
            if (provider == null && !s.waitForAction()) {
                throw new TaskParameterException(describe(s) + ": no installed bundle provides the action '" + s.action()
                        + "'; installed actions: " + new java.util.TreeSet<>(known.keySet())
                        + " (set wait_for_action to accept it and wait for one)");
            }
            if (provider != null) {
                validator.validate(provider.action(), s);
                checkClaims(s, provider.action());
            }
            withIds.add(s);
        }
        refuseStoredIds(specs);
        List<TaskRecord> accepted = new ArrayList<>();
        TaskException[] refused = new TaskException[1];
        Pending mine = operate(() -> {
            try {
                accepted.addAll(acceptLocked(withIds));
            } catch (TaskException e) {
                refused[0] = e;
            }
        }, true);
        if (refused[0] != null) {
            throw refused[0];
        }
        Exception failure = mine == null ? null : mine.failure;
        if (failure != null) {
            // nothing is acknowledged that is not stored: the submission is refused, and its tasks,
            // which exist only in memory, are cancelled at once (they never run to completion)
            String cause = failure.getMessage();
            abandon(accepted, "not stored: the task store refused the submission (" + cause + ")");
            throw new TaskStoreException("the task store did not take the submission, so nothing was accepted: " + cause,
                    failure);
        }
        return accepted;
    }

    /**
     * Refuses ids the store knows already: a task finished long ago (let go of from memory, or
     * before a restart) is not replaced. Only ids the caller chose are looked up, one read each,
     * outside the lock; ids the engine assigns are random UUIDs and cost nothing. Ids held in
     * memory are checked again under the lock ({@link #acceptLocked}).
     */
    private void refuseStoredIds(List<TaskSpec> specs) throws TaskException {
        for (TaskSpec spec : specs) {
            if (spec.id() == null || spec.id().isBlank()) {
                continue;
            }
            Optional<TaskRecord> stored;
            try {
                stored = store.get(spec.id());
            } catch (TaskStoreException e) {
                throw new TaskStoreException("cannot tell whether a task with the id '" + spec.id() + "' exists, so nothing"
                        + " was accepted: " + e.getMessage(), e);
            }
            if (stored.isPresent()) {
                throw duplicate(spec.id(), stored.get());
            }
        }
    }

    private static TaskConflictException duplicate(String id, TaskRecord existing) {
        return new TaskConflictException("a task with the id '" + id + "' exists already (" + existing.status().id()
                + ", created " + existing.createdAt() + "); ids are never reused: choose another or leave it out");
    }

    /** Cancels tasks whose submission the store refused; they stay in memory only, as cancelled. */
    private void abandon(List<TaskRecord> submitted, String why) {
        operate(() -> {
            for (TaskRecord r : submitted) {
                TaskEntry e = tasks.get(r.id());
                if (e == null) {
                    continue;
                }
                e.notStored = true;
                if (e.record.status().isTerminal()) {
                    continue;
                }
                if (e.record.status() == TaskStatus.RUNNING && e.attempt != null) {
                    e.attempt.cancel(new TaskException(why, Severity.HIGH, false), true); // terminal: no retry
                } else {
                    cancelWaiting(e, new TaskError("TaskStoreError", why, Severity.HIGH, false));
                }
            }
        });
        LOG.error("Refused a submission of {} task(s): {}", submitted.size(), why);
    }

    private void checkClaims(TaskSpec spec, Action action) throws TaskParameterException {
        for (ResourceClaim claim : claimsOf(spec, action)) {
            if (!claim.mode().exclusive() && claim.amount() > resources.capacity(claim.name())) {
                throw new TaskParameterException(describe(spec) + ": it claims " + claim.amount() + " units of resource '"
                        + claim.name() + "', which has a capacity of " + resources.capacity(claim.name()));
            }
        }
    }

    private List<TaskRecord> acceptLocked(List<TaskSpec> specs) throws TaskException {
        checkOpen();
        Map<String, TaskSpec> batch = new LinkedHashMap<>();
        for (TaskSpec s : specs) {
            TaskEntry existing = tasks.get(s.id());
            if (existing != null && existing.notStored && existing.record.status().isTerminal()) {
                tasks.remove(s.id()); // a refused submission: its id may be used again
                existing = null;
            }
            if (existing != null) {
                throw duplicate(s.id(), existing.record);
            }
            if (batch.putIfAbsent(s.id(), s) != null) {
                throw new TaskConflictException("the id '" + s.id() + "' is given to more than one task of the batch");
            }
        }
        Map<String, TaskEntry> outside = new HashMap<>(); // dependencies outside the batch, each looked up once
        for (TaskSpec s : specs) {
            for (String dep : s.dependsOn()) {
                if (dep.equals(s.id())) {
                    throw new TaskDependencyException(describe(s) + " depends on itself");
                }
                if (!batch.containsKey(dep) && !outside.containsKey(dep)) {
                    TaskEntry d = dependency(dep);
                    if (d == null) {
                        throw new TaskDependencyException(describe(s) + " depends on '" + dep + "', which is no known task");
                    }
                    outside.put(dep, d);
                }
            }
        }
        List<String> cycle = findCycle(batch);
        if (!cycle.isEmpty()) {
            throw new TaskDependencyException("the tasks form a dependency cycle: " + String.join(" -> ", cycle));
        }
        Instant now = clock.instant();
        List<TaskEntry> created = new ArrayList<>();
        for (TaskSpec s : specs) {
            TaskEntry e = new TaskEntry(TaskRecord.accepted(s, TaskStatus.PENDING, null, now));
            tasks.put(s.id(), e);
            created.add(e);
        }
        List<TaskRecord> result = new ArrayList<>();
        for (TaskEntry e : created) {
            for (String dep : e.spec().dependsOn()) {
                TaskEntry d = tasks.get(dep);
                if (d != null) {
                    FinishedWindow.link(d, e);
                } else {
                    d = outside.get(dep); // completed long ago: met, and left in the store
                }
                if (!dependencyMet(e, d)) {
                    e.unmet.add(dep);
                }
            }
            e.record = e.record.withStatus(TaskStatus.PENDING, waitingFor(e));
            changed.add(e.record);
            emit(TaskEvent.Type.SCHEDULED, e.record, null);
            if (e.spec().deadline() != null) {
                e.deadline = schedule(Duration.between(now, e.spec().deadline()), () -> deadlinePassed(e.id()));
            }
        }
        for (TaskEntry e : created) {
            TaskEntry failedDependency = e.spec().runAlways() ? null : firstFailed(e, outside);
            if (failedDependency != null) {
                cancelCascade(e, failedDependency);
            } else {
                reconsider(e);
            }
            result.add(e.record);
        }
        return result;
    }

    private static List<String> findCycle(Map<String, TaskSpec> batch) {
        Map<String, Integer> state = new HashMap<>(); // 1 visiting, 2 done
        for (String start : batch.keySet()) {
            List<String> path = new ArrayList<>();
            List<String> cycle = visit(start, batch, state, path);
            if (!cycle.isEmpty()) {
                return cycle;
            }
        }
        return List.of();
    }

    private static List<String> visit(String id, Map<String, TaskSpec> batch, Map<String, Integer> state, List<String> path) {
        Integer s = state.get(id);
        if (s != null && s == 2 || !batch.containsKey(id)) {
            return List.of();
        }
        path.add(id);
        if (s != null && s == 1) {
            return new ArrayList<>(path.subList(path.indexOf(id), path.size()));
        }
        state.put(id, 1);
        for (String dep : batch.get(id).dependsOn()) {
            List<String> cycle = visit(dep, batch, state, path);
            if (!cycle.isEmpty()) {
                return cycle;
            }
        }
        state.put(id, 2);
        path.remove(path.size() - 1);
        return List.of();
    }

    private static boolean dependencyMet(TaskEntry task, TaskEntry dependency) {
        TaskStatus s = dependency.record.status();
        return s == TaskStatus.COMPLETED || task.spec().runAlways() && s.isTerminal();
    }

    /** The first dependency of a new task that failed or was cancelled, or null; none is read from the store again. */
    private TaskEntry firstFailed(TaskEntry e, Map<String, TaskEntry> outside) {
        for (String dep : e.spec().dependsOn()) {
            TaskEntry d = tasks.get(dep);
            TaskStatus s = (d != null ? d : outside.get(dep)).record.status();
            if (s == TaskStatus.FAILED || s == TaskStatus.CANCELLED) {
                return d;
            }
        }
        return null;
    }

    private TaskEntry firstFailedDependency(TaskEntry e) {
        for (String dep : e.spec().dependsOn()) {
            TaskEntry d = lookup(dep);
            TaskStatus s = d == null ? TaskStatus.COMPLETED : d.record.status();
            if (s == TaskStatus.FAILED || s == TaskStatus.CANCELLED) {
                return d;
            }
        }
        return null;
    }

    @Override
    public TaskRecord cancel(String id, String reason) throws TaskNotFoundException {
        TaskRecord[] out = new TaskRecord[1];
        boolean[] found = {true};
        operate(() -> {
            TaskEntry e = lookup(id);
            if (e == null) {
                found[0] = false;
                return;
            }
            String why = reason == null || reason.isBlank() ? "cancelled by request" : reason;
            TaskStatus s = e.record.status();
            if (s == TaskStatus.RUNNING && e.attempt != null) {
                e.attempt.cancel(new TaskException("cancelled: " + why, Severity.LOW, false), true);
            } else if (!s.isTerminal()) {
                cancelWaiting(e, new TaskError("TaskCancelled", "cancelled: " + why, Severity.LOW, false));
            }
            out[0] = e.record;
        });
        if (!found[0]) {
            throw new TaskNotFoundException(id);
        }
        return out[0];
    }

    @Override
    public TaskRecord retry(String id) throws TaskException {
        return withTask(id, e -> {
            TaskStatus s = e.record.status();
            if (s != TaskStatus.FAILED && s != TaskStatus.CANCELLED) {
                throw new TaskException("task '" + id + "' is " + s.id() + ": only failed or cancelled tasks can be retried",
                        Severity.LOW, false);
            }
            TaskEntry failedDependency = e.spec().runAlways() ? null : firstFailedDependency(e);
            if (failedDependency != null) {
                throw new TaskDependencyException("task '" + id + "' cannot run: its dependency '" + failedDependency.id()
                        + "' is " + failedDependency.record.status().id() + "; retry that one first");
            }
            revive(e);
        });
    }

    /** Brings a failed or cancelled task back, and the dependents its failure cancelled. */
    private void revive(TaskEntry e) {
        e.retriesUsed = 0;
        e.unmet.clear();
        for (String dep : e.spec().dependsOn()) {
            TaskEntry d = lookup(dep);
            if (d != null && !dependencyMet(e, d)) {
                e.unmet.add(dep);
            }
        }
        change(e, e.record.reset(TaskStatus.PENDING, waitingFor(e)), TaskEvent.Type.SCHEDULED);
        reconsider(e);
        List<TaskEntry> again = new ArrayList<>(e.cancelledByMe);
        e.cancelledByMe.clear();
        for (TaskEntry dependent : again) {
            if (dependent.record.status() == TaskStatus.CANCELLED) {
                TaskEntry current = tasks.get(dependent.id());
                if (current == null) { // let go of meanwhile: back into memory
                    tasks.put(dependent.id(), dependent);
                    finished.takenBack(dependent, false);
                    revive(dependent);
                } else if (current == dependent) {
                    revive(dependent);
                }
            }
        }
    }

    @Override
    public TaskRecord pause(String id) throws TaskException {
        return withTask(id, e -> {
            TaskStatus s = e.record.status();
            if (!s.canChangeTo(TaskStatus.PAUSED)) {
                throw new TaskException("task '" + id + "' is " + s.id() + " and cannot be paused"
                        + (s == TaskStatus.RUNNING ? " while it runs (cancel it, or pause the scheduler)" : ""),
                        Severity.LOW, false);
            }
            leaveReady(e);
            cancelWakeUp(e);
            change(e, e.record.withStatus(TaskStatus.PAUSED, "paused by request"), TaskEvent.Type.PAUSED);
        });
    }

    @Override
    public TaskRecord resume(String id) throws TaskException {
        return withTask(id, e -> {
            if (e.record.status() != TaskStatus.PAUSED) {
                throw new TaskException("task '" + id + "' is " + e.record.status().id() + ", not paused", Severity.LOW, false);
            }
            change(e, e.record.withStatus(TaskStatus.PENDING, waitingFor(e)), TaskEvent.Type.RESUMED);
            reconsider(e);
        });
    }

    @Override
    public void pauseAll(PauseMode mode) {
        operate(() -> {
            paused = true;
            if (mode == PauseMode.IMMEDIATE) {
                for (TaskEntry e : tasks.values()) {
                    if (e.record.status() == TaskStatus.RUNNING && e.attempt != null) {
                        e.attempt.interruptForPause();
                    }
                }
            }
            LOG.info("Scheduler paused ({})", mode.name().toLowerCase());
        });
    }

    @Override
    public void resumeAll() {
        operate(() -> {
            paused = false;
            for (TaskEntry e : new ArrayList<>(tasks.values())) {
                if (e.record.status() == TaskStatus.RETRYING && e.wakeUp == null) {
                    reconsider(e);
                }
            }
            LOG.info("Scheduler resumed");
        });
    }

    @Override
    public boolean isPaused() {
        lock.lock();
        try {
            return paused;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<TaskRecord> get(String id) {
        lock.lock();
        try {
            TaskEntry e = tasks.get(id);
            if (e != null) {
                return e.notStored ? Optional.empty() : Optional.of(e.record);
            }
        } finally {
            lock.unlock();
        }
        try {
            return store.get(id);
        } catch (TaskStoreException ex) {
            LOG.warn("Cannot read task '{}' from the store: {}", id, ex.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public TaskPage list(TaskQuery query) {
        awaitCommitted(); // the store then holds every change made before this call (as statistics() shows it)
        try {
            return store.list(query);
        } catch (TaskStoreException e) {
            throw new IllegalStateException("the task store is unavailable: " + e.getMessage(), e);
        }
    }

    @Override
    public List<List<String>> executionPlan(Collection<String> ids) throws TaskException {
        lock.lock();
        try {
            Map<String, TaskEntry> closure = new LinkedHashMap<>();
            ArrayDeque<String> todo = new ArrayDeque<>(ids);
            while (!todo.isEmpty()) {
                String id = todo.poll();
                TaskEntry e = lookup(id);
                if (e == null) {
                    throw new TaskNotFoundException(id);
                }
                if (closure.putIfAbsent(id, e) == null) {
                    todo.addAll(e.spec().dependsOn());
                }
            }
            Map<String, Integer> remaining = new HashMap<>();
            for (TaskEntry e : closure.values()) {
                remaining.put(e.id(), e.spec().dependsOn().size());
            }
            Comparator<TaskEntry> order = Comparator.comparing((TaskEntry e) -> -e.spec().priority().value())
                    .thenComparing(e -> e.record.createdAt()).thenComparing(TaskEntry::id);
            List<List<String>> waves = new ArrayList<>();
            List<TaskEntry> wave = closure.values().stream().filter(e -> remaining.get(e.id()) == 0).sorted(order).toList();
            while (!wave.isEmpty()) {
                waves.add(wave.stream().map(TaskEntry::id).toList());
                List<TaskEntry> next = new ArrayList<>();
                for (TaskEntry e : wave) {
                    for (TaskEntry d : e.dependents) {
                        if (closure.containsKey(d.id()) && remaining.merge(d.id(), -1, Integer::sum) == 0) {
                            next.add(d);
                        }
                    }
                }
                next.sort(order);
                wave = next;
            }
            return waves;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public SchedulerStatistics statistics() {
        lock.lock();
        try {
            Map<TaskStatus, Long> byStatus = new EnumMap<>(TaskStatus.class);
            for (TaskStatus s : TaskStatus.values()) {
                byStatus.put(s, 0L);
            }
            Map<String, Long> runningByAction = new HashMap<>();
            finished.countInto(byStatus);
            for (TaskEntry e : tasks.values()) {
                byStatus.merge(e.record.status(), 1L, Long::sum);
                if (e.record.status() == TaskStatus.RUNNING) {
                    runningByAction.merge(e.spec().action(), 1L, Long::sum);
                }
            }
            pruneLastMinute(timer.nanoTime());
            Map<String, SchedulerStatistics.Group> groups = new TreeMap<>();
            Set<String> names = new HashSet<>(perAction.keySet());
            names.addAll(runningByAction.keySet());
            for (String name : names) {
                long[] f = perAction.getOrDefault(name, new long[3]);
                long done = f[0] + f[1];
                groups.put(name, new SchedulerStatistics.Group(f[0], f[1], runningByAction.getOrDefault(name, 0L),
                        done == 0 ? 0 : f[2] / 1e9 / done));
            }
            long completed = perAction.values().stream().mapToLong(f -> f[0]).sum();
            long failed = perAction.values().stream().mapToLong(f -> f[1]).sum();
            SchedulerStatistics.Group local = new SchedulerStatistics.Group(completed, failed, running,
                    finishedCount == 0 ? 0 : finishedNanos / 1e9 / finishedCount);
            long queued = byStatus.get(TaskStatus.PENDING) + byStatus.get(TaskStatus.READY) + byStatus.get(TaskStatus.RETRYING);
            long total = tasks.size() + finished.letGoTotal();
            return new SchedulerStatistics(clock.instant(), byStatus, total, queued, running,
                    finishedCount == 0 ? 0 : finishedNanos / 1e9 / finishedCount, finishedNanos / 1e9,
                    finishedLastMinute.size(), groups, Map.of(WORKER, local), paused);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<ActionInfo> actions() {
        lock.lock();
        try {
            return actions.values().stream()
                    .map(p -> new ActionInfo(p.action().name(), p.action().description(), p.action().parameterSchema(),
                            p.action().safeToRerun(), p.bundle()))
                    .sorted(Comparator.comparing(ActionInfo::name)).toList();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Applies new settings while running: limits, capacities, defaults and the worker count take
     * effect for the next decisions; running attempts keep the timeout they started with.
     */
    public void updateSettings(EngineSettings next) {
        operate(() -> {
            settings = next;
            resources.capacities(next.resourceCapacities());
            if (next.workerThreads() > workers.getMaximumPoolSize()) {
                workers.setMaximumPoolSize(next.workerThreads());
                workers.setCorePoolSize(next.workerThreads());
            } else {
                workers.setCorePoolSize(next.workerThreads());
                workers.setMaximumPoolSize(next.workerThreads());
            }
            LOG.info("Scheduler settings: at most {} tasks at once, {} worker threads", next.maxConcurrentTasks(),
                    next.workerThreads());
        });
    }

    /** Resources held or reserved now, for tests and diagnostics. */
    public Map<String, String> resourceHoldings() {
        lock.lock();
        try {
            return resources.holdings();
        } finally {
            lock.unlock();
        }
    }

    /** Stops everything: running attempts are cancelled, threads end. Tasks stay as they are in the store. */
    @Override
    public void close() {
        operate(() -> {
            closed = true;
            for (TaskEntry e : tasks.values()) {
                if (e.attempt != null) {
                    e.attempt.cancellation.complete(new TaskException("the scheduler stopped", Severity.HIGH, true));
                }
                cancelWakeUp(e);
                if (e.deadline != null) {
                    e.deadline.cancel(false);
                }
            }
        });
        timer.shutdownNow();
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
            timer.awaitTermination(5, TimeUnit.SECONDS);
            commit(0); // whatever the last threads left queued
            commitThread.shutdown();
            commitThread.awaitTermination(5, TimeUnit.SECONDS);
            eventThread.shutdown();
            eventThread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            commitThread.shutdownNow();
            eventThread.shutdownNow();
        }
    }

    // ------------------------------------------------------------------ the state machine

    /** Decides what a PENDING (or retry-waiting) task waits for, and makes it READY when nothing. */
    private void reconsider(TaskEntry e) {
        TaskStatus s = e.record.status();
        if (s != TaskStatus.PENDING && s != TaskStatus.RETRYING || e.interrupted) {
            return;
        }
        cancelWakeUp(e);
        Instant now = clock.instant();
        String waiting = waitingFor(e);
        if (e.spec().notBefore() != null && now.isBefore(e.spec().notBefore())) {
            e.wakeUp = schedule(Duration.between(now, e.spec().notBefore()), () -> wake(e.id()));
        }
        if (waiting == null && s == TaskStatus.RETRYING && paused) {
            return; // an attempt interrupted by an immediate pause waits for resumeAll
        }
        if (waiting != null) {
            if (s == TaskStatus.RETRYING || !waiting.equals(e.record.waitingFor())) {
                change(e, e.record.withStatus(TaskStatus.PENDING, waiting), TaskEvent.Type.WAITING);
            }
            return;
        }
        change(e, e.record.withStatus(TaskStatus.READY, null), TaskEvent.Type.READY);
        ready.add(e, timer.nanoTime());
    }

    /** What the task still waits for, for people; null when nothing. */
    private String waitingFor(TaskEntry e) {
        List<String> reasons = new ArrayList<>();
        if (!e.unmet.isEmpty()) {
            reasons.add("dependencies " + String.join(", ", e.unmet));
        }
        if (e.spec().notBefore() != null && clock.instant().isBefore(e.spec().notBefore())) {
            reasons.add("its start time " + e.spec().notBefore());
        }
        if (!actions.containsKey(e.spec().action())) {
            reasons.add(waitingForAction(e.spec().action()));
        }
        return reasons.isEmpty() ? null : String.join("; ", reasons);
    }

    private static String waitingForAction(String action) {
        return "action '" + action + "' (no installed bundle provides it)";
    }

    private void wake(String id) {
        operateAsync(() -> {
            TaskEntry e = tasks.get(id);
            if (e != null) {
                e.wakeUp = null;
                reconsider(e);
            }
        });
    }

    private void deadlinePassed(String id) {
        operateAsync(() -> {
            TaskEntry e = tasks.get(id);
            if (e == null) {
                return;
            }
            e.deadline = null;
            if (clock.instant().isBefore(e.spec().deadline())) {
                // a far deadline: the timer fired at its longest delay, not at the deadline
                e.deadline = schedule(Duration.between(clock.instant(), e.spec().deadline()), () -> deadlinePassed(id));
                return;
            }
            TaskStatus s = e.record.status();
            if (s == TaskStatus.PENDING || s == TaskStatus.READY || s == TaskStatus.PAUSED || s == TaskStatus.RETRYING) {
                TaskError error = new TaskTimeoutException(describe(e.spec()) + " had not started by its deadline "
                        + e.spec().deadline()).toError();
                leaveReady(e);
                cancelWakeUp(e);
                change(e, e.record.withError(TaskStatus.FAILED, error, clock.instant()), TaskEvent.Type.FAILED);
                cascadeFailure(e);
            }
        });
    }

    private void cancelWaiting(TaskEntry e, TaskError error) {
        leaveReady(e);
        cancelWakeUp(e);
        change(e, e.record.withError(TaskStatus.CANCELLED, error, clock.instant()), TaskEvent.Type.CANCELLED);
        cascadeFailure(e);
    }

    /** A dependency of {@code e} failed or was cancelled: cancel e (and so its own dependents). */
    private void cancelCascade(TaskEntry e, TaskEntry cause) {
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
    private void cascadeFailure(TaskEntry e) {
        for (TaskEntry d : new ArrayList<>(e.dependents)) {
            if (d.spec().runAlways()) {
                dependencyDone(d, e);
            } else {
                cancelCascade(d, e);
            }
        }
    }

    private void dependencyDone(TaskEntry dependent, TaskEntry dependency) {
        if (dependent.unmet.remove(dependency.id())) {
            reconsider(dependent);
        }
    }

    private void leaveReady(TaskEntry e) {
        ready.remove(e);
        resources.forget(e);
    }

    private void cancelWakeUp(TaskEntry e) {
        if (e.wakeUp != null) {
            e.wakeUp.cancel(false);
            e.wakeUp = null;
        }
    }

    /** Starts ready tasks while workers, limits and resources allow; highest effective priority first. */
    private void dispatch() {
        if (paused || closed || running >= settings.maxConcurrentTasks()) {
            return;
        }
        resources.startPass();
        ready.dispatch(timer.nanoTime(), EngineTimer.nanos(settings.agingStep()),
                () -> running < settings.maxConcurrentTasks(), this::tryStart);
    }

    private boolean tryStart(TaskEntry e) {
        Provider provider = actions.get(e.spec().action());
        if (provider == null) {
            return false;
        }
        Integer limit = settings.actionLimits().get(e.spec().action());
        if (limit != null && runningPerAction.getOrDefault(e.spec().action(), 0) >= limit) {
            return false;
        }
        List<ResourceClaim> claims = claimsOf(e.spec(), provider.action());
        if (!resources.tryAcquire(e, claims)) {
            return false;
        }
        running++;
        runningPerAction.merge(e.spec().action(), 1, Integer::sum);
        change(e, e.record.started(clock.instant(), WORKER), TaskEvent.Type.STARTED);
        Attempt attempt = new Attempt(e, provider.action(), claims, e.record.attempts());
        e.attempt = attempt;
        toStart.add(attempt);
        return true;
    }

    private static List<ResourceClaim> claimsOf(TaskSpec spec, Action action) {
        List<ResourceClaim> fromAction;
        try {
            fromAction = action.resources(spec.parameters());
        } catch (RuntimeException ex) {
            fromAction = List.of();
        }
        if (fromAction.isEmpty()) {
            return spec.resources();
        }
        Map<String, ResourceClaim> merged = new LinkedHashMap<>();
        for (ResourceClaim c : fromAction) {
            merged.merge(c.name(), c, TaskEngine::stronger);
        }
        for (ResourceClaim c : spec.resources()) {
            merged.merge(c.name(), c, TaskEngine::stronger);
        }
        return List.copyOf(merged.values());
    }

    private static ResourceClaim stronger(ResourceClaim a, ResourceClaim b) {
        if (a.mode().exclusive() || b.mode().exclusive()) {
            return new ResourceClaim(a.name(), ResourceClaim.Mode.EXCLUSIVE, 1);
        }
        return new ResourceClaim(a.name(), ResourceClaim.Mode.READ, Math.max(a.amount(), b.amount()));
    }

    /** An attempt ended (its stage completed, or it was given up after the grace period). */
    private void attemptEnded(Attempt attempt, Map<String, Object> result, Throwable failure) {
        TaskEntry e = attempt.entry;
        if (closed) {
            // the engine stops (bundle or store going away): the task stays RUNNING in the store,
            // and the next engine decides, as after a crash, whether it runs again
            e.attempt = null;
            return;
        }
        if (e.attempt != attempt) {
            if (failure == null) {
                LOG.warn("{} finished attempt {} after it had been given up; its result is ignored",
                        describe(e.spec()), attempt.number);
            }
            return;
        }
        e.attempt = null;
        attempt.timeout.cancel(false);
        running--;
        runningPerAction.merge(e.spec().action(), -1, Integer::sum);
        resources.release(attempt.claims);
        Instant now = clock.instant();
        long nanos = timer.nanoTime() - attempt.startNanos;
        Duration ran = Duration.ofNanos(nanos);
        TaskException reason = attempt.reason();
        if (reason == null && failure == null) {
            record(e, true, nanos);
            change(e, e.record.finished(TaskStatus.COMPLETED, result == null ? Map.of() : result, null, now, ran),
                    TaskEvent.Type.COMPLETED);
            for (TaskEntry d : new ArrayList<>(e.dependents)) {
                dependencyDone(d, e);
            }
            return;
        }
        if (attempt.userCancel) {
            record(e, false, nanos);
            change(e, e.record.finished(TaskStatus.CANCELLED, null, attempt.userReason.toError(), now, ran),
                    TaskEvent.Type.CANCELLED);
            cascadeFailure(e);
            return;
        }
        if (attempt.pausedInterrupt && reason != null) {
            change(e, e.record.finished(TaskStatus.RETRYING, null, reason.toError(), now, ran), TaskEvent.Type.RETRYING);
            reconsider(e);
            return;
        }
        TaskError error = reason != null ? reason.toError() : TaskError.of(unwrap(failure));
        RetryPolicy policy = e.spec().retry() != null ? e.spec().retry() : settings.defaultRetry();
        if (error.retryable() && e.retriesUsed < policy.maxRetries()) {
            e.retriesUsed++;
            Duration delay = policy.delayBefore(e.retriesUsed, ThreadLocalRandom.current().nextDouble());
            change(e, e.record.finished(TaskStatus.RETRYING, null, error, now, ran).withStatus(TaskStatus.RETRYING,
                    "retry " + e.retriesUsed + " of " + policy.maxRetries() + " after " + EngineTimer.human(delay)),
                    TaskEvent.Type.RETRYING);
            e.wakeUp = schedule(delay, () -> wake(e.id()));
            return;
        }
        record(e, false, nanos);
        change(e, e.record.finished(TaskStatus.FAILED, null, error, now, ran), TaskEvent.Type.FAILED);
        cascadeFailure(e);
    }

    private void record(TaskEntry e, boolean completed, long nanos) {
        long[] f = perAction.computeIfAbsent(e.spec().action(), a -> new long[3]);
        f[completed ? 0 : 1]++;
        f[2] += nanos;
        finishedCount++;
        finishedNanos += nanos;
        long now = timer.nanoTime();
        finishedLastMinute.addLast(now);
        pruneLastMinute(now);
    }

    private void pruneLastMinute(long now) {
        while (!finishedLastMinute.isEmpty() && now - finishedLastMinute.peekFirst() > 60_000_000_000L) {
            finishedLastMinute.pollFirst();
        }
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof java.util.concurrent.CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    // ------------------------------------------------------------------ plumbing

    private interface Change {
        void apply(TaskEntry e) throws TaskException;
    }

    /**
     * The task with this id, from memory or, for a finished task let go of, from the store (it is
     * then taken back into memory). Null if there is none. Under the lock.
     */
    private TaskEntry lookup(String id) {
        TaskEntry e = tasks.get(id);
        if (e != null || id == null) {
            return e;
        }
        Optional<TaskRecord> stored = stored(id);
        return stored.isEmpty() ? null : adopt(stored.get());
    }

    /**
     * A dependency of a new task: from memory, or from the store. One that completed stays in the
     * store (the dependency is met, and nothing links to it); any other is taken back into memory,
     * as its outcome matters (a failed one cancels the new task, and a retry revives it).
     */
    private TaskEntry dependency(String id) {
        TaskEntry e = tasks.get(id);
        if (e != null) {
            return e;
        }
        Optional<TaskRecord> stored = stored(id);
        if (stored.isEmpty()) {
            return null;
        }
        return stored.get().status() == TaskStatus.COMPLETED ? new TaskEntry(stored.get()) : adopt(stored.get());
    }

    private Optional<TaskRecord> stored(String id) {
        try {
            return store.get(id);
        } catch (TaskStoreException ex) {
            LOG.warn("Cannot read task '{}' from the store: {}", id, ex.getMessage());
            return Optional.empty();
        }
    }

    /** A task read back from the store, in memory again. */
    private TaskEntry adopt(TaskRecord record) {
        TaskEntry e = new TaskEntry(record);
        tasks.put(record.id(), e);
        finished.takenBack(e, true);
        return e;
    }

    /** How many finished tasks were examined for letting go, in all (for tests: the cost of the window). */
    long letGoChecks() {
        lock.lock();
        try {
            return finished.checks;
        } finally {
            lock.unlock();
        }
    }

    /** How many tasks the engine holds in memory (for tests). */
    int tasksInMemory() {
        lock.lock();
        try {
            return tasks.size();
        } finally {
            lock.unlock();
        }
    }

    private TaskRecord withTask(String id, Change change) throws TaskException {
        TaskRecord[] out = new TaskRecord[1];
        TaskException[] failure = new TaskException[1];
        operate(() -> {
            TaskEntry e = lookup(id);
            if (e == null) {
                failure[0] = new TaskNotFoundException(id);
                return;
            }
            try {
                change.apply(e);
            } catch (TaskException ex) {
                failure[0] = ex;
            }
            out[0] = e.record;
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        return out[0];
    }

    /**
     * Runs a change under the lock and dispatches; then, after the lock, commits what changed and
     * only then starts the attempts and posts the events. Returns once this operation, and every
     * one before it, is committed: what the public methods use (a submission is acknowledged only
     * once stored).
     */
    private void operate(Runnable body) {
        operate(body, true);
    }

    /**
     * As {@link #operate(Runnable)}, but returns without waiting for the commit: for the engine's
     * own threads (an attempt ended, a timer fired, progress), which need not wait for the disk.
     * The commit still precedes the events and the attempts this operation started.
     */
    private void operateAsync(Runnable body) {
        operate(body, false);
    }

    private Pending operate(Runnable body, boolean await) {
        long seq;
        Pending p = null;
        boolean queued;
        List<Pending> direct = null;
        lock.lock();
        try {
            body.run();
            dispatch();
            finished.keep = keepFinished;
            if (finished.full()) {
                long committed;
                synchronized (pending) {
                    committed = committedSeq;
                }
                finished.trim(committed);
            }
            queued = !changed.isEmpty() || !emitted.isEmpty() || !toStart.isEmpty();
            synchronized (pending) {
                if (queued) {
                    p = new Pending(++queuedSeq, changed, emitted, toStart);
                    if (committer == null && pending.isEmpty() && lastCommitNanos < SPIN_LIMIT_NANOS) {
                        // a fast store (in memory) and nobody committing: commit here, under the lock,
                        // which costs less than handing over; a store that waits for the disk never
                        // comes here, so the operations that queue up meanwhile share its next commit
                        committer = Thread.currentThread();
                        direct = List.of(p);
                    } else {
                        pending.add(p);
                    }
                }
                seq = queuedSeq; // also when nothing changed: what this caller saw must be committed
            }
            if (queued) {
                changed = new ArrayList<>();
                emitted = new ArrayList<>();
                toStart = new ArrayList<>();
            }
            if (direct != null) {
                try {
                    // timed now and then: it tells whether the store is still fast
                    boolean timed = (++directCommits & 15) == 1;
                    long started = timed ? System.nanoTime() : 0;
                    boolean saved = save(direct);
                    publish(direct); // under the lock: the events keep the order of the operations
                    if (timed && saved) {
                        lastCommitNanos = System.nanoTime() - started;
                    }
                } finally {
                    release(p.seq());
                }
            }
        } finally {
            lock.unlock();
        }
        if (direct != null) {
            start(direct);
            return p;
        }
        if (queued || await) {
            commit(await ? seq : 0);
        }
        return p;
    }

    /**
     * Commits what is queued if no other thread is committing (one group at most), then waits,
     * if {@code awaitSeq > 0}, until the operations up to that sequence are committed. Work left
     * queued is handed to the commit thread, so nothing waits for a caller that comes later.
     */
    private void commit(long awaitSeq) {
        Thread me = Thread.currentThread();
        boolean interrupted = false;
        try {
            List<Pending> group = null;
            while (group == null) {
                synchronized (pending) {
                    if (awaitSeq > 0 && committedSeq >= awaitSeq) {
                        return;
                    }
                    if (committer == null && !pending.isEmpty()) {
                        committer = me;
                        group = new ArrayList<>(pending);
                        pending.clear();
                        break;
                    }
                    if (awaitSeq == 0 || committer == me) {
                        return; // the committer takes it (or this thread commits already: no waiting on itself)
                    }
                }
                // another thread commits: when the store answers within microseconds (in memory),
                // spin a little before sleeping, as a park and unpark costs more than that; a store
                // that waits for the disk gets the CPU for itself
                long last = lastCommitNanos;
                if (last < SPIN_LIMIT_NANOS) {
                    long until = System.nanoTime() + 2 * last + 2_000;
                    while (committedSeq < awaitSeq && committer != null && System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                }
                synchronized (pending) {
                    while (committedSeq < awaitSeq && committer != null) {
                        try {
                            pending.wait();
                        } catch (InterruptedException e) {
                            interrupted = true; // the commit goes on; answer only once it is known
                        }
                    }
                }
            }
            // this operation is in the group (it was queued, and nobody was committing)
            boolean left;
            try {
                commitGroup(group);
            } finally {
                left = release(group.get(group.size() - 1).seq());
            }
            if (left) {
                handOff();
            }
        } finally {
            if (interrupted) {
                me.interrupt();
            }
        }
    }

    /** Returns once every change queued before this call is committed. */
    private void awaitCommitted() {
        long seq;
        synchronized (pending) {
            seq = queuedSeq;
        }
        if (seq > 0) {
            commit(seq);
        }
    }

    /** A caller waiting for another thread's commit spins (rather than sleeps) only if commits take less than this. */
    private static final long SPIN_LIMIT_NANOS = 50_000;

    /** Commits whatever is queued, group after group, until nothing is (on the commit thread). */
    private void commitAll() {
        handOffScheduled.set(false);
        while (true) {
            List<Pending> group;
            synchronized (pending) {
                if (committer != null || pending.isEmpty()) {
                    return; // a caller commits, and hands over again if it leaves work behind
                }
                committer = Thread.currentThread();
                group = new ArrayList<>(pending);
                pending.clear();
            }
            try {
                commitGroup(group);
            } finally {
                release(group.get(group.size() - 1).seq());
            }
        }
    }

    /** Ends a commit up to this sequence: wakes the callers waiting for it; true if more is queued. */
    private boolean release(long seq) {
        synchronized (pending) {
            committer = null;
            committedSeq = seq;
            pending.notifyAll();
            return !pending.isEmpty();
        }
    }

    private void handOff() {
        if (handOffScheduled.compareAndSet(false, true)) {
            try {
                commitThread.execute(this::commitAll);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                handOffScheduled.set(false);
                commitAll(); // closing: commit here
            }
        }
    }

    /** Saves a group of operations' changes in one transaction, then posts their events and starts their attempts. */
    private void commitGroup(List<Pending> group) {
        long started = System.nanoTime();
        boolean saved = save(group);
        publish(group);
        if (saved) {
            lastCommitNanos = System.nanoTime() - started;
        }
        start(group);
    }

    /** Saves the changes of these operations in one transaction (each task once, as it ended up); false if none. */
    private boolean save(List<Pending> group) {
        Collection<TaskRecord> records;
        if (group.size() == 1 && group.get(0).records().size() == 1) {
            records = group.get(0).records();
        } else {
            Map<String, TaskRecord> latest = new LinkedHashMap<>();
            for (Pending p : group) {
                for (TaskRecord r : p.records()) {
                    latest.put(r.id(), r);
                }
            }
            records = latest.values();
        }
        if (records.isEmpty()) {
            return false;
        }
        try {
            store.save(records);
        } catch (TaskStoreException | RuntimeException e) {
            if (group.size() == 1) {
                group.get(0).failure = e;
                LOG.error("The task store refused {} change(s): {}", records.size(), e.getMessage());
            } else {
                // each operation alone, in order, so that one bad change does not take the others with it
                for (Pending p : group) {
                    saveAlone(p);
                }
            }
        }
        return true;
    }

    /**
     * Hands the events of committed operations to the event thread, in order. A change the store
     * refused is not committed, so its events are not posted.
     */
    private void publish(List<Pending> group) {
        for (Pending p : group) {
            if (p.failure == null) {
                outbox.addAll(p.events());
            }
        }
    }

    /**
     * Starts the attempts of committed operations, and the event thread if events wait. An attempt
     * whose RUNNING state the store refused does not run: it ends at once as failed (retryable), so
     * the task waits for a retry instead of running while the store does not know it.
     */
    private void start(List<Pending> group) {
        for (Pending p : group) {
            for (Attempt attempt : p.attempts()) {
                if (p.failure == null) {
                    attempt.begin();
                } else {
                    TaskException why = new TaskException("not started: the task store did not take the change ("
                            + p.failure.getMessage() + ")", Severity.HIGH, true);
                    operateAsync(() -> attemptEnded(attempt, null, why));
                }
            }
        }
        if (!outbox.isEmpty() && !eventThread.isShutdown() && drainScheduled.compareAndSet(false, true)) {
            try {
                eventThread.execute(this::drainEvents);
            } catch (java.util.concurrent.RejectedExecutionException ignored) {
                drainScheduled.set(false); // closing
            }
        }
    }

    private void saveAlone(Pending p) {
        if (p.records().isEmpty()) {
            return;
        }
        Map<String, TaskRecord> latest = new LinkedHashMap<>();
        for (TaskRecord r : p.records()) {
            latest.put(r.id(), r);
        }
        try {
            store.save(latest.values());
        } catch (TaskStoreException | RuntimeException e) {
            p.failure = e;
            LOG.error("The task store refused {} change(s): {}", latest.size(), e.getMessage());
        }
    }

    private void drainEvents() {
        while (true) {
            for (TaskEvent event = outbox.poll(); event != null; event = outbox.poll()) {
                try {
                    events.accept(event);
                } catch (RuntimeException e) {
                    LOG.warn("Posting {} of task {} failed: {}", event.type().id(), event.taskId(), e.toString());
                }
            }
            drainScheduled.set(false);
            // an event added after the last poll but before the flag was cleared is not left behind
            if (outbox.isEmpty() || !drainScheduled.compareAndSet(false, true)) {
                return;
            }
        }
    }

    /** A random (version 4) UUID without SecureRandom: ids need to be unique, not secret. */
    private static String newId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return new UUID((r.nextLong() & ~0xF000L) | 0x4000L, (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L)
                .toString();
    }

    private void change(TaskEntry e, TaskRecord next, TaskEvent.Type type) {
        TaskStatus from = e.record.status();
        if (from != next.status() && !from.canChangeTo(next.status())) {
            throw new IllegalStateException("task '" + e.id() + "' cannot go from " + from + " to " + next.status());
        }
        apply(e, next, type);
    }

    /** Records a change (unchecked: {@link #change} checks the transition), to be committed with the operation. */
    private void apply(TaskEntry e, TaskRecord next, TaskEvent.Type type) {
        TaskStatus from = e.record.status();
        e.record = next;
        changed.add(next);
        emit(type, next, null);
        if (next.status().isTerminal() && !from.isTerminal()) {
            finished.finished(e, queuedSeq + 1); // the operation under way gets the next sequence
            finished.dependentChanged(e, true);
        } else if (from.isTerminal() && !next.status().isTerminal()) {
            finished.dependentChanged(e, false);
        }
    }

    private void emit(TaskEvent.Type type, TaskRecord r, String message) {
        emitted.add(new TaskEvent(type, r.id(), r.spec().name(), r.spec().action(), r.status(),
                type == TaskEvent.Type.COMPLETED ? r.result() : null, r.error() == null ? null : r.error().message(),
                r.progress(), message != null ? message : r.waitingFor() != null ? r.waitingFor() : r.progressMessage(),
                r.attempts(), clock.instant()));
    }

    private ScheduledFuture<?> schedule(Duration delay, Runnable task) {
        return timer.schedule(delay, task);
    }

    private void checkOpen() throws TaskException {
        if (closed) {
            throw new TaskException("the scheduler is stopped", Severity.HIGH, true);
        }
    }

    static String describe(TaskSpec spec) {
        return "task '" + spec.name() + "' (" + spec.id() + ")";
    }

    // ------------------------------------------------------------------ one attempt

    /** One run of a task's action, and the context the action sees. */
    final class Attempt implements ActionContext, ActionContext.TaskLog {
        final TaskEntry entry;
        final Action action;
        final List<ResourceClaim> claims;
        final int number;
        final String taskId;
        final String taskName;
        final Map<String, Object> parameters;
        final CompletableFuture<TaskException> cancellation = new CompletableFuture<>();
        volatile long startNanos;
        volatile boolean userCancel;
        volatile TaskException userReason;
        volatile boolean pausedInterrupt;
        volatile ScheduledFuture<?> timeout = EngineTimer.NONE;
        private final Logger log;

        Attempt(TaskEntry entry, Action action, List<ResourceClaim> claims, int number) {
            this.entry = entry;
            this.action = action;
            this.claims = claims;
            this.number = number;
            this.taskId = entry.id();
            this.taskName = entry.spec().name();
            this.parameters = entry.spec().parameters();
            this.log = LoggerFactory.getLogger("org.orrery.task." + action.name());
        }

        /** Calls the action on a worker thread, outside the lock. */
        void begin() {
            startNanos = timer.nanoTime();
            Duration limit = entry.spec().timeout() != null ? entry.spec().timeout() : settings.defaultTimeout();
            if (limit != null) {
                timeout = schedule(limit, () -> operateAsync(() -> {
                    if (entry.attempt == this) {
                        cancel(new TaskTimeoutException("attempt " + number + " of " + describe(entry.spec())
                                + " exceeded its timeout of " + EngineTimer.human(limit)), false);
                    }
                }));
            }
            try {
                workers.execute(this::run);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                finish(null, new TaskException("the scheduler stopped", Severity.HIGH, true));
            }
        }

        private void run() {
            CompletionStage<Map<String, Object>> stage;
            try {
                stage = action.execute(this);
                if (stage == null) {
                    stage = CompletableFuture.completedFuture(Map.of());
                }
            } catch (Exception | LinkageError e) {
                finish(null, e);
                return;
            }
            stage.whenComplete(this::finish);
        }

        private void finish(Map<String, Object> result, Throwable failure) {
            operateAsync(() -> attemptEnded(this, result, failure));
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
            schedule(settings.cancelGrace(), () -> operateAsync(() -> {
                if (entry.attempt == this) {
                    LOG.warn("{} did not stop within {} of being cancelled ({}); it is given up and its resources released",
                            describe(entry.spec()), EngineTimer.human(settings.cancelGrace()), why.getMessage());
                    attemptEnded(this, null, why);
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
        public int attempt() {
            return number;
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
            operateAsync(() -> {
                if (entry.attempt == this) {
                    entry.record = entry.record.withProgress(fraction, message);
                    emit(TaskEvent.Type.PROGRESS, entry.record, message);
                }
            });
        }

        @Override
        public CompletionStage<Void> delay(Duration duration) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            ScheduledFuture<?> wake = schedule(duration, () -> done.complete(null));
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
            log.info("[{} {}] {}", taskName, taskId, message);
        }

        @Override
        public void warn(String message) {
            log.warn("[{} {}] {}", taskName, taskId, message);
        }

        @Override
        public void error(String message) {
            log.error("[{} {}] {}", taskName, taskId, message);
        }
    }
}
