package org.orrery.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.orrery.bench.BenchSupport.Cpu;
import org.orrery.bench.BenchSupport.Settings;
import org.orrery.bench.BenchSupport.Summary;
import org.orrery.bench.Contenders.Contender;
import org.orrery.bench.Contenders.Finish;
import org.orrery.core.scheduler.internal.EngineSettings;
import org.orrery.core.scheduler.internal.InMemoryTaskStore;
import org.orrery.core.scheduler.internal.ParameterValidator;
import org.orrery.core.scheduler.internal.TaskEngine;
import org.orrery.task.Action;
import org.orrery.task.ActionContext;
import org.orrery.task.TaskEvent;
import org.orrery.task.TaskSpec;

/**
 * One benchmark of the task engine, in this JVM (the suite, {@link SchedulerSuite}, starts one
 * JVM per benchmark). A benchmark program, not a test: it prints what it measured and writes a
 * Markdown section; it asserts no timing.
 *
 * <pre>
 * java -cp ... org.orrery.bench.SchedulerBenchmark throughput|dag|waiting|fanin [key=value ...] [report=file.md]
 * </pre>
 *
 * <ul>
 * <li><b>throughput</b>: N no-op tasks through a plain JDK pool, Orrery's engine (one submit per
 * task, and submitAll in batches), Quartz and JobRunr, rounds interleaved; tasks/s from the first
 * submit to the last completion.</li>
 * <li><b>dag</b>: a random DAG of 100 000 no-op tasks (3 dependencies each on earlier tasks),
 * one submitAll and batches of 10 000; time from the first submit to the last completion.</li>
 * <li><b>waiting</b>: 10 000 tasks each waiting 5 s in {@code context.delay} (no thread held);
 * used heap after a GC while all run, and time from submission to the last completion.</li>
 * <li><b>fanin</b>: one task depending on 30 000 no-op tasks ({@link FanInBenchmark}).</li>
 * </ul>
 */
public final class SchedulerBenchmark {

    /** Goals of the issue. */
    static final double GOAL_POOL_SHARE = 0.30;
    static final double GOAL_LIBRARY_FACTOR = 10;
    static final double GOAL_DAG_SECONDS = 2;
    static final long GOAL_WAITING_HEAP = 512L * 1024 * 1024;
    static final double GOAL_WAITING_SECONDS = 6;

    /** CPU time is counted in 10 ms ticks: over a shorter round the other processes' share means nothing. */
    static final long SHORTEST_CPU_WINDOW_NANOS = 200_000_000L;

    private final Settings settings;
    private final int workers;
    private final int maxConcurrent;
    private final int quietSeconds;

    SchedulerBenchmark(Settings settings) {
        this.settings = settings;
        this.workers = settings.integer("workers", 2);
        this.maxConcurrent = settings.integer("maxConcurrent", 64);
        this.quietSeconds = settings.integer("quietSeconds", 10);
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: SchedulerBenchmark throughput|dag|waiting|fanin [key=value ...] [report=file.md]");
            System.exit(2);
        }
        Settings settings = new Settings(BenchSupport.parse(Arrays.asList(args).subList(1, args.length)));
        SchedulerBenchmark benchmark = new SchedulerBenchmark(settings);
        String section;
        switch (args[0]) {
            case "throughput":
                section = benchmark.throughput();
                break;
            case "dag":
                section = benchmark.dag();
                break;
            case "waiting":
                section = benchmark.waiting();
                break;
            case "fanin":
                section = FanInBenchmark.run(settings, benchmark.workers, benchmark.maxConcurrent);
                break;
            default:
                System.err.println("unknown benchmark '" + args[0] + "': throughput, dag, waiting or fanin");
                System.exit(2);
                return;
        }
        System.out.println();
        System.out.println(section);
        String report = settings.get("report", "");
        if (!report.isBlank()) {
            Path file = Path.of(report);
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, section, StandardCharsets.UTF_8);
        }
        System.exit(0); // the libraries' non-daemon threads must not keep this JVM
    }

    private EngineSettings engineSettings(int limit) {
        return BenchSupport.engineSettings(limit, workers);
    }

    // ================================================================ 1 + 2: throughput

    String throughput() throws Exception {
        int warmups = settings.integer("throughput.warmups", 3);
        int rounds = settings.integer("throughput.rounds", 5);
        int batch = settings.integer("throughput.batch", 10_000);
        List<String> keys = settings.list("throughput.contenders", "pool,orrery,orrery-batch,quartz,jobrunr");
        Map<String, Integer> tasks = new LinkedHashMap<>();
        tasks.put("pool", settings.integer("tasks.pool", 100_000));
        tasks.put("orrery", settings.integer("tasks.orrery", 100_000));
        tasks.put("orrery-batch", settings.integer("tasks.orrery", 100_000));
        tasks.put("quartz", settings.integer("tasks.quartz", 10_000));
        tasks.put("jobrunr", settings.integer("tasks.jobrunr", 1_000));
        Duration poll = Duration.ofMillis(settings.integer("jobrunr.pollMillis", 200));

        System.out.printf(Locale.ROOT, "Throughput: %s, %d warm-up and %d measured rounds, %d workers%n", keys, warmups, rounds,
                workers);
        List<Contender> contenders = new ArrayList<>();
        try {
            for (String key : keys) {
                switch (key) {
                    case "pool":
                        contenders.add(new Contenders.Pool(workers, tasks.get(key)));
                        break;
                    case "orrery":
                        contenders.add(new Contenders.Orrery(engineSettings(maxConcurrent), tasks.get(key), 0));
                        break;
                    case "orrery-batch":
                        contenders.add(new Contenders.Orrery(engineSettings(maxConcurrent), tasks.get(key), batch));
                        break;
                    case "quartz":
                        contenders.add(new Contenders.Quartz(workers, tasks.get(key), settings.integer("quartz.batch", 1)));
                        break;
                    case "jobrunr":
                        contenders.add(new Contenders.JobRunrContender(workers, tasks.get(key), poll));
                        break;
                    default:
                        throw new IllegalArgumentException("unknown contender '" + key + "' (pool, orrery, orrery-batch, quartz, jobrunr)");
                }
            }
            Map<String, List<Double>> rates = new LinkedHashMap<>();
            Map<String, List<Double>> submitShares = new LinkedHashMap<>();
            Map<String, Double> otherCpu = new LinkedHashMap<>();
            List<Map<String, Double>> perRound = new ArrayList<>();
            for (Contender c : contenders) {
                rates.put(c.key(), new ArrayList<>());
                submitShares.put(c.key(), new ArrayList<>());
                otherCpu.put(c.key(), 0.0);
            }
            for (int round = 1; round <= warmups + rounds; round++) {
                boolean warmup = round <= warmups;
                Map<String, Double> thisRound = new LinkedHashMap<>();
                for (Contender c : contenders) {
                    BenchSupport.usedHeapAfterGc();
                    if (!warmup) {
                        BenchSupport.awaitQuiet(quietSeconds);
                    }
                    Cpu before = Cpu.now();
                    Contenders.Round r = c.run();
                    double other = before.otherPercentUntil(Cpu.now());
                    double rate = c.tasks() / (r.nanos() / 1e9);
                    System.out.printf(Locale.ROOT, "  %s %d %-13s %7d tasks in %8.1f ms = %10s tasks/s, submit loop %8.1f ms"
                            + "  (other CPU use %.0f %%)%n", warmup ? "warm-up" : "round  ", warmup ? round : round - warmups,
                            c.key(), c.tasks(), r.nanos() / 1e6, BenchSupport.fmt(rate), r.submitNanos() / 1e6, other);
                    if (!warmup) {
                        rates.get(c.key()).add(rate);
                        submitShares.get(c.key()).add(100.0 * r.submitNanos() / r.nanos());
                        if (r.nanos() >= SHORTEST_CPU_WINDOW_NANOS) {
                            otherCpu.merge(c.key(), other, Math::max);
                        } else {
                            otherCpu.put(c.key(), Double.NaN);
                        }
                        thisRound.put(c.key(), rate);
                    }
                }
                if (!warmup) {
                    perRound.add(thisRound);
                }
            }
            return throughputReport(contenders, rates, submitShares, otherCpu, perRound, warmups, rounds);
        } finally {
            for (Contender c : contenders) {
                try {
                    c.close();
                } catch (Exception e) {
                    System.out.println("  (closing " + c.key() + ": " + e + ")");
                }
            }
        }
    }

    private String throughputReport(List<Contender> contenders, Map<String, List<Double>> rates,
            Map<String, List<Double>> submitShares, Map<String, Double> otherCpu,
            List<Map<String, Double>> perRound, int warmups, int rounds) {
        StringBuilder out = new StringBuilder();
        out.append("### Throughput of no-op tasks (").append(workers).append(" workers each; ").append(warmups)
                .append(" warm-up + ").append(rounds).append(" measured rounds, interleaved)\n\n");
        out.append("JVM: ").append(BenchSupport.jvmLine()).append("\n\n");
        out.append("| system | tasks per round | median tasks/s | min | max | submit loop / total (median) | other CPU use (max) |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|\n");
        Map<String, Summary> summaries = new LinkedHashMap<>();
        for (Contender c : contenders) {
            Summary s = Summary.of(rates.get(c.key()));
            summaries.put(c.key(), s);
            out.append("| ").append(c.key()).append(": ").append(c.label()).append(" | ").append(c.tasks()).append(" | **")
                    .append(BenchSupport.fmt(s.median())).append("** | ").append(BenchSupport.fmt(s.min())).append(" | ")
                    .append(BenchSupport.fmt(s.max())).append(" | ")
                    .append(String.format(Locale.ROOT, "%.0f %%", Summary.of(submitShares.get(c.key())).median())).append(" | ")
                    .append(Double.isNaN(otherCpu.get(c.key())) ? "n/a (round < 0.2 s)"
                            : String.format(Locale.ROOT, "%.0f %%", otherCpu.get(c.key()))).append(" |\n");
        }
        out.append("\nRatios (medians of this run; in brackets the range of the same ratio within each round):\n\n");
        List<String[]> goals = new ArrayList<>();
        for (String orrery : List.of("orrery", "orrery-batch")) {
            if (!summaries.containsKey(orrery)) {
                continue;
            }
            for (String base : List.of("pool", "quartz", "jobrunr")) {
                if (!summaries.containsKey(base)) {
                    continue;
                }
                double ratio = summaries.get(orrery).median() / summaries.get(base).median();
                Summary paired = Summary.of(perRound.stream().filter(r -> r.containsKey(orrery) && r.containsKey(base))
                        .map(r -> r.get(orrery) / r.get(base)).toList());
                boolean pool = base.equals("pool");
                String value = pool ? String.format(Locale.ROOT, "%.1f %%", 100 * ratio) : BenchSupport.fmt(ratio) + "×";
                String range = pool ? String.format(Locale.ROOT, "%.1f–%.1f %%", 100 * paired.min(), 100 * paired.max())
                        : BenchSupport.fmt(paired.min()) + "–" + BenchSupport.fmt(paired.max()) + "×";
                out.append("- ").append(orrery).append(" / ").append(base).append(" = **").append(value).append("** (")
                        .append(range).append(")\n");
                if (orrery.equals("orrery")) {
                    boolean met = pool ? ratio >= GOAL_POOL_SHARE : ratio >= GOAL_LIBRARY_FACTOR;
                    goals.add(new String[] {pool ? "Orrery ≥ 30 % of the plain pool's throughput"
                            : "Orrery ≥ 10× " + base, BenchSupport.passMiss(met), value});
                }
            }
        }
        out.append("\n| goal (one submit() per task) | result | measured |\n|---|---|---:|\n");
        for (String[] g : goals) {
            out.append("| ").append(g[0]).append(" | ").append(g[1]).append(" | ").append(g[2]).append(" |\n");
        }
        return out.toString();
    }

    // ================================================================ 3: DAG

    /**
     * A random DAG: node i depends on min(deps, i) distinct nodes chosen uniformly among 0..i-1.
     * Returns the dependency indices per node.
     */
    static int[][] randomDag(int n, int deps, long seed) {
        Random random = new Random(seed);
        int[][] out = new int[n][];
        for (int i = 0; i < n; i++) {
            int k = Math.min(deps, i);
            Set<Integer> chosen = new HashSet<>();
            while (chosen.size() < k) {
                chosen.add(random.nextInt(i));
            }
            out[i] = chosen.stream().mapToInt(Integer::intValue).sorted().toArray();
        }
        return out;
    }

    /** The number of tasks on the longest dependency chain. */
    static int longestChain(int[][] dag) {
        int[] depth = new int[dag.length];
        int longest = 0;
        for (int i = 0; i < dag.length; i++) {
            int d = 0;
            for (int dep : dag[i]) {
                d = Math.max(d, depth[dep]);
            }
            depth[i] = d + 1;
            longest = Math.max(longest, depth[i]);
        }
        return longest;
    }

    static List<TaskSpec> dagSpecs(int[][] dag) {
        List<TaskSpec> specs = new ArrayList<>(dag.length);
        for (int i = 0; i < dag.length; i++) {
            TaskSpec.Builder b = TaskSpec.builder(Contenders.NOOP).id("n" + i).name("n" + i);
            for (int dep : dag[i]) {
                b.dependsOn("n" + dep);
            }
            specs.add(b.build());
        }
        return specs;
    }

    String dag() throws Exception {
        int n = settings.integer("dag.tasks", 100_000);
        int deps = settings.integer("dag.deps", 3);
        long seed = settings.integer("dag.seed", 42);
        int warmups = settings.integer("dag.warmups", 2);
        int rounds = settings.integer("dag.rounds", 5);
        List<Integer> batches = settings.list("dag.batches", "0,10000").stream().map(Integer::parseInt).toList();
        int[][] dag = randomDag(n, deps, seed);
        long edges = Arrays.stream(dag).mapToLong(d -> d.length).sum();
        int chain = longestChain(dag);
        System.out.printf(Locale.ROOT, "DAG: %d tasks, %d dependencies, longest chain %d tasks; %d warm-up and %d measured rounds%n",
                n, edges, chain, warmups, rounds);
        EngineSettings engineSettings = engineSettings(maxConcurrent);
        Map<Integer, List<Double>> totals = new LinkedHashMap<>();
        Map<Integer, List<Double>> submits = new LinkedHashMap<>();
        Map<Integer, Double> otherCpu = new LinkedHashMap<>();
        for (int b : batches) {
            totals.put(b, new ArrayList<>());
            submits.put(b, new ArrayList<>());
            otherCpu.put(b, 0.0);
        }
        for (int round = 1; round <= warmups + rounds; round++) {
            boolean warmup = round <= warmups;
            for (int batch : batches) {
                List<TaskSpec> specs = dagSpecs(dag);
                Finish finish = new Finish(n);
                TaskEngine engine = Contenders.engine(engineSettings, Contenders.completions(finish));
                try {
                    BenchSupport.usedHeapAfterGc();
                    if (!warmup) {
                        BenchSupport.awaitQuiet(quietSeconds);
                    }
                    Cpu before = Cpu.now();
                    long start = System.nanoTime();
                    if (batch <= 0) {
                        engine.submitAll(specs);
                    } else {
                        for (int from = 0; from < n; from += batch) {
                            engine.submitAll(specs.subList(from, Math.min(n, from + batch)));
                        }
                    }
                    long submitted = System.nanoTime();
                    long end = finish.await(Contenders.ROUND_TIMEOUT);
                    double other = before.otherPercentUntil(Cpu.now());
                    Contenders.checkCompleted(engine, n);
                    double total = (end - start) / 1e9;
                    double submit = (submitted - start) / 1e9;
                    System.out.printf(Locale.ROOT, "  %s %d %-22s submit %6.0f ms, all done after %6.0f ms (other CPU use %.0f %%)%n",
                            warmup ? "warm-up" : "round  ", warmup ? round : round - warmups, batchLabel(batch, n),
                            submit * 1000, total * 1000, other);
                    if (!warmup) {
                        totals.get(batch).add(total);
                        submits.get(batch).add(submit);
                        otherCpu.merge(batch, other, Math::max);
                    }
                } finally {
                    engine.close();
                }
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("### A random DAG of ").append(n).append(" no-op tasks (").append(warmups).append(" warm-up + ")
                .append(rounds).append(" measured rounds)\n\n");
        out.append("JVM: ").append(BenchSupport.jvmLine()).append("\n\n");
        out.append(String.format(Locale.ROOT, "DAG: task i depends on min(%d, i) distinct tasks drawn uniformly from tasks 0..i-1 "
                + "(seed %d): %d dependencies, longest chain %d tasks. Engine: %d worker threads, max_concurrent_tasks %d, "
                + "in-memory store. Time from the first submitAll to the last COMPLETED event.%n%n",
                deps, seed, edges, chain, workers, maxConcurrent));
        out.append("| submitted as | median submit → all done | min | max | of which submitAll (median) | other CPU use (max) |\n");
        out.append("|---|---:|---:|---:|---:|---:|\n");
        Summary first = null;
        for (int batch : batches) {
            Summary t = Summary.of(totals.get(batch));
            Summary s = Summary.of(submits.get(batch));
            first = first == null ? t : first;
            out.append("| ").append(batchLabel(batch, n)).append(" | **").append(String.format(Locale.ROOT, "%.2f s", t.median()))
                    .append("** | ").append(String.format(Locale.ROOT, "%.2f s", t.min())).append(" | ")
                    .append(String.format(Locale.ROOT, "%.2f s", t.max())).append(" | ")
                    .append(String.format(Locale.ROOT, "%.2f s", s.median())).append(" | ")
                    .append(String.format(Locale.ROOT, "%.0f %%", otherCpu.get(batch))).append(" |\n");
        }
        out.append("\n| goal | result | measured |\n|---|---|---:|\n");
        for (int batch : batches) {
            Summary t = Summary.of(totals.get(batch));
            out.append("| ").append(n).append("-task DAG, ").append(batchLabel(batch, n)).append(", done in < 2 s | ")
                    .append(BenchSupport.passMiss(t.median() < GOAL_DAG_SECONDS)).append(" | ")
                    .append(String.format(Locale.ROOT, "%.2f s", t.median())).append(" |\n");
        }
        return out.toString();
    }

    private static String batchLabel(int batch, int n) {
        return batch <= 0 || batch >= n ? "one submitAll()" : "submitAll() of " + batch;
    }

    // ================================================================ 4: many waiting tasks

    /** Waits in {@code context.delay}: a simulated device, no thread held. */
    static final class DeviceWait implements Action {
        private final Duration wait;

        DeviceWait(Duration wait) {
            this.wait = wait;
        }

        @Override
        public String name() {
            return "bench.device-wait";
        }

        @Override
        public CompletionStage<Map<String, Object>> execute(ActionContext context) {
            return context.delay(wait).thenApply(v -> Map.of());
        }
    }

    String waiting() throws Exception {
        int n = settings.integer("waiting.tasks", 10_000);
        int seconds = settings.integer("waiting.seconds", 5);
        int warmups = settings.integer("waiting.warmups", 1);
        int rounds = settings.integer("waiting.rounds", 3);
        int limit = Math.max(n, settings.integer("waiting.maxConcurrent", n));
        EngineSettings engineSettings = engineSettings(limit);
        System.out.printf(Locale.ROOT, "Waiting: %d tasks waiting %d s each; %d warm-up and %d measured rounds%n", n, seconds,
                warmups, rounds);
        List<Double> heapMb = new ArrayList<>();
        List<Double> baselineMb = new ArrayList<>();
        List<Double> allStarted = new ArrayList<>();
        List<Double> allDone = new ArrayList<>();
        for (int round = 1; round <= warmups + rounds; round++) {
            boolean warmup = round <= warmups;
            AtomicInteger started = new AtomicInteger();
            CountDownLatch allRunning = new CountDownLatch(1);
            long[] startedAt = new long[1];
            Finish finish = new Finish(n);
            Consumer<TaskEvent> counting = Contenders.completions(finish);
            TaskEngine engine = new TaskEngine(engineSettings, new InMemoryTaskStore(), e -> {
                if (e.type() == TaskEvent.Type.STARTED && started.incrementAndGet() == n) {
                    startedAt[0] = System.nanoTime();
                    allRunning.countDown();
                }
                counting.accept(e);
            }, Clock.systemUTC(), ParameterValidator.NONE);
            try {
                DeviceWait action = new DeviceWait(Duration.ofSeconds(seconds));
                engine.addAction(action, "bench");
                List<TaskSpec> specs = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    specs.add(TaskSpec.builder(action.name()).build());
                }
                long baseline = BenchSupport.usedHeapAfterGc();
                if (!warmup) {
                    BenchSupport.awaitQuiet(quietSeconds);
                }
                long start = System.nanoTime();
                engine.submitAll(specs);
                if (!allRunning.await(seconds + 30L, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("only " + started.get() + " of " + n + " tasks started");
                }
                long heap = BenchSupport.usedHeapAfterGc();
                long running = engine.statistics().running();
                int doneDuringGc = n - finish.remaining();
                if (running != n || doneDuringGc != 0) {
                    throw new IllegalStateException("heap measured while not all tasks ran: running " + running
                            + ", completed " + doneDuringGc + " (the wait is too short for this machine)");
                }
                long end = finish.await(Duration.ofSeconds(seconds + 60L));
                Contenders.checkCompleted(engine, n);
                double toStart = (startedAt[0] - start) / 1e9;
                double total = (end - start) / 1e9;
                System.out.printf(Locale.ROOT, "  %s %d: all %d running after %5.0f ms; heap after GC %s (before submit %s); "
                        + "all done %6.0f ms after submit%n", warmup ? "warm-up" : "round  ", warmup ? round : round - warmups,
                        n, toStart * 1000, BenchSupport.mb(heap), BenchSupport.mb(baseline), total * 1000);
                if (!warmup) {
                    heapMb.add(heap / 1024.0 / 1024.0);
                    baselineMb.add(baseline / 1024.0 / 1024.0);
                    allStarted.add(toStart);
                    allDone.add(total);
                }
            } finally {
                engine.close();
            }
        }
        Summary heap = Summary.of(heapMb);
        Summary base = Summary.of(baselineMb);
        Summary startedS = Summary.of(allStarted);
        Summary done = Summary.of(allDone);
        double perTaskKb = (heap.median() - base.median()) * 1024 / n;
        long maxHeap = Runtime.getRuntime().maxMemory();
        StringBuilder out = new StringBuilder();
        out.append("### ").append(n).append(" tasks waiting ").append(seconds).append(" s at once (").append(warmups)
                .append(" warm-up + ").append(rounds).append(" measured rounds)\n\n");
        out.append("JVM: ").append(BenchSupport.jvmLine()).append(" (max heap ").append(BenchSupport.mb(maxHeap)).append(")\n\n");
        out.append(String.format(Locale.ROOT, "Action: `context.delay(Duration.ofSeconds(%d))` (no thread held). Engine: "
                + "max_concurrent_tasks %d, %d worker threads, in-memory store; the %d tasks are submitted with one submitAll(). "
                + "Heap = used heap (MemoryMXBean) after System.gc(), once all %d had started and none had finished.%n%n",
                seconds, limit, workers, n, n));
        out.append("| measure | median | min | max |\n|---|---:|---:|---:|\n");
        out.append(row("used heap after GC, all running", heap, " MB"));
        out.append(row("used heap after GC before submitting (engine + specs)", base, " MB"));
        out.append(row("submit → all " + n + " RUNNING", startedS, " s"));
        out.append(row("submit → all " + n + " COMPLETED", done, " s"));
        out.append(String.format(Locale.ROOT, "%nThe %d running tasks add about %.1f KB each to the heap.%n", n, perTaskKb));
        out.append("\n| goal | result | measured |\n|---|---|---:|\n");
        out.append("| heap < 512 MB with ").append(n).append(" tasks running | ")
                .append(BenchSupport.passMiss(heap.max() * 1024 * 1024 < GOAL_WAITING_HEAP)).append(" | ")
                .append(BenchSupport.fmt(heap.median())).append(" MB (highest ").append(BenchSupport.fmt(heap.max()))
                .append(" MB) |\n");
        out.append("| all finish within 6 s of submission | ").append(BenchSupport.passMiss(done.max() < GOAL_WAITING_SECONDS))
                .append(" | ").append(String.format(Locale.ROOT, "%.2f s (slowest %.2f s)", done.median(), done.max()))
                .append(" |\n");
        return out.toString();
    }

    private static String row(String what, Summary s, String unit) {
        String f = unit.equals(" s") ? "%.2f" : "%.1f";
        return "| " + what + " | **" + String.format(Locale.ROOT, f, s.median()) + unit + "** | "
                + String.format(Locale.ROOT, f, s.min()) + unit + " | " + String.format(Locale.ROOT, f, s.max()) + unit + " |\n";
    }
}
