package org.orrery.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.orrery.actions.system.internal.NoopAction;
import org.orrery.bench.BenchSupport.Settings;
import org.orrery.bench.BenchSupport.Summary;
import org.orrery.core.scheduler.internal.EngineSettings;
import org.orrery.core.scheduler.internal.ParameterValidator;
import org.orrery.core.scheduler.internal.TaskEngine;
import org.orrery.core.sequence.internal.SequenceManagerComponent;
import org.orrery.sequence.SequenceInfo;
import org.orrery.sequence.SequenceState;
import org.orrery.store.jdbc.internal.StandaloneTaskStores;
import org.orrery.task.Scheduler;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskSpec;
import org.orrery.task.TaskStatus;

/**
 * The sequence layer's cost (issue 12, "Benchmark"): {@code system.noop} steps run by the
 * sequence layer against the same tasks submitted to the engine as one flat dependent batch,
 * durable on SQLite (a fresh database file per round; the store's defaults: WAL,
 * synchronous=FULL), in one JVM and one run. Shapes: A, one chain of {@code steps} tasks (the
 * sequence: one {@code sequential} container of that many {@code task} steps); B,
 * {@code chains} independent chains of {@code length} tasks (the sequence: one {@code parallel}
 * container of {@code chains} {@code sequential} containers of {@code length} steps). A round
 * of the baseline times {@code submitAll} to the last task COMPLETED; a round of a sequence
 * times {@code start} to {@code whenFinished} COMPLETED (the document is created before). A
 * benchmark program, not a test.
 *
 * <pre>
 * java -cp ... org.orrery.bench.SequenceBenchmark [key=value ...]
 * </pre>
 *
 * Settings: {@code pairs} (A,B: which pairs run), {@code steps} (10000), {@code chains} (100), {@code length} (100), {@code rounds}
 * (3), {@code warmups} (1, each a round of every variant at a tenth of the size), {@code folder}
 * (work folder), {@code report} (a Markdown file), {@code quietSeconds} (3).
 */
public final class SequenceBenchmark {

    static final double GOAL_RATIO = 1.5;
    static final long ROUND_TIMEOUT_SECONDS = 600;

    /** One of the four variants, at a size. */
    record Shape(String key, boolean sequence, int chains, int length) {
        int tasks() {
            return chains * length;
        }

        Shape scaled(int divisor) {
            return new Shape(key, sequence, chains == 1 ? 1 : Math.max(1, chains / divisor), Math.max(1, length / divisor));
        }

        String label() {
            String shape = chains == 1 ? "1 chain of " + length : chains + " chains of " + length;
            return sequence ? (chains == 1 ? "sequence: 1 sequential of " + length + " task steps"
                    : "sequence: 1 parallel of " + chains + " sequential of " + length + " task steps")
                    : "flat batch: submitAll of " + shape + " dependent tasks";
        }
    }

    /** What one round measured: the time, and what the store and the runner did meanwhile. */
    record Round(double millis, long taskSaves, double taskSaveMillis, long commits, long seqUpdates,
            double seqUpdateMillis, long stepRecords, long runStateChars, long submits, double submitMillis,
            double actorCpuMillis, double otherCpuPercent) {

        Round withOtherCpu(double percent) {
            return new Round(millis, taskSaves, taskSaveMillis, commits, seqUpdates, seqUpdateMillis, stepRecords,
                    runStateChars, submits, submitMillis, actorCpuMillis, percent);
        }
    }

    private final Settings settings;
    private final Path folder;
    private final int quietSeconds;
    private int roundNumber;

    SequenceBenchmark(Settings settings, Path folder) {
        this.settings = settings;
        this.folder = folder;
        this.quietSeconds = settings.integer("quietSeconds", 3);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> raw = BenchSupport.mainArguments(args);
        Settings settings = new Settings(raw);
        Path folder = BenchSupport.workFolder(settings, "orrery-sequence-bench");
        String section;
        try {
            section = new SequenceBenchmark(settings, folder).run(raw);
        } finally {
            DurableBenchmark.deleteTree(folder);
        }
        BenchSupport.printReport(settings, section);
        System.exit(0);
    }

    String run(Map<String, String> raw) throws Exception {
        int steps = settings.integer("steps", 10_000);
        int chains = settings.integer("chains", 100);
        int length = settings.integer("length", 100);
        int rounds = settings.integer("rounds", 3);
        int warmups = settings.integer("warmups", 1);
        List<String> pairs = settings.list("pairs", "A,B");
        List<Shape> shapes = new ArrayList<>();
        if (pairs.contains("A")) {
            shapes.add(new Shape("baseline-A", false, 1, steps));
            shapes.add(new Shape("sequence-A", true, 1, steps));
        }
        if (pairs.contains("B")) {
            shapes.add(new Shape("baseline-B", false, chains, length));
            shapes.add(new Shape("sequence-B", true, chains, length));
        }
        System.out.println("# Sequences vs flat batches, durable on SQLite: " + warmups + " warm-up + " + rounds
                + " measured rounds; work folder " + folder);
        for (int w = 0; w < warmups; w++) {
            for (Shape shape : shapes) {
                Shape small = shape.scaled(10);
                Round r = round(small);
                System.out.printf(Locale.ROOT, "  warm-up %-10s %6d tasks: %8.0f ms%n", shape.key(), small.tasks(), r.millis());
            }
        }
        Map<String, List<Round>> results = new LinkedHashMap<>();
        for (int i = 0; i < rounds; i++) {
            // alternate which of the pair goes first, so that neither always runs on a warmer JVM
            List<Shape> order = new ArrayList<>(shapes);
            for (int p = 0; i % 2 == 1 && p + 1 < order.size(); p += 2) {
                Collections.swap(order, p, p + 1);
            }
            for (Shape shape : order) {
                BenchSupport.awaitQuiet(quietSeconds);
                Round r = round(shape);
                results.computeIfAbsent(shape.key(), k -> new ArrayList<>()).add(r);
                System.out.printf(Locale.ROOT, "  round %d %-10s %6d tasks: %8.0f ms (other processes: %.0f %% CPU); %s%n",
                        i + 1, shape.key(), shape.tasks(), r.millis(), r.otherCpuPercent(), perStep(r, shape.tasks()));
            }
        }
        return report(shapes, results, raw, warmups, rounds);
    }

    /** One round of a shape on a fresh database: engine and (for a sequence) sequence layer opened and closed. */
    Round round(Shape shape) throws Exception {
        Path db = folder.resolve("round-" + (++roundNumber)).resolve("tasks.db");
        TimedStore store = TimedStore.of(StandaloneTaskStores.sqlite(db, 2));
        TaskEngine engine = new TaskEngine(EngineSettings.defaults(), store, event -> { }, Clock.systemUTC(),
                ParameterValidator.NONE);
        engine.addAction(new NoopAction(), "actions.system");
        try {
            BenchSupport.Cpu cpu = BenchSupport.Cpu.now();
            Round r = shape.sequence() ? sequenceRound(shape, store, engine) : batchRound(shape, store, engine);
            double other = cpu.otherPercentUntil(BenchSupport.Cpu.now());
            Contenders.checkCompleted(engine, shape.tasks());
            return r.withOtherCpu(other);
        } finally {
            engine.close();
            store.close();
            DurableBenchmark.deleteTree(db.getParent());
        }
    }

    private static Round batchRound(Shape shape, TimedStore store, TaskEngine engine) throws Exception {
        List<TaskSpec> specs = new ArrayList<>(shape.tasks());
        List<String> lasts = new ArrayList<>();
        for (int c = 0; c < shape.chains(); c++) {
            String previous = null;
            for (int i = 0; i < shape.length(); i++) {
                String id = "c" + c + "-" + i;
                TaskSpec.Builder b = TaskSpec.builder("system.noop").id(id);
                if (previous != null) {
                    b.dependsOn(previous);
                }
                specs.add(b.build());
                previous = id;
            }
            lasts.add(previous);
        }
        Counters before = Counters.of(store, null, null);
        long start = System.nanoTime();
        engine.submitAll(specs);
        for (String last : lasts) {
            TaskRecord t = engine.whenFinished(last).toCompletableFuture().get(ROUND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (t.status() != TaskStatus.COMPLETED) {
                throw new IllegalStateException("task " + last + " ended " + t.status());
            }
        }
        long end = System.nanoTime();
        return before.roundUntil(end - start, store, null, null, 0);
    }

    private static Round sequenceRound(Shape shape, TimedStore store, TaskEngine engine) throws Exception {
        TimedSequenceStore sequences = new TimedSequenceStore(store.sequences());
        CallTimer calls = new CallTimer(engine);
        SequenceManagerComponent manager = new SequenceManagerComponent(null, calls.proxy(), sequences);
        try {
            SequenceInfo created = manager.create(document(shape));
            Thread actor = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("orrery-sequences")).findFirst().orElse(null);
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long actorCpu0 = actor == null ? 0 : threads.getThreadCpuTime(actor.getId());
            Counters before = Counters.of(store, sequences, calls);
            long start = System.nanoTime();
            manager.start(created.id());
            SequenceInfo done = manager.whenFinished(created.id()).toCompletableFuture()
                    .get(ROUND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            long end = System.nanoTime();
            if (done.state() != SequenceState.COMPLETED) {
                throw new IllegalStateException("the sequence ended " + done.state() + ": " + done.error());
            }
            long actorCpu = actor == null ? 0 : threads.getThreadCpuTime(actor.getId()) - actorCpu0;
            return before.roundUntil(end - start, store, sequences, calls, actorCpu);
        } finally {
            deactivate(manager);
        }
    }

    /** The document of a sequence shape: one sequential container, or one parallel of sequential ones. */
    static Map<String, Object> document(Shape shape) {
        List<Object> containers = new ArrayList<>();
        for (int c = 0; c < shape.chains(); c++) {
            List<Object> tasks = new ArrayList<>(shape.length());
            for (int i = 0; i < shape.length(); i++) {
                tasks.add(Map.of("type", "task", "action", "system.noop"));
            }
            containers.add(Map.of("type", "sequential", "steps", tasks));
        }
        Object main = shape.chains() == 1 ? containers.get(0) : Map.of("type", "parallel", "steps", containers);
        return Map.of("name", "bench " + shape.key(), "main", List.of(main));
    }

    /** The component's deactivation is package-private (DS calls it); outside OSGi, by reflection. */
    private static void deactivate(SequenceManagerComponent manager) throws Exception {
        Method m = SequenceManagerComponent.class.getDeclaredMethod("deactivate");
        m.setAccessible(true);
        m.invoke(manager);
    }

    /** The counters before a round. */
    record Counters(long saves, long saveNanos, long commits, long updates, long updateNanos, long records, long chars,
            long submits, long submitNanos) {

        static Counters of(TimedStore store, TimedSequenceStore seq, CallTimer calls) {
            return new Counters(store.saveCalls(), store.saveNanos(), store.commits(), seq == null ? 0 : seq.updateCalls(),
                    seq == null ? 0 : seq.updateNanos(), seq == null ? 0 : seq.stepRecords(),
                    seq == null ? 0 : seq.headerChars(), calls == null ? 0 : calls.calls("submit") + calls.calls("submitAll"),
                    calls == null ? 0 : calls.nanos("submit") + calls.nanos("submitAll"));
        }

        Round roundUntil(long nanos, TimedStore store, TimedSequenceStore seq, CallTimer calls, long actorCpuNanos) {
            Counters now = of(store, seq, calls);
            return new Round(nanos / 1e6, now.saves - saves, (now.saveNanos - saveNanos) / 1e6, now.commits - commits,
                    now.updates - updates, (now.updateNanos - updateNanos) / 1e6, now.records - records,
                    now.chars - chars, now.submits - submits, (now.submitNanos - submitNanos) / 1e6,
                    actorCpuNanos / 1e6, 0);
        }
    }

    /** The scheduler as the sequence layer sees it, counting the calls of each method and the time in them. */
    static final class CallTimer implements InvocationHandler {
        private final Scheduler target;
        private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
        private final Map<String, AtomicLong> nanos = new ConcurrentHashMap<>();

        CallTimer(Scheduler target) {
            this.target = target;
        }

        Scheduler proxy() {
            return (Scheduler) Proxy.newProxyInstance(Scheduler.class.getClassLoader(), new Class<?>[] {Scheduler.class},
                    this);
        }

        long calls(String method) {
            AtomicLong c = calls.get(method);
            return c == null ? 0 : c.get();
        }

        long nanos(String method) {
            AtomicLong n = nanos.get(method);
            return n == null ? 0 : n.get();
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            long t0 = System.nanoTime();
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            } finally {
                nanos.computeIfAbsent(method.getName(), k -> new AtomicLong()).addAndGet(System.nanoTime() - t0);
                calls.computeIfAbsent(method.getName(), k -> new AtomicLong()).incrementAndGet();
            }
        }
    }

    // ---------------------------------------------------------------- the report

    static String perStep(Round r, int tasks) {
        String s = String.format(Locale.ROOT, "per task: %.2f commits, %.2f task saves (%.2f ms each)", r.commits()
                / (double) tasks, r.taskSaves() / (double) tasks, r.taskSaveMillis() / Math.max(1, r.taskSaves()));
        if (r.seqUpdates() > 0) {
            s += String.format(Locale.ROOT, ", %.2f sequence updates (%.2f ms each, %.1f step records, %.0f chars of run"
                    + " state), %.2f submit/submitAll calls (%.2f ms each); runner thread CPU %.0f ms", r.seqUpdates() / (double) tasks,
                    r.seqUpdateMillis() / r.seqUpdates(), r.stepRecords() / (double) r.seqUpdates(),
                    r.runStateChars() / (double) r.seqUpdates(), r.submits() / (double) tasks,
                    r.submitMillis() / Math.max(1, r.submits()), r.actorCpuMillis());
        }
        return s;
    }

    private static double median(List<Round> rounds) {
        return Summary.of(rounds.stream().map(Round::millis).toList()).median();
    }

    /** The round whose time is the median (the lower middle one), for its counters. */
    private static Round medianRound(List<Round> rounds) {
        List<Round> sorted = new ArrayList<>(rounds);
        sorted.sort(Comparator.comparingDouble(Round::millis));
        return sorted.get((sorted.size() - 1) / 2);
    }

    String report(List<Shape> shapes, Map<String, List<Round>> results, Map<String, String> raw, int warmups,
            int rounds) {
        StringBuilder out = new StringBuilder();
        out.append("### Sequences vs flat dependent batches, durable on SQLite (")
                .append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")))
                .append(")\n\n");
        out.append("Machine: ").append(BenchSupport.machineLine()).append(".  \nJVM: ").append(BenchSupport.jvmLine())
                .append(".  \n");
        out.append("Settings: ").append(raw.isEmpty() ? "defaults" : raw.toString()).append("; ").append(warmups)
                .append(" warm-up (a tenth of the size) + ").append(rounds)
                .append(" measured rounds per variant, a fresh SQLite file per round (WAL, synchronous=FULL).\n\n");
        out.append("| variant | tasks | median ms | min | max | tasks/s | other CPU use (max) | per task (median round) |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (Shape shape : shapes) {
            List<Round> rs = results.get(shape.key());
            Summary s = Summary.of(rs.stream().map(Round::millis).toList());
            out.append("| ").append(shape.key()).append(": ").append(shape.label()).append(" | ").append(shape.tasks())
                    .append(" | **").append(BenchSupport.fmt(s.median())).append("** | ").append(BenchSupport.fmt(s.min()))
                    .append(" | ").append(BenchSupport.fmt(s.max())).append(" | ")
                    .append(BenchSupport.fmt(shape.tasks() / (s.median() / 1000))).append(" | ")
                    .append(String.format(Locale.ROOT, "%.0f %%",
                            rs.stream().mapToDouble(Round::otherCpuPercent).max().orElse(0)))
                    .append(" | ").append(perStep(medianRound(rs), shape.tasks())).append(" |\n");
        }
        out.append("\nEach round (ms):");
        for (Shape shape : shapes) {
            out.append(" ").append(shape.key()).append(" ").append(String.join(", ", results.get(shape.key()).stream()
                    .map(r -> BenchSupport.fmt(r.millis())).toList())).append(";");
        }
        out.setLength(out.length() - 1);
        out.append(".\n");
        out.append("\nGoals (medians of this run):\n\n| goal | sequence | flat batch | ratio | result |\n|---|---:|---:|---:|---|\n");
        for (String x : List.of("A", "B")) {
            if (!results.containsKey("sequence-" + x)) {
                continue;
            }
            double seq = median(results.get("sequence-" + x));
            double base = median(results.get("baseline-" + x));
            double ratio = seq / base;
            out.append("| ").append(x).append(": sequence ≤ ").append(BenchSupport.fmt(GOAL_RATIO)).append("× flat batch | ")
                    .append(BenchSupport.fmt(seq)).append(" ms | ").append(BenchSupport.fmt(base)).append(" ms | ")
                    .append(BenchSupport.fmt(ratio)).append("× | ").append(BenchSupport.passMiss(ratio <= GOAL_RATIO))
                    .append(" |\n");
            System.out.printf(Locale.ROOT, "%s %s: sequence %.0f ms / flat batch %.0f ms = %.2fx (goal <= %.1fx)%n",
                    ratio <= GOAL_RATIO ? "PASS" : "MISS", x, seq, base, ratio, GOAL_RATIO);
        }
        return out.toString();
    }
}
