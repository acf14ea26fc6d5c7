package org.orrery.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.jobrunr.configuration.JobRunr;
import org.jobrunr.storage.sql.postgres.PostgresStorageProvider;
import org.jobrunr.storage.sql.sqlite.SqLiteStorageProvider;
import org.orrery.bench.BenchSupport.Cpu;
import org.orrery.bench.BenchSupport.Settings;
import org.orrery.bench.BenchSupport.Summary;
import org.orrery.core.scheduler.internal.EngineSettings;
import org.orrery.store.jdbc.internal.StandaloneTaskStores;
import org.orrery.testsupport.PostgresServer;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * Durable submit → complete of no-op tasks (issue: durable store, benchmark 1): Orrery's task
 * engine over the durable store (SQLite in WAL with synchronous=FULL, and PostgreSQL), JobRunr 8
 * with its SQL storage (same SQLite settings, same PostgreSQL) and Quartz 2.5 with JobStoreTX on
 * the same PostgreSQL, all fsyncing every commit. Each round counts from just before the first
 * submit until every task is done <em>and</em> that is committed: Orrery posts COMPLETED only
 * after the commit; for JobRunr and Quartz the clock stops when the database itself says all jobs
 * of the round succeeded (JobRunr: {@code countJobs(SUCCEEDED)}; Quartz: no trigger left), and
 * Orrery's count is checked in its database too. A benchmark program, not a test.
 *
 * <pre>
 * java -cp ... org.orrery.bench.DurableBenchmark [key=value ...] [report=file.md]
 * </pre>
 *
 * Settings: {@code contenders} (default all:
 * orrery-sqlite,orrery-sqlite-batch,jobrunr-sqlite,orrery-pg,orrery-pg-batch,jobrunr-pg,quartz-pg),
 * {@code tasks.orrery} (20000), {@code tasks.jobrunr} (10000), {@code tasks.quartz} (4000),
 * {@code rounds} (3), {@code warmups} (1), {@code threads} (submitting threads, 16), {@code batch}
 * (submitAll size of the -batch variants, 100), {@code orrery.workers} (engine worker threads,
 * its default), {@code jobrunr.workers} (its default), {@code jobrunr.pollMillis} (5000, its smallest for SQL storage),
 * {@code quartz.threads} (10), {@code folder} (work folder), {@code quietSeconds} (3: before each measured round, wait at most this long for other
 * processes to leave the CPU).
 */
public final class DurableBenchmark {

    static final double GOAL_JOBRUNR = 3;
    static final double GOAL_QUARTZ = 10;
    static final double GOAL_SQLITE_RATE = 5_000;
    static final Duration ROUND_TIMEOUT = Duration.ofMinutes(3);

    /** One system under test on one database. */
    interface Durable extends AutoCloseable {
        String key();

        String label();

        int tasks();

        Contenders.Round run() throws Exception;

        @Override
        default void close() throws Exception {
        }
    }

    private final Settings settings;
    private final Path folder;
    private final int threads;
    private final int batch;
    private final int quietSeconds;

    DurableBenchmark(Settings settings, Path folder) {
        this.settings = settings;
        this.folder = folder;
        this.threads = settings.integer("threads", 16);
        this.batch = settings.integer("batch", 100);
        this.quietSeconds = settings.integer("quietSeconds", 3);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> raw = BenchSupport.mainArguments(args);
        Settings settings = new Settings(raw);
        Path folder = BenchSupport.workFolder(settings, "orrery-durable-bench");
        String section;
        try {
            section = new DurableBenchmark(settings, folder).run(raw);
        } finally {
            deleteTree(folder);
        }
        BenchSupport.printReport(settings, section);
        System.exit(0); // JobRunr's and Quartz's non-daemon threads must not keep this JVM
    }

    String run(Map<String, String> raw) throws Exception {
        List<String> keys = settings.list("contenders",
                "orrery-sqlite,orrery-sqlite-batch,jobrunr-sqlite,orrery-pg,orrery-pg-batch,jobrunr-pg,quartz-pg");
        int warmups = settings.integer("warmups", 1);
        int rounds = settings.integer("rounds", 3);
        System.out.println("# Durable submit -> complete: " + keys + ", " + warmups + " warm-up + " + rounds
                + " measured rounds, " + threads + " submitting threads; work folder " + folder);
        PostgresServer postgres = null;
        String postgresNote = null;
        if (keys.stream().anyMatch(k -> k.endsWith("-pg"))) {
            try {
                long t0 = System.nanoTime();
                postgres = PostgresServer.start(folder.resolve("postgres"));
                System.out.printf(Locale.ROOT, "PostgreSQL started in %.1f s at %s%n", (System.nanoTime() - t0) / 1e9,
                        postgres.jdbcUrl());
                postgresNote = postgres.psql("SELECT version()") + "; fsync " + postgres.psql("SHOW fsync").trim()
                        + ", synchronous_commit " + postgres.psql("SHOW synchronous_commit").trim() + ", wal_sync_method "
                        + postgres.psql("SHOW wal_sync_method").trim();
            } catch (IOException | RuntimeException e) {
                postgresNote = "PostgreSQL could not be started: " + e.getMessage();
                System.out.println(postgresNote);
            }
        }
        Map<String, Summary> results = new LinkedHashMap<>();
        Map<String, String> labels = new LinkedHashMap<>();
        Map<String, Integer> taskCounts = new LinkedHashMap<>();
        Map<String, String> problems = new LinkedHashMap<>();
        Map<String, Double> otherCpu = new LinkedHashMap<>();
        try {
            for (String key : keys) {
                System.out.println();
                System.out.println("== " + key);
                List<Double> rates = new ArrayList<>();
                double maxOther = 0;
                try (Durable d = create(key, postgres)) {
                    labels.put(key, d.label());
                    taskCounts.put(key, d.tasks());
                    for (int round = 1; round <= warmups + rounds; round++) {
                        boolean warmup = round <= warmups;
                        BenchSupport.usedHeapAfterGc();
                        if (!warmup) {
                            BenchSupport.awaitQuiet(quietSeconds);
                        }
                        Cpu before = Cpu.now();
                        Contenders.Round r = d.run();
                        double other = before.otherPercentUntil(Cpu.now());
                        double rate = d.tasks() / (r.nanos() / 1e9);
                        System.out.printf(Locale.ROOT,
                                "  %s %d %-20s %6d tasks in %8.1f ms = %8s tasks/s, submit loop %8.1f ms (other CPU use %.0f %%)%n",
                                warmup ? "warm-up" : "round  ", warmup ? round : round - warmups, key, d.tasks(),
                                r.nanos() / 1e6, BenchSupport.fmt(rate), r.submitNanos() / 1e6, other);
                        if (!warmup) {
                            rates.add(rate);
                            maxOther = Math.max(maxOther, other);
                        }
                    }
                } catch (Exception | LinkageError e) {
                    String why = e.getClass().getSimpleName() + ": " + e.getMessage();
                    System.out.println("  FAILED: " + why);
                    e.printStackTrace(System.out);
                    problems.put(key, why.length() > 300 ? why.substring(0, 300) + "…" : why);
                    labels.putIfAbsent(key, key);
                }
                results.put(key, Summary.of(rates));
                otherCpu.put(key, maxOther);
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
        return report(raw, keys, results, labels, taskCounts, problems, otherCpu, postgresNote, warmups, rounds);
    }

    private Durable create(String key, PostgresServer postgres) throws Exception {
        if (key.endsWith("-pg") && postgres == null) {
            throw new IllegalStateException("no PostgreSQL server");
        }
        int orreryTasks = settings.integer("tasks.orrery", 20_000);
        // JobRunr 10 000: it fetches on its poll interval (5 s at least with SQL storage), which 2 000
        // jobs do not amortize (~450 jobs/s); 10 000 and 20 000 gave it about the same rate (1 800-2 200
        // jobs/s on PostgreSQL). Quartz's rate does not grow with the count
        int jobrunrTasks = settings.integer("tasks.jobrunr", 10_000);
        int quartzTasks = settings.integer("tasks.quartz", 4_000);
        EngineSettings engine = settings.get("orrery.workers", "").isEmpty() ? EngineSettings.defaults()
                : BenchSupport.engineSettings(EngineSettings.defaults().maxConcurrentTasks(),
                        settings.integer("orrery.workers", 2));
        switch (key) {
            case "orrery-sqlite":
            case "orrery-sqlite-batch": {
                Path file = folder.resolve(key).resolve("tasks.db");
                TimedStore store = TimedStore.of(StandaloneTaskStores.sqlite(file, 2));
                return new DurableOrrery(threads, key, "SQLite " + store.where(), store, () -> sqliteConnection(file), engine,
                        orreryTasks, key.endsWith("-batch") ? batch : 0);
            }
            case "orrery-pg":
            case "orrery-pg-batch": {
                String schema = key.replace('-', '_');
                String url = schema(postgres, schema);
                TimedStore store = TimedStore.of(StandaloneTaskStores.postgres(url, postgres.user(), postgres.password(), 2));
                return new DurableOrrery(threads, key, "PostgreSQL", store,
                        () -> DriverManager.getConnection(url, postgres.user(), postgres.password()), engine, orreryTasks,
                        key.endsWith("-batch") ? batch : 0);
            }
            case "jobrunr-sqlite": {
                Path file = Files.createDirectories(folder.resolve(key)).resolve("jobrunr.db");
                HikariConfig c = new HikariConfig();
                c.setJdbcUrl("jdbc:sqlite:" + file);
                c.addDataSourceProperty("journal_mode", "WAL");
                c.addDataSourceProperty("synchronous", "FULL");
                c.addDataSourceProperty("busy_timeout", "30000");
                c.setMaximumPoolSize(settings.integer("jobrunr.sqlitePool", 4));
                c.setPoolName("jobrunr-sqlite");
                HikariDataSource ds = new HikariDataSource(c);
                return new DurableJobRunr(settings, threads, key, "SQLite (WAL, synchronous=FULL)", ds, new SqLiteStorageProvider(ds),
                        jobrunrTasks);
            }
            case "jobrunr-pg": {
                HikariDataSource ds = postgresPool(postgres, "jobrunr", settings.integer("jobrunr.pgPool", 20));
                return new DurableJobRunr(settings, threads, key, "PostgreSQL", ds, new PostgresStorageProvider(ds), jobrunrTasks);
            }
            case "quartz-pg":
                return new DurableQuartz(threads, key, postgres, quartzTasks, settings.integer("quartz.threads", 10));
            default:
                throw new IllegalArgumentException("unknown contender '" + key + "'");
        }
    }

    /** Creates a schema of this name in the server's database; returns a URL that works in it. */
    static String schema(PostgresServer postgres, String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
                Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS " + name);
        }
        return postgres.jdbcUrl() + "?currentSchema=" + name;
    }

    private static HikariDataSource postgresPool(PostgresServer postgres, String name, int size) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(postgres.jdbcUrl());
        c.setUsername(postgres.user());
        c.setPassword(postgres.password());
        c.setMaximumPoolSize(size);
        c.setPoolName(name);
        return new HikariDataSource(c);
    }

    private static Connection sqliteConnection(Path file) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file);
    }

    @FunctionalInterface
    interface ConnectionSource {
        Connection open() throws SQLException;
    }

    static long count(ConnectionSource source, String sql) throws SQLException {
        try (Connection c = source.open(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Calls {@code submit(i)} for i in [0, tasks) from {@code threads} threads; returns when all returned. */
    static void submitFromThreads(int threads, int tasks, int batch, Submit submit) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Exception> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(threads);
        int step = Math.max(1, batch);
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                try {
                    for (int from = next.getAndAdd(step); from < tasks && failure.get() == null; from = next.getAndAdd(step)) {
                        submit.submit(from, Math.min(step, tasks - from));
                    }
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                } finally {
                    done.countDown();
                }
            }, "bench-submit-" + t);
            th.setDaemon(true);
            th.start();
        }
        done.await();
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    @FunctionalInterface
    interface Submit {
        /** Submits tasks from..from+n-1. */
        void submit(int from, int n) throws Exception;
    }

    /** Polls until {@code check} is true; returns System.nanoTime() when it was seen true. */
    static long awaitTrue(String what, Duration timeout, Check check) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (check.ok()) {
                return System.nanoTime();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(2);
        }
    }

    @FunctionalInterface
    interface Check {
        boolean ok() throws Exception;
    }

    // ---------------------------------------------------------------- report

    private String report(Map<String, String> raw, List<String> keys, Map<String, Summary> results, Map<String, String> labels,
            Map<String, Integer> taskCounts, Map<String, String> problems, Map<String, Double> otherCpu, String postgresNote,
            int warmups, int rounds) {
        StringBuilder out = new StringBuilder();
        out.append("### Durable submit → complete, run of ")
                .append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")))
                .append("\n\n");
        out.append("Machine: ").append(BenchSupport.machineLine()).append(".  \n");
        out.append("JVM: ").append(BenchSupport.jvmLine()).append(".  \n");
        if (postgresNote != null) {
            out.append("PostgreSQL: ").append(postgresNote.replace('\n', ' ')).append(".  \n");
        }
        out.append("Settings: ").append(raw.isEmpty() ? "defaults" : raw.toString()).append("; ").append(warmups)
                .append(" warm-up + ").append(rounds).append(" measured rounds per system.\n\n");
        out.append("| system | tasks per round | median tasks/s | min | max | other CPU use (max) |\n");
        out.append("|---|---:|---:|---:|---:|---:|\n");
        for (String key : keys) {
            Summary s = results.get(key);
            out.append("| ").append(key).append(": ").append(labels.getOrDefault(key, key)).append(" | ")
                    .append(taskCounts.getOrDefault(key, 0)).append(" | ");
            if (problems.containsKey(key)) {
                out.append("FAILED: ").append(problems.get(key).replace('|', '/').replace('\n', ' ')).append(" | | | |\n");
                continue;
            }
            out.append("**").append(BenchSupport.fmt(s.median())).append("** | ").append(BenchSupport.fmt(s.min()))
                    .append(" | ").append(BenchSupport.fmt(s.max())).append(" | ")
                    .append(String.format(Locale.ROOT, "%.0f %%", otherCpu.getOrDefault(key, 0.0))).append(" |\n");
        }
        out.append("\nGoals (medians of this run):\n\n| goal | Orrery | baseline | ratio / figure | result |\n|---|---|---|---:|---|\n");
        for (String db : List.of("sqlite", "pg")) {
            List<String> bases = db.equals("sqlite") ? List.of("jobrunr-sqlite", "jobrunr-pg", "quartz-pg")
                    : List.of("jobrunr-pg", "quartz-pg");
            for (String orrery : List.of("orrery-" + db, "orrery-" + db + "-batch")) {
                double o = median(results, problems, orrery);
                if (Double.isNaN(o)) {
                    continue;
                }
                for (String base : bases) {
                    double b = median(results, problems, base);
                    if (Double.isNaN(b)) {
                        continue;
                    }
                    double goal = base.startsWith("quartz") ? GOAL_QUARTZ : GOAL_JOBRUNR;
                    out.append("| ≥ ").append(BenchSupport.fmt(goal)).append("× ").append(base).append(" | ").append(orrery)
                            .append(" ").append(BenchSupport.fmt(o)).append(" | ").append(BenchSupport.fmt(b)).append(" | ")
                            .append(BenchSupport.fmt(o / b)).append("× | ").append(BenchSupport.passMiss(o / b >= goal))
                            .append(" |\n");
                }
            }
        }
        for (String orrery : List.of("orrery-sqlite", "orrery-sqlite-batch")) {
            double o = median(results, problems, orrery);
            if (!Double.isNaN(o)) {
                out.append("| ≥ 5 000 tasks/s on the embedded database | ").append(orrery).append(" | – | ")
                        .append(BenchSupport.fmt(o)).append(" tasks/s | ").append(BenchSupport.passMiss(o >= GOAL_SQLITE_RATE))
                        .append(" |\n");
            }
        }
        return out.toString();
    }

    private static double median(Map<String, Summary> results, Map<String, String> problems, String key) {
        Summary s = results.get(key);
        return s == null || problems.containsKey(key) || s.count() == 0 ? Double.NaN : s.median();
    }

    static void deleteTree(Path folder) {
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.out.println("(could not delete " + folder + ": " + e + ")");
        }
    }
}
