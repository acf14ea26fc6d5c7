package org.orrery.core.scheduler.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

import org.orrery.core.scheduler.internal.TestActions.Gate;
import org.orrery.task.Action;
import org.orrery.task.ActionContext;
import org.orrery.task.Priority;
import org.orrery.task.ResourceClaim;
import org.orrery.task.RetryPolicy;
import org.orrery.task.SchedulerStatistics;
import org.orrery.task.TaskEvent;
import org.orrery.task.TaskExecutionException;
import org.orrery.task.TaskNotFoundException;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskSpec;
import org.orrery.task.TaskStatus;
import org.orrery.task.TaskTimeoutException;

/**
 * Property-based tests of the task engine. Random task graphs (dependencies only on earlier
 * tasks, so no cycles) with random failures, timeouts, retries, priorities, resource claims,
 * {@code runAlways} and cancellations run on a real engine, and each property checks one
 * invariant over them:
 * <ol>
 * <li>no task starts before its dependencies completed (a {@code runAlways} one: before they all
 * ended);</li>
 * <li>an exclusive resource is never held twice (nor a shared one beyond its capacity);</li>
 * <li>every task ends COMPLETED, FAILED or CANCELLED within a bounded time, nothing is then held
 * or running, and a task cancelled before it ended ends CANCELLED;</li>
 * <li>with one slot, ready tasks start by priority, FIFO within a level.</li>
 * </ol>
 * The {@code @Example}s at the end are the smallest deterministic cases of the engine bugs the
 * properties found.
 */
class TaskEnginePropertiesTest {

    /** Longest a try may take. */
    private static final long TRY_LIMIT_NANOS = Duration.ofSeconds(20).toNanos();
    /**
     * No event for this long while tasks are unfinished means nothing will happen any more: every
     * action ends within {@link #SLOW_MS} and every retry delay is a few ms.
     */
    private static final long QUIET_LIMIT_NANOS = Duration.ofSeconds(4).toNanos();
    /**
     * A READY task while nothing runs (so nothing is held) should have been started by the
     * operation that made it ready: this long in that state is a stuck engine, not a slow one.
     */
    private static final long IDLE_LIMIT_NANOS = Duration.ofMillis(150).toNanos();

    private static final String ACTION = "prop.graph";
    private static final int RESOURCES = 3;
    /** r0 has none configured (readers share it without limit), r1 2, r2 3. */
    private static final Map<String, Integer> CAPACITIES = Map.of("r1", 2, "r2", 3);
    private static final int TIMEOUT_MS = 10;
    private static final int SLOW_MS = 25;

    // ------------------------------------------------------------------ the generated model

    /** What one attempt of a task does. */
    enum Kind {
        /** completes with a result after its delay */
        OK,
        /** throws a retryable TaskExecutionException from execute */
        THROW,
        /** completes its stage exceptionally with a retryable TaskExecutionException after its delay */
        FAIL,
        /** completes its stage exceptionally with a non-retryable TaskExecutionException after its delay */
        FATAL,
        /** takes {@value #SLOW_MS} ms: longer than the timeout, when the task has one */
        SLOW,
        /** takes {@value #SLOW_MS} ms and then completes normally even if cancelled: an action slow to stop */
        STUBBORN
    }

    record Step(Kind kind, int delayMs) {
        @Override
        public String toString() {
            return kind + (kind == Kind.OK || kind == Kind.FAIL || kind == Kind.FATAL ? "/" + delayMs + "ms" : "");
        }
    }

    /** Who states a claim: the task spec, the action's resources(...), or both (the engine merges them). */
    enum Source {
        SPEC, ACTION, BOTH
    }

    record Claim(int resource, ResourceClaim.Mode mode, int amount, Source source) {
        String name() {
            return "r" + resource;
        }

        boolean exclusive() {
            return mode.exclusive();
        }

        int units() {
            return exclusive() ? 1 : Math.min(amount, capacity(name()));
        }

        ResourceClaim claim() {
            return new ResourceClaim(name(), mode, units());
        }

        @Override
        public String toString() {
            return name() + ":" + (exclusive() ? mode.id() : "read" + units()) + "@" + source.name().toLowerCase();
        }
    }

    /**
     * One task. {@code deps} are indices of earlier tasks; {@code steps} say what attempts 1, 2, 3
     * do (the last one repeats).
     */
    record Node(int priority, List<Integer> deps, boolean runAlways, List<Step> steps, int retries, int retryDelayMs,
            boolean timeout, List<Claim> claims) {

        Step step(int attempt) {
            return steps.get(Math.min(attempt, steps.size()) - 1);
        }

        boolean hasTimeout() {
            return timeout || steps.stream().anyMatch(s -> s.kind() == Kind.STUBBORN);
        }

        @Override
        public String toString() {
            return "{p" + priority + (deps.isEmpty() ? "" : " deps" + deps) + (runAlways ? " runAlways" : "") + " " + steps
                    + (retries > 0 ? " retries=" + retries + "/" + retryDelayMs + "ms" : "")
                    + (hasTimeout() ? " timeout" : "") + (claims.isEmpty() ? "" : " " + claims) + "}";
        }
    }

    record Cancel(int node, int afterMs) {
        @Override
        public String toString() {
            return "cancel n" + node + " at " + afterMs + "ms";
        }
    }

    /**
     * A graph and how it is run: {@code batchStarts} are the indices where a new submitAll batch
     * begins, {@code batchGapMs} apart (dependencies point back, so they are in the same or an
     * earlier batch); the cancels are issued while it runs.
     */
    record Graph(List<Node> nodes, List<Integer> batchStarts, int batchGapMs, List<Cancel> cancels, int maxConcurrent) {
        @Override
        public String toString() {
            StringBuilder out = new StringBuilder("Graph(maxConcurrent=" + maxConcurrent + ", batches from " + batchStarts
                    + " every " + batchGapMs + "ms, " + cancels + ")");
            for (int i = 0; i < nodes.size(); i++) {
                out.append("\n  n").append(i).append(' ').append(nodes.get(i));
            }
            return out.toString();
        }
    }

    static String id(int node) {
        return "n" + node;
    }

    static int capacity(String resource) {
        return CAPACITIES.getOrDefault(resource, ResourceLedger.UNLIMITED);
    }

    @Provide
    Arbitrary<Graph> graphs() {
        Arbitrary<Step> step = Combinators.combine(
                Arbitraries.frequency(Tuple.of(12, Kind.OK), Tuple.of(2, Kind.THROW), Tuple.of(2, Kind.FAIL),
                        Tuple.of(1, Kind.FATAL), Tuple.of(2, Kind.SLOW), Tuple.of(1, Kind.STUBBORN)),
                Arbitraries.integers().between(0, 4)).as(Step::new);
        Arbitrary<Claim> claim = Combinators.combine(Arbitraries.integers().between(0, RESOURCES - 1),
                Arbitraries.of(ResourceClaim.Mode.READ, ResourceClaim.Mode.EXCLUSIVE, ResourceClaim.Mode.WRITE),
                Arbitraries.integers().between(1, 2), Arbitraries.of(Source.class)).as(Claim::new);
        Arbitrary<Node> node = Combinators.combine(
                Arbitraries.integers().between(1, 5),
                Arbitraries.integers().between(0, 39).list().ofMaxSize(3), // raw: mapped to earlier tasks by pointBack
                Arbitraries.frequency(Tuple.of(4, false), Tuple.of(1, true)),
                step.list().ofMinSize(1).ofMaxSize(3),
                Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, 3),
                Arbitraries.of(false, true),
                claim.list().ofMaxSize(2).uniqueElements(Claim::resource)).as(Node::new);
        Arbitrary<List<Node>> nodes = node.list().ofMinSize(1).ofMaxSize(40)
                .withSizeDistribution(RandomDistribution.uniform()).map(TaskEnginePropertiesTest::pointBack);
        return Combinators.combine(nodes,
                Arbitraries.integers().between(1, 39).list().ofMaxSize(2),
                Arbitraries.integers().between(0, 5),
                Combinators.combine(Arbitraries.integers().between(0, 39), Arbitraries.integers().between(0, 30))
                        .as(Cancel::new).list().ofMaxSize(4),
                Arbitraries.integers().between(1, 6))
                .as((ns, starts, gap, cancels, max) -> new Graph(ns,
                        starts.stream().filter(s -> s < ns.size()).distinct().sorted().toList(), gap,
                        cancels.stream().map(c -> new Cancel(c.node() % ns.size(), c.afterMs())).toList(), max));
    }

    /** Makes every dependency point to an earlier task: raw value v of task i means task v mod i. */
    static List<Node> pointBack(List<Node> raw) {
        List<Node> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            Node n = raw.get(i);
            int index = i;
            List<Integer> deps = index == 0 ? List.of()
                    : n.deps().stream().map(d -> d % index).distinct().sorted().toList();
            out.add(new Node(n.priority(), deps, n.runAlways(), n.steps(), n.retries(), n.retryDelayMs(), n.timeout(),
                    n.claims()));
        }
        return out;
    }

    static TaskSpec spec(int index, Node node) {
        TaskSpec.Builder b = TaskSpec.builder(ACTION).id(id(index)).parameter("node", index)
                .priority(Priority.of(node.priority())).runAlways(node.runAlways())
                .dependsOn(node.deps().stream().map(TaskEnginePropertiesTest::id).toList());
        if (node.retries() > 0) {
            b.retry(node.retryDelayMs() % 2 == 0 ? RetryPolicy.fixed(node.retries(), Duration.ofMillis(node.retryDelayMs()))
                    : new RetryPolicy(node.retries(), Duration.ofMillis(node.retryDelayMs()), 2, Duration.ofMillis(5), 0.5));
        }
        if (node.hasTimeout()) {
            b.timeout(Duration.ofMillis(TIMEOUT_MS));
        }
        for (Claim c : node.claims()) {
            if (c.source() != Source.ACTION) {
                b.resource(c.claim());
            }
        }
        return b.build();
    }

    // ------------------------------------------------------------------ the action and what it records

    /** One try's record of what the actions saw, in one global order. */
    static final class Journal {
        final AtomicLong seq = new AtomicLong();
        final Map<String, Long> starts = new ConcurrentHashMap<>(); // "n3#2" → seq when attempt 2 of n3 began
        final Map<String, Long> ends = new ConcurrentHashMap<>(); // "n3#2" → seq just before its stage completed
        final List<String> dependencyViolations = new CopyOnWriteArrayList<>();
        final List<String> resourceViolations = new CopyOnWriteArrayList<>();
        final AtomicBoolean timedOut = new AtomicBoolean();
        private final int[] exclusiveHolders = new int[RESOURCES];
        private final int[] sharedUnits = new int[RESOURCES];
        private final List<Set<String>> holders = new ArrayList<>();

        Journal() {
            for (int r = 0; r < RESOURCES; r++) {
                holders.add(new TreeSet<>());
            }
        }

        synchronized void enter(String who, List<Claim> claims) {
            for (Claim c : claims) {
                int r = c.resource();
                if (c.exclusive()) {
                    if (exclusiveHolders[r] > 0 || sharedUnits[r] > 0) {
                        resourceViolations.add(who + " got " + c.name() + " exclusively while " + holders.get(r)
                                + " held it");
                    }
                    exclusiveHolders[r]++;
                } else {
                    if (exclusiveHolders[r] > 0) {
                        resourceViolations.add(who + " got " + c.name() + " shared while " + holders.get(r)
                                + " held it exclusively");
                    }
                    sharedUnits[r] += c.units();
                    if (sharedUnits[r] > capacity(c.name())) {
                        resourceViolations.add(who + " took " + c.name() + " to " + sharedUnits[r]
                                + " shared units (capacity " + capacity(c.name()) + ") with " + holders.get(r));
                    }
                }
                holders.get(r).add(who);
            }
        }

        synchronized void leave(String who, List<Claim> claims) {
            for (Claim c : claims) {
                int r = c.resource();
                if (c.exclusive()) {
                    exclusiveHolders[r]--;
                } else {
                    sharedUnits[r] -= c.units();
                }
                holders.get(r).remove(who);
            }
        }
    }

    /** Runs the nodes of one graph: each attempt does what its step says, and records it. */
    static final class GraphAction implements Action {
        final Graph graph;
        final Journal journal;
        volatile TaskEngine engine;

        GraphAction(Graph graph, Journal journal) {
            this.graph = graph;
            this.journal = journal;
        }

        @Override
        public String name() {
            return ACTION;
        }

        private Node node(Map<String, Object> parameters) {
            return graph.nodes().get(((Number) parameters.get("node")).intValue());
        }

        @Override
        public List<ResourceClaim> resources(Map<String, Object> parameters) {
            return node(parameters).claims().stream().filter(c -> c.source() != Source.SPEC).map(Claim::claim).toList();
        }

        @Override
        public CompletionStage<Map<String, Object>> execute(ActionContext context) throws Exception {
            Node node = node(context.parameters());
            String who = context.taskId() + "#" + context.attempt();
            journal.starts.put(who, journal.seq.incrementAndGet());
            // the engine's own view now that the attempt runs (terminal statuses are final here: no retry(...))
            for (int dep : node.deps()) {
                TaskStatus s = engine.get(id(dep)).orElseThrow().status();
                if (node.runAlways() ? !s.isTerminal() : s != TaskStatus.COMPLETED) {
                    journal.dependencyViolations.add(who + " runs while its dependency " + id(dep) + " is " + s);
                }
            }
            journal.enter(who, node.claims());
            Step step = node.step(context.attempt());
            if (step.kind() == Kind.THROW) {
                journal.leave(who, node.claims());
                journal.ends.put(who, journal.seq.incrementAndGet());
                throw new TaskExecutionException("planned failure of " + who);
            }
            int millis = step.kind() == Kind.SLOW || step.kind() == Kind.STUBBORN ? SLOW_MS : step.delayMs();
            CompletionStage<Void> wait = step.kind() == Kind.STUBBORN
                    ? CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS))
                    : context.delay(Duration.ofMillis(millis));
            // the counters go down before the stage completes: the engine releases the claims only after
            return wait.handle((ignored, failure) -> {
                journal.leave(who, node.claims());
                journal.ends.put(who, journal.seq.incrementAndGet());
                if (failure != null) {
                    if (failure instanceof TaskTimeoutException) {
                        journal.timedOut.set(true);
                    }
                    throw failure instanceof CompletionException ce ? ce : new CompletionException(failure);
                }
                return switch (step.kind()) {
                    case FAIL -> throw new CompletionException(new TaskExecutionException("planned failure of " + who));
                    case FATAL -> throw new CompletionException(
                            new TaskExecutionException("planned fatal failure of " + who, false, null));
                    default -> Map.<String, Object>of("by", who);
                };
            });
        }
    }

    // ------------------------------------------------------------------ running one graph

    /** What came of running one graph. */
    static final class Run {
        final Graph graph;
        final Journal journal = new Journal();
        final List<TaskEvent> events = new CopyOnWriteArrayList<>();
        /** Tasks the test cancelled while they had not ended, as cancel(...) returned them. */
        final Map<String, TaskRecord> cancelled = new HashMap<>();
        final Map<String, TaskRecord> finals = new HashMap<>();
        /** Why the engine was stuck, when it was (null: it was not). */
        String stuck;
        Map<String, String> holdingsAtEnd;
        long runningAtEnd;

        Run(Graph graph) {
            this.graph = graph;
        }

        Node node(String taskId) {
            return graph.nodes().get(Integer.parseInt(taskId.substring(1)));
        }

        /** Fails the property, showing the graph, how each task ended and what the actions saw. */
        void check(boolean ok, String what) {
            if (ok) {
                return;
            }
            StringBuilder out = new StringBuilder(what).append('\n').append(graph).append("\nended:");
            for (int i = 0; i < graph.nodes().size(); i++) {
                TaskRecord r = finals.get(id(i));
                out.append("\n  n").append(i).append(' ').append(r == null ? "?" : r.status() + " after " + r.attempts()
                        + " attempt(s)" + (r.error() == null ? "" : ": " + r.error().message()));
            }
            out.append("\nactions saw: starts ").append(new TreeMap<>(journal.starts)).append(", ends ")
                    .append(new TreeMap<>(journal.ends));
            throw new AssertionError(out.toString());
        }
    }

    /**
     * Runs a graph on a fresh engine until every task ended. When the engine is stuck (READY
     * tasks that never start) it fails the try, unless {@code rescue}: then the stuck tasks are
     * cancelled, so the other invariants can still be checked on the rest of the run.
     */
    static Run run(Graph graph, boolean rescue) throws Exception {
        Run run = new Run(graph);
        GraphAction action = new GraphAction(graph, run.journal);
        EngineSettings settings = EngineSettings.defaults().withMaxConcurrentTasks(graph.maxConcurrent())
                .withResourceCapacities(CAPACITIES).withCancelGrace(Duration.ofSeconds(5));
        TaskEngine engine = new TaskEngine(settings, new InMemoryTaskStore(), run.events::add, Clock.systemUTC(),
                ParameterValidator.NONE);
        engine.keepFinished = 2; // finished tasks leave memory as soon as they may: every property holds all the same
        action.engine = engine;
        try {
            engine.addAction(action, "test");
            submitAndCancel(engine, run);
            awaitAllEnded(engine, run, rescue);
            for (int i = 0; i < graph.nodes().size(); i++) {
                run.finals.put(id(i), engine.get(id(i)).orElseThrow());
            }
            run.holdingsAtEnd = engine.resourceHoldings();
            run.runningAtEnd = engine.statistics().running();
            engine.checkCounts();
            awaitEventsPosted(run);
        } finally {
            engine.close();
        }
        Statistics.label("final statuses").collect(run.finals.values().stream().map(r -> r.status().id())
                .collect(Collectors.toCollection(TreeSet::new)).toString());
        Statistics.label("tasks").collect(graph.nodes().size() / 10 * 10 + "-" + (graph.nodes().size() / 10 * 10 + 9));
        Statistics.label("a timeout happened").collect(run.journal.timedOut.get());
        Statistics.label("a retry happened").collect(run.finals.values().stream().anyMatch(r -> r.attempts() > 1));
        if (rescue) {
            Statistics.label("stuck, rescued by cancelling").collect(run.stuck != null);
        }
        return run;
    }

    /** Submits the batches and issues the cancellations, each at its moment. */
    private static void submitAndCancel(TaskEngine engine, Run run) throws Exception {
        record Move(long atNanos, int batch, Cancel cancel) {
        }
        Graph graph = run.graph;
        List<Integer> starts = new ArrayList<>(List.of(0));
        starts.addAll(graph.batchStarts());
        List<Move> plan = new ArrayList<>();
        for (int b = 0; b < starts.size(); b++) {
            plan.add(new Move(Duration.ofMillis((long) b * graph.batchGapMs()).toNanos(), b, null));
        }
        for (Cancel c : graph.cancels()) {
            plan.add(new Move(Duration.ofMillis(c.afterMs()).toNanos(), -1, c));
        }
        plan.sort(Comparator.comparingLong(Move::atNanos).thenComparing(m -> m.cancel() != null));
        long begin = System.nanoTime();
        for (Move m : plan) {
            long wait = m.atNanos() - (System.nanoTime() - begin);
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            if (m.cancel() == null) {
                int from = starts.get(m.batch());
                int to = m.batch() + 1 < starts.size() ? starts.get(m.batch() + 1) : graph.nodes().size();
                List<TaskSpec> batch = new ArrayList<>();
                for (int i = from; i < to; i++) {
                    batch.add(spec(i, graph.nodes().get(i)));
                }
                engine.submitAll(batch);
            } else {
                try {
                    TaskRecord r = engine.cancel(id(m.cancel().node()), "test");
                    if (!r.status().isTerminal()) {
                        run.cancelled.putIfAbsent(r.id(), r);
                    }
                } catch (TaskNotFoundException notYetSubmitted) {
                    // its batch comes later: nothing to cancel
                }
            }
        }
    }

    private static void awaitAllEnded(TaskEngine engine, Run run, boolean rescue) throws Exception {
        long begin = System.nanoTime();
        long lastChange = begin;
        long idleSince = 0;
        int lastEvents = -1;
        while (true) {
            engine.checkCounts(); // the statistics' counts, kept as tasks change, equal a full count at every moment
            List<String> open = new ArrayList<>();
            List<String> ready = new ArrayList<>();
            for (int i = 0; i < run.graph.nodes().size(); i++) {
                TaskRecord r = engine.get(id(i)).orElseThrow();
                if (!r.status().isTerminal()) {
                    open.add(id(i) + " " + r.status() + (r.waitingFor() == null ? "" : " (waiting for " + r.waitingFor()
                            + ")"));
                }
                if (r.status() == TaskStatus.READY) {
                    ready.add(id(i));
                }
            }
            if (open.isEmpty()) {
                return;
            }
            long now = System.nanoTime();
            if (run.events.size() != lastEvents) {
                lastEvents = run.events.size();
                lastChange = now;
            }
            SchedulerStatistics stats = engine.statistics();
            if (stats.running() == 0 && stats.byStatus().get(TaskStatus.READY) > 0) {
                idleSince = idleSince == 0 ? now : idleSince;
                if (now - idleSince > IDLE_LIMIT_NANOS) {
                    String why = "stuck: READY task(s) " + ready + " do not start although nothing has run for "
                            + Duration.ofNanos(now - idleSince).toMillis() + " ms (nothing is held: "
                            + engine.resourceHoldings() + "); unfinished: " + open;
                    if (!rescue) {
                        throw new AssertionError(why + "\n" + run.graph);
                    }
                    run.stuck = run.stuck == null ? why : run.stuck;
                    for (String id : ready) {
                        engine.cancel(id, "the engine is stuck");
                    }
                    idleSince = 0;
                }
            } else {
                idleSince = 0;
            }
            if (now - lastChange > QUIET_LIMIT_NANOS || now - begin > TRY_LIMIT_NANOS) {
                throw new AssertionError("not every task ended: nothing happened for "
                        + Duration.ofNanos(now - lastChange).toMillis() + " ms (" + Duration.ofNanos(now - begin).toMillis()
                        + " ms in all) with " + open + "; holdings " + engine.resourceHoldings() + ", running "
                        + stats.running() + "\n" + run.graph);
            }
            Thread.sleep(2);
        }
    }

    /** Events are posted after the state changes, by another thread: waits until each task's last one arrived. */
    private static void awaitEventsPosted(Run run) throws InterruptedException {
        await(() -> {
            Map<String, TaskStatus> last = new HashMap<>();
            for (TaskEvent e : run.events) {
                last.put(e.taskId(), e.status());
            }
            return IntStream.range(0, run.graph.nodes().size())
                    .allMatch(i -> last.get(id(i)) != null && last.get(id(i)).isTerminal());
        }, "every task's terminal event was posted");
    }

    // ------------------------------------------------------------------ invariant 1

    @Property(tries = 50)
    void noTaskStartsBeforeItsDependenciesEnded(@ForAll("graphs") Graph graph) throws Exception {
        Run run = run(graph, true);
        // as the engine reported it to the actions when they ran
        run.check(run.journal.dependencyViolations.isEmpty(), "attempts ran before their dependencies ended:\n  "
                + String.join("\n  ", run.journal.dependencyViolations));
        // in the order of the engine's events, posted in the order of its state changes
        Map<String, TaskStatus> now = new HashMap<>();
        for (TaskEvent e : run.events) {
            now.put(e.taskId(), e.status());
            if (e.type() != TaskEvent.Type.STARTED) {
                continue;
            }
            Node node = run.node(e.taskId());
            for (int dep : node.deps()) {
                TaskStatus s = now.get(id(dep));
                boolean met = node.runAlways() ? s != null && s.isTerminal() : s == TaskStatus.COMPLETED;
                run.check(met, e.taskId() + " was started (attempt " + e.attempt() + ") while its dependency " + id(dep)
                        + " was " + s);
            }
        }
        // in the global sequence the actions recorded: every attempt began after its dependencies' attempts ended
        for (Map.Entry<String, Long> start : run.journal.starts.entrySet()) {
            String task = start.getKey().substring(0, start.getKey().indexOf('#'));
            Node node = run.node(task);
            for (int dep : node.deps()) {
                TaskRecord d = run.finals.get(id(dep));
                if (!node.runAlways()) {
                    run.check(d.status() == TaskStatus.COMPLETED, start.getKey() + " ran although its dependency "
                            + id(dep) + " ended " + d.status());
                    Long completedAt = run.journal.ends.get(id(dep) + "#" + d.attempts());
                    run.check(completedAt != null && completedAt < start.getValue(), start.getKey() + " began at #"
                            + start.getValue() + ", before its dependency " + id(dep) + " completed (its attempt "
                            + d.attempts() + " ended at #" + completedAt + ")");
                } else {
                    for (int a = 1; a <= d.attempts(); a++) {
                        Long depStart = run.journal.starts.get(id(dep) + "#" + a);
                        Long depEnd = run.journal.ends.get(id(dep) + "#" + a);
                        run.check(depStart != null && depEnd != null && depEnd < start.getValue(), start.getKey()
                                + " (runAlways) began at #" + start.getValue() + " while attempt " + a
                                + " of its dependency " + id(dep) + " ran (#" + depStart + " to #" + depEnd + ")");
                    }
                }
            }
        }
        // and the ends agree: a task that is not runAlways, whose dependency did not complete, was cancelled
        for (int i = 0; i < graph.nodes().size(); i++) {
            Node node = graph.nodes().get(i);
            TaskRecord r = run.finals.get(id(i));
            for (int dep : node.deps()) {
                TaskStatus d = run.finals.get(id(dep)).status();
                if (!node.runAlways() && d != TaskStatus.COMPLETED) {
                    run.check(r.status() == TaskStatus.CANCELLED, id(i) + " ended " + r.status()
                            + " although its dependency " + id(dep) + " ended " + d);
                }
            }
        }
    }

    // ------------------------------------------------------------------ invariant 2

    @Property(tries = 50)
    void anExclusiveResourceIsNeverHeldTwice(@ForAll("graphs") Graph graph) throws Exception {
        Run run = run(graph, true);
        run.check(run.journal.resourceViolations.isEmpty(), "resources were held together:\n  "
                + String.join("\n  ", run.journal.resourceViolations));
        run.check(run.holdingsAtEnd.isEmpty(), "resources still held after every task ended: " + run.holdingsAtEnd);
    }

    // ------------------------------------------------------------------ invariant 3

    @Property(tries = 50)
    void everyTaskEndsAndLeavesNothingHeldOrRunning(@ForAll("graphs") Graph graph) throws Exception {
        Run run = run(graph, false); // fails when not every task ends in time
        run.check(run.holdingsAtEnd.isEmpty(), "resources still held after every task ended: " + run.holdingsAtEnd);
        run.check(run.runningAtEnd == 0, "statistics still count " + run.runningAtEnd
                + " running tasks after every task ended");
    }

    /** Part of 3, per {@link org.orrery.task.Scheduler#cancel}: a task cancelled before it ended ends CANCELLED. */
    @Property(tries = 50)
    void aTaskCancelledBeforeItEndedEndsCancelled(@ForAll("graphs") Graph graph) throws Exception {
        Run run = run(graph, true);
        Statistics.label("a running task was cancelled").collect(run.cancelled.values().stream()
                .anyMatch(r -> r.status() == TaskStatus.RUNNING));
        for (TaskRecord when : run.cancelled.values()) {
            TaskRecord end = run.finals.get(when.id());
            run.check(end.status() == TaskStatus.CANCELLED, when.id() + " was cancelled while " + when.status()
                    + " (attempt " + when.attempts() + ") but ended " + end.status() + " after " + end.attempts()
                    + " attempt(s)" + (end.error() == null ? "" : ": " + end.error().message()));
        }
    }

    // ------------------------------------------------------------------ invariant 4

    /** Records the order in which its tasks start; completes at once. */
    static final class Recorder implements Action {
        final List<String> started = new CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "prop.record";
        }

        @Override
        public CompletionStage<Map<String, Object>> execute(ActionContext context) {
            started.add(context.taskId());
            return CompletableFuture.completedFuture(Map.of());
        }
    }

    @Property(tries = 50)
    void higherPriorityReadyTasksStartFirstWhenAWorkerFrees(
            @ForAll @Size(min = 1, max = 15) List<@IntRange(min = 1, max = 5) Integer> priorities,
            @ForAll boolean oneBatch) throws Exception {
        Gate gate = new Gate("prop.gate");
        Recorder recorder = new Recorder();
        // the default aging step (1 minute) does not raise anyone within a try
        TaskEngine engine = new TaskEngine(EngineSettings.defaults().withMaxConcurrentTasks(1), new InMemoryTaskStore(),
                e -> { }, Clock.systemUTC(), ParameterValidator.NONE);
        try {
            engine.addAction(gate, "test");
            engine.addAction(recorder, "test");
            engine.submit(TaskSpec.builder("prop.gate").id("blocker").build());
            await(() -> gate.started.contains("blocker"), "the blocker started");
            List<TaskSpec> specs = new ArrayList<>();
            for (int i = 0; i < priorities.size(); i++) {
                specs.add(TaskSpec.builder("prop.record").id("t" + i).priority(Priority.of(priorities.get(i))).build());
            }
            if (oneBatch) {
                engine.submitAll(specs);
            } else {
                for (TaskSpec s : specs) {
                    engine.submit(s);
                }
            }
            for (TaskSpec s : specs) {
                TaskStatus status = engine.get(s.id()).orElseThrow().status();
                if (status != TaskStatus.READY) {
                    throw new AssertionError(s.id() + " is " + status + " while the blocker runs, not READY");
                }
            }
            gate.finish("blocker", 1, Map.of());
            await(() -> recorder.started.size() == specs.size(), "every task started");
            List<String> expected = IntStream.range(0, priorities.size()).boxed()
                    .sorted(Comparator.comparing((Integer i) -> -priorities.get(i)).thenComparing(i -> i))
                    .map(i -> "t" + i).toList();
            if (!expected.equals(recorder.started)) {
                throw new AssertionError("start order " + recorder.started + ", expected " + expected + " for priorities "
                        + priorities);
            }
        } finally {
            engine.close();
        }
    }

    // ------------------------------------------------------------------ the engine bugs found, smallest cases

    /**
     * Found by {@link #everyTaskEndsAndLeavesNothingHeldOrRunning}; the sample jqwik shrank it to
     * (seed -6286101379123635069, full shrinking), run by the same harness. n0 and n1 start and
     * hold r1 and r2 shared; n2 cannot have r1 exclusively, so it reserves r1; n3 cannot have r2
     * exclusively, so it reserves r2. When n0 and n1 are done, n2 still needs r2 (reserved for
     * n3) and n3 needs r1 (reserved for n2): both stay READY forever, nothing running, nothing
     * held. Deterministic: everything happens in the dispatch of the one submitAll.
     */
    @Example
    void twoTasksThatReservedWhatTheOtherNeedsBothStart() throws Exception {
        Step ok = new Step(Kind.OK, 0);
        Claim r1 = new Claim(1, ResourceClaim.Mode.READ, 1, Source.SPEC);
        Claim r2 = new Claim(2, ResourceClaim.Mode.READ, 1, Source.SPEC);
        Claim r1x = new Claim(1, ResourceClaim.Mode.EXCLUSIVE, 1, Source.SPEC);
        Claim r2x = new Claim(2, ResourceClaim.Mode.EXCLUSIVE, 1, Source.SPEC);
        Graph graph = new Graph(List.of(
                new Node(1, List.of(), false, List.of(ok), 0, 0, false, List.of(r1)),
                new Node(1, List.of(), false, List.of(ok), 0, 0, false, List.of(r2)),
                new Node(1, List.of(), false, List.of(ok), 0, 0, false, List.of(r1x, r2)),
                new Node(1, List.of(), false, List.of(ok), 0, 0, false, List.of(r2x, r1))), List.of(), 0, List.of(), 3);
        run(graph, false);
    }

    /**
     * The same deadlock with exclusive claims only: a and b both wait for h, a reserves r0 (its
     * first claim), b reserves r1 (its first claim); when h ends neither can start.
     */
    @Example
    void twoTasksWaitingForTheSameTwoExclusiveResourcesBothStart() throws Exception {
        Gate gate = new Gate("prop.gate");
        TaskEngine engine = new TaskEngine(EngineSettings.defaults(), new InMemoryTaskStore(), e -> { }, Clock.systemUTC(),
                ParameterValidator.NONE);
        try {
            engine.addAction(gate, "test");
            engine.submit(TaskSpec.builder("prop.gate").id("h").resource(ResourceClaim.exclusive("r0"))
                    .resource(ResourceClaim.exclusive("r1")).build());
            await(() -> gate.started.contains("h"), "h started");
            engine.submit(TaskSpec.builder("prop.gate").id("a").resource(ResourceClaim.exclusive("r0"))
                    .resource(ResourceClaim.exclusive("r1")).build());
            engine.submit(TaskSpec.builder("prop.gate").id("b").resource(ResourceClaim.exclusive("r1"))
                    .resource(ResourceClaim.exclusive("r0")).build());
            gate.finish("h", 1, Map.of());
            awaitOrFail(() -> gate.started.contains("a") || gate.started.contains("b"), () -> "after h ended, neither a ("
                    + engine.get("a").orElseThrow().status() + ") nor b (" + engine.get("b").orElseThrow().status()
                    + ") started within 1 s, with nothing held " + engine.resourceHoldings() + " and "
                    + engine.statistics().running() + " running");
        } finally {
            engine.close();
        }
    }

    /**
     * Found by {@link #aTaskCancelledBeforeItEndedEndsCancelled} (jqwik shrank it to one task
     * whose action ignores cancellation, with a timeout, cancelled after the timeout while the
     * action still ran: it ended FAILED by the timeout, not CANCELLED). A cancel that arrives while
     * a timed-out attempt is still stopping is dropped ({@code Attempt.cancel} returns when the
     * attempt is already cancelled): the task is then retried and may even complete.
     */
    @Example
    void aCancelWhileATimedOutAttemptIsStoppingIsNotLost() throws Exception {
        Gate gate = new Gate("prop.gate");
        gate.honoursCancel = false; // the action takes its time to stop, as a real device may
        ManualTimer time = new ManualTimer();
        TaskEngine engine = new TaskEngine(EngineSettings.defaults(), new InMemoryTaskStore(), e -> { }, time.clock(),
                ParameterValidator.NONE, time, time);
        try {
            engine.addAction(gate, "test");
            engine.submit(TaskSpec.builder("prop.gate").id("t").timeout(Duration.ofMillis(20))
                    .retry(RetryPolicy.fixed(1, Duration.ZERO)).build());
            await(() -> gate.started.contains("t") && time.pending() == 1, "attempt 1 started, its timeout set");
            time.advance(Duration.ofMillis(20)); // the timeout fires; the grace period (10 s) does not end
            await(() -> gate.contexts.get("t").isCancelled(), "attempt 1 timed out");
            TaskRecord asCancelled = engine.cancel("t", "test");
            if (asCancelled.status() != TaskStatus.RUNNING) {
                throw new AssertionError("t is " + asCancelled.status() + " when cancelled, not RUNNING");
            }
            gate.finish("t", 1, Map.of()); // attempt 1 stops at last
            await(() -> {
                time.advance(Duration.ZERO); // a retry without delay (were the cancel lost) is due at once
                return engine.get("t").orElseThrow().status().isTerminal() || gate.started.size() > 1;
            }, "t ended or ran again");
            if (gate.started.size() > 1) {
                gate.finish("t", 2, Map.of());
                await(() -> engine.get("t").orElseThrow().status().isTerminal(), "t ended");
            }
            TaskRecord end = engine.get("t").orElseThrow();
            if (end.status() != TaskStatus.CANCELLED) {
                throw new AssertionError("t was cancelled while RUNNING but ran " + gate.started.size()
                        + " attempt(s) and ended " + end.status());
            }
        } finally {
            engine.close();
        }
    }

    // ------------------------------------------------------------------ helpers

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        awaitOrFail(condition, Duration.ofSeconds(5), () -> "not within 5 s: " + what);
    }

    private static void awaitOrFail(BooleanSupplier condition, Supplier<String> failure) throws InterruptedException {
        awaitOrFail(condition, Duration.ofSeconds(1), failure);
    }

    private static void awaitOrFail(BooleanSupplier condition, Duration limit, Supplier<String> failure)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(failure.get());
            }
            Thread.sleep(1);
        }
    }
}
