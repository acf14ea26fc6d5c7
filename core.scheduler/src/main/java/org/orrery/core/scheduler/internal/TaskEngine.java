package org.orrery.core.scheduler.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.orrery.task.Action;
import org.orrery.task.ActionInfo;
import org.orrery.task.PauseMode;
import org.orrery.task.ResourceState;
import org.orrery.task.Scheduler;
import org.orrery.task.SchedulerStatistics;
import org.orrery.task.Severity;
import org.orrery.task.TaskEvent;
import org.orrery.task.TaskException;
import org.orrery.task.TaskNotFoundException;
import org.orrery.task.TaskPage;
import org.orrery.task.TaskQuery;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskSpec;
import org.orrery.task.TaskStatus;
import org.orrery.task.TaskStore;
import org.orrery.task.TaskStoreException;
import org.orrery.task.TaskTotals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task engine: plain Java, no OSGi, so tests and benchmarks construct it directly.
 *
 * <p>The {@link Scheduler} facade: the public calls, the operations' lock, the threads and the
 * tasks in memory. Its parts: {@link TaskTable}, {@link Lifecycle} (the state machine of a task), {@link Submission}
 * (accepting tasks), {@link InstalledActions}, {@link RefusedSubmission} (what the store refused), {@link TaskCommands}
 * (the calls on one task: cancel, {@link Revival} a manual retry, {@link TaskEdits}), {@link ExecutionPlanner}, {@link Recovery} (a restart), {@link ReadyQueue} (priorities and aging),
 * {@link Dispatcher} (what starts now), {@link OperationChanges} (what an operation changed),
 * {@link ResourceLedger}, {@link FinishedWindow} (finished tasks in memory), {@link Attempt} (one
 * run of an action), {@link GroupCommitter} and {@link EventOutbox} (saving, then posting),
 * {@link EngineStatistics}, {@link EngineTimer} (ticker and timer, run by a {@link TaskTimer}), {@link EngineShutdown}
 * (close), {@link ExecutionLog} (the attempts' executions), {@link AgentPool} (agents and
 * routing to them, {@link RemoteClaims}, {@link AgentRecovery}, the {@link AgentService}).
 *
 * <p>Locking: one lock guards every scheduling decision and every part above except the
 * committer, the outbox and the timer, which are thread-safe; actions run outside it, on a small
 * worker pool (their synchronous part) and on whatever completes their stages. Every change is
 * saved to the {@link TaskStore} before its events are posted (in order, by one thread) and
 * before the attempts it started run. Saving happens after the lock, with group commit. Public
 * methods return once their change is committed; the engine's own threads (attempts ending,
 * timers) do not wait for the disk. See the module README, "Locking".
 */
public final class TaskEngine implements Scheduler, AutoCloseable {

    static final String WORKER = "local";
    private static final Logger LOG = LoggerFactory.getLogger(TaskEngine.class);

    private volatile EngineSettings settings;
    private final TaskStore store;
    private final Clock clock;
    private final ParameterValidator validator;

    private final ReentrantLock lock = new ReentrantLock();
    final TaskMap tasks = new TaskMap();

    private final FinishedWindow finished = new FinishedWindow(tasks);
    final TaskTable table;
    private final Recovery recovery;
    private final Submission submission;
    private final InstalledActions actions;
    private final ExecutionPlanner planner;
    private final TaskCommands commands;
    /** How many finished tasks stay in memory (package-private for tests). */
    int keepFinished = FinishedWindow.DEFAULT_KEEP;
    private final ReadyQueue ready = new ReadyQueue();
    private final ResourceLedger resources;
    final Dispatcher dispatcher;
    final AgentPool agentPool;
    private final AgentService agentService;
    final Lifecycle lifecycle;
    private boolean paused;
    private boolean closed;

    /** Records, events and attempts of the operation under way, committed when it ends. */
    final OperationChanges changes;
    private final EventOutbox outbox;
    private final FinishWaiters finishWaiters;
    private final GroupCommitter committer;

    private final WorkerPool workers;
    private final EngineTimer timer;
    private final EngineStatistics stats = new EngineStatistics();
    private final EngineShutdown shutdown;

    public TaskEngine(EngineSettings settings, TaskStore store, Consumer<TaskEvent> events, Clock clock,
            ParameterValidator validator) {
        this(settings, store, events, clock, validator, System::nanoTime);
    }

    /** With the durable store's executions (null: the task store's own if it keeps executions, else memory). */
    public TaskEngine(EngineSettings settings, TaskStore store, org.orrery.task.ExecutionStore executions,
            Consumer<TaskEvent> events, Clock clock, ParameterValidator validator) {
        this(settings, store, executions, events, clock, validator, System::nanoTime, TaskTimer.daemon());
    }

    /** With a ticker of its own (monotonic nanoseconds: aging, execution times), for tests. */
    public TaskEngine(EngineSettings settings, TaskStore store, Consumer<TaskEvent> events, Clock clock,
            ParameterValidator validator, LongSupplier ticker) {
        this(settings, store, events, clock, validator, ticker, TaskTimer.daemon());
    }

    /** With a ticker and a timer of its own (tests: a manual timer runs the engine's timers when the test says). */
    TaskEngine(EngineSettings settings, TaskStore store, Consumer<TaskEvent> events, Clock clock,
            ParameterValidator validator, LongSupplier ticker, TaskTimer taskTimer) {
        this(settings, store, null, events, clock, validator, ticker, taskTimer);
    }

    /** With an execution store (null: the task store's own if it keeps executions, else memory). */
    TaskEngine(EngineSettings settings, TaskStore store, org.orrery.task.ExecutionStore executionStore,
            Consumer<TaskEvent> events, Clock clock, ParameterValidator validator, LongSupplier ticker, TaskTimer taskTimer) {
        this.settings = settings;
        ExecutionLog executionLog = ExecutionLog.on(store, executionStore);
        this.store = store;
        this.clock = clock;
        this.validator = validator;
        this.resources = new ResourceLedger(settings.resourceCapacities());
        this.table = new TaskTable(tasks, finished, store);
        this.workers = new WorkerPool(settings.workerThreads());
        this.timer = new EngineTimer(ticker, taskTimer);
        this.finishWaiters = new FinishWaiters(this::get, this::awaitCommitted);
        this.outbox = new EventOutbox(finishWaiters.after(events));
        this.committer = new GroupCommitter(store, executionLog.store(), outbox, new GroupCommitter.Starter() {
            @Override
            public void begin(Attempt attempt) {
                attempt.begin();
            }

            @Override
            public void refused(Attempt attempt, Exception why) {
                TaskException reason = new TaskException("not started: the task store did not take the change ("
                        + why.getMessage() + ")", Severity.HIGH, true);
                operateAsync(() -> lifecycle.attemptEnded(attempt, null, reason));
            }
        });
        this.changes = new OperationChanges(clock, finished, committer);
        this.agentPool = new AgentPool(this);
        this.agentService = new AgentService(this, agentPool);
        this.dispatcher = new Dispatcher(this, ready, resources, changes, timer, clock, agentPool);
        this.lifecycle = new Lifecycle(this, tasks, changes, ready, resources, dispatcher, stats, timer, clock);
        this.recovery = new Recovery(this, store, clock);
        this.actions = new InstalledActions(this, tasks, recovery, lifecycle, changes);
        this.submission = new Submission(this, store, validator, resources, actions, new RefusedSubmission(tasks, lifecycle));
        this.planner = new ExecutionPlanner(table);
        this.commands = new TaskCommands(this, new Revival(tasks, table, finished, changes, lifecycle),
                new TaskEdits(tasks, changes, ready, lifecycle, executionLog), executionLog, committer);
        this.shutdown = new EngineShutdown(lifecycle, workers, timer, committer, outbox, finishWaiters);
        recovery.recover();
    }

    /** The agents tasks are routed to ({@code org.orrery.agent}), local and remote. */
    public AgentService agents() {
        return agentService;
    }

    // ------------------------------------------------------------------ actions

    /** An action appeared: tasks waiting for it become ready. */
    public void addAction(Action action, String bundle) {
        addAction(ActionProvider.of(action, bundle, a -> { }));
    }

    /** An action appeared, known by its properties or with its object (see {@link ActionProvider}). */
    void addAction(ActionProvider provider) {
        operate(() -> actions.add(provider));
    }

    /** An action went away: its waiting tasks wait for it, its running tasks are cancelled and retried later. */
    public void removeAction(Action action) {
        operate(() -> actions.remove(action));
    }

    /** As {@link #removeAction(Action)}; then the object got, if any, is given back to the registry. */
    void removeAction(ActionProvider provider) {
        operate(() -> actions.remove(provider));
        provider.release();
    }

    /** Under the lock: the dispatcher needs an action not got yet ({@link InstalledActions#fetch}). */
    void fetch(ActionProvider provider) {
        actions.fetch(provider);
    }

    // ------------------------------------------------------------------ Scheduler

    @Override
    public TaskRecord submit(TaskSpec task) throws TaskException {
        return submitAll(List.of(task)).get(0);
    }

    @Override
    public List<TaskRecord> submitAll(List<TaskSpec> specs) throws TaskException {
        return submission.submitAll(specs);
    }

    @Override
    public TaskRecord cancel(String id, String reason) throws TaskNotFoundException {
        return commands.cancel(id, reason);
    }

    @Override
    public TaskRecord retry(String id) throws TaskException {
        return commands.retry(id);
    }

    @Override
    public TaskRecord pause(String id) throws TaskException {
        return commands.pause(id);
    }

    @Override
    public TaskRecord resume(String id) throws TaskException {
        return commands.resume(id);
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
                    lifecycle.reconsider(e);
                }
            }
            LOG.info("Scheduler resumed");
        });
    }

    @Override
    public boolean isPaused() {
        return locked(() -> paused);
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
        return table.stored(id);
    }

    @Override
    public CompletionStage<TaskRecord> whenFinished(String id) {
        return finishWaiters.await(id);
    }

    @Override
    public TaskPage list(TaskQuery query) {
        committer.awaitCommitted(); // the store then holds every change made before this call (as statistics() shows it)
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
            return planner.plan(ids);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public SchedulerStatistics statistics() {
        TaskTotals stored = StoredTotals.read(store, committer);
        SchedulerStatistics now = locked(() -> {
            EngineStatistics.Counts counts = tasks.counts().copy();
            finished.countInto(counts);
            return stats.snapshot(counts, clock.instant(), timer.nanoTime(), dispatcher.running(), paused, WORKER, agentPool.groups());
        });
        return stored == null ? now : EngineStatistics.withStored(now, stored);
    }

    @Override
    public List<ActionInfo> actions() {
        return actions.infos(); // not under the lock: it may get (activate) actions
    }

    @Override
    public TaskRecord update(String id, org.orrery.task.TaskUpdate update) throws TaskException {
        return commands.update(id, update);
    }

    @Override
    public void purge(String id) throws TaskException {
        commands.purge(id);
    }

    @Override
    public List<org.orrery.task.TaskExecution> executions(String id) throws TaskException {
        return commands.executions(id);
    }

    /**
     * Applies new settings while running: limits, capacities, defaults and the worker count take
     * effect for the next decisions; running attempts keep the timeout they started with.
     */
    public void updateSettings(EngineSettings next) {
        operate(() -> {
            settings = next;
            resources.capacities(next.resourceCapacities());
            workers.resize(next.workerThreads());
            LOG.info("Scheduler settings: at most {} tasks at once, {} worker threads", next.maxConcurrentTasks(),
                    next.workerThreads());
        });
    }

    @Override
    public List<ResourceState> resources() {
        return locked(() -> ResourceStates.of(resources, ResourceStates.inOrder(ready, timer.nanoTime(),
                EngineTimer.nanos(settings.agingStep())), actions.byName()));
    }

    /** Resources held or reserved now, for tests and diagnostics. */
    public Map<String, String> resourceHoldings() {
        return locked(() -> resources.holdings());
    }

    /** Stops everything: running attempts are cancelled, threads end. Tasks stay as they are in the store. */
    @Override
    public void close() {
        operate(() -> {
            closed = true;
            agentPool.close();
            shutdown.stopTasks(tasks.values());
        });
        shutdown.stopThreads();
    }

    // ------------------------------------------------------------------ plumbing

    /** {@link TaskMap#checkCounts()} under the engine's lock (for tests). */
    void checkCounts() {
        locked(() -> tasks.checkCounts());
    }

    /** What {@code body} gives, read under the engine's lock. */
    <T> T locked(java.util.function.Supplier<T> body) {
        lock.lock();
        try {
            return body.get();
        } finally {
            lock.unlock();
        }
    }

    /** How many finished tasks were examined for letting go, in all (for tests: the cost of the window). */
    long letGoChecks() {
        return locked(() -> finished.checks);
    }

    /** How many tasks the engine holds in memory (for tests). */
    int tasksInMemory() {
        return locked(() -> tasks.size());
    }

    /**
     * Runs a change under the lock and dispatches; then, after the lock, commits what changed and
     * only then starts the attempts and posts the events. Returns once this operation, and every
     * one before it, is committed: what the public methods use (a submission is acknowledged only
     * once stored).
     */
    void operate(Runnable body) {
        operate(body, true);
    }

    /**
     * As {@link #operate(Runnable)}, but returns without waiting for the commit: for the engine's
     * own threads (an attempt ended, a timer fired, progress), which need not wait for the disk.
     * The commit still precedes the events and the attempts this operation started.
     */
    void operateAsync(Runnable body) {
        operate(body, false);
    }

    GroupCommitter.Pending operate(Runnable body, boolean await) {
        GroupCommitter.Ticket ticket;
        lock.lock();
        try {
            body.run();
            dispatch();
            agentPool.operationEnded();
            finished.keep = keepFinished;
            if (finished.full()) {
                finished.trim(committer.committedSeq());
            }
            ticket = changes.queue();
        } finally {
            lock.unlock();
        }
        committer.afterLock(ticket, await);
        agentPool.remote.flush(); // claims answered in the operation
        return ticket.pending;
    }

    /** Returns once every change made so far is committed. */
    void awaitCommitted() {
        committer.awaitCommitted();
    }

    Instant now() {
        return clock.instant();
    }

    ScheduledFuture<?> schedule(Duration delay, Runnable task) {
        return timer.schedule(delay, task);
    }

    /** Starts ready tasks unless the scheduler is paused or stopped. */
    private void dispatch() {
        if (!paused && !closed) {
            dispatcher.dispatch(settings, actions.byName());
        }
    }

    /** Under the lock: whether the whole scheduler is paused, or stopped. */
    boolean pausedLocked() {
        return paused;
    }

    boolean closedLocked() {
        return closed;
    }

    /** True on a thread inside an operation (e.g. a cancellation callback the engine completes). */
    boolean inOperation() {
        return lock.isHeldByCurrentThread();
    }

    boolean hasAction(String name) {
        return actions.has(name);
    }

    EngineSettings settings() {
        return settings;
    }

    long nanoTime() {
        return timer.nanoTime();
    }

    /** Runs the synchronous part of an action on a worker thread. */
    void execute(Runnable run) {
        workers.execute(run);
    }

    void checkOpen() throws TaskException {
        if (closed) {
            throw new TaskException("the scheduler is stopped", Severity.HIGH, true);
        }
    }

    static String describe(TaskSpec spec) {
        return "task '" + spec.name() + "' (" + spec.id() + ")";
    }
}
