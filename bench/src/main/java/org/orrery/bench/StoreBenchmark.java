package org.orrery.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import org.orrery.store.jdbc.internal.StandaloneTaskStore;
import org.orrery.store.jdbc.internal.StandaloneTaskStores;
import org.orrery.task.TaskPage;
import org.orrery.task.TaskQuery;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskSpec;
import org.orrery.task.TaskStatus;
import org.orrery.task.TaskStoreException;

/**
 * The SQLite task store on this machine's disk (issue: durable store): durable saves one task
 * per commit and with many concurrent savers (group commit), and listing by status with keyset
 * paging over 1 000 000 stored tasks (goal: median &lt; 50 ms per page). It opens the store
 * without OSGi, through {@link StandaloneTaskStores}.
 * Usage: {@code java StoreBenchmark [rows=1000000] [folder=/tmp] [postgres=false]}: durable saves on SQLite,
 * then the listing over {@code rows} tasks on SQLite and on a private PostgreSQL server.
 */
public final class StoreBenchmark {

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new java.util.HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq > 0) {
                options.put(arg.substring(0, eq), arg.substring(eq + 1));
            }
        }
        int rows = Integer.parseInt(options.getOrDefault("rows", "1000000"));
        Path folder = Files.createTempDirectory(Path.of(options.getOrDefault("folder", System.getProperty("java.io.tmpdir"))),
                "orrery-store-bench");
        // PostgreSQL's server runs as the user postgres (when this runs as root): it must reach the folder
        Files.setPosixFilePermissions(folder, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        System.out.println("# Orrery task store benchmark (SQLite, then PostgreSQL unless postgres=false)");
        System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores, JDK "
                + System.getProperty("java.version") + ", database in " + folder);

        try (StandaloneTaskStore db = StandaloneTaskStores.sqlite(folder.resolve("saves.db"), 2)) {
            int n = 2000;
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                db.save(List.of(record("one-" + i, TaskStatus.PENDING, Instant.now())));
            }
            double single = n / ((System.nanoTime() - start) / 1e9);
            int threads = 32;
            int perThread = 300;
            CountDownLatch go = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(threads);
            AtomicLong failures = new AtomicLong();
            for (int t = 0; t < threads; t++) {
                int id = t;
                new Thread(() -> {
                    try {
                        go.await();
                        for (int i = 0; i < perThread; i++) {
                            db.save(List.of(record("g" + id + "-" + i, TaskStatus.PENDING, Instant.now())));
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    } finally {
                        done.countDown();
                    }
                }).start();
            }
            start = System.nanoTime();
            go.countDown();
            done.await();
            double grouped = threads * perThread / ((System.nanoTime() - start) / 1e9);
            System.out.printf(Locale.ROOT, "| durable saves, one task per save, one thread | %.0f saves/s |%n", single);
            System.out.printf(Locale.ROOT, "| durable saves, one task per save, %d threads (group commit) | %.0f saves/s, %d failures |%n",
                    threads, grouped, failures.get());
        }

        try (StandaloneTaskStore db = StandaloneTaskStores.sqlite(folder.resolve("million.db"), 4)) {
            listing(db, "SQLite", rows);
        }
        if (!"false".equals(options.get("postgres"))) {
            try (org.orrery.testsupport.PostgresServer postgres = org.orrery.testsupport.PostgresServer.start(
                    folder.resolve("postgres-" + System.nanoTime()));
                    StandaloneTaskStore db = StandaloneTaskStores.postgres(postgres.jdbcUrl(), postgres.user(), postgres.password(), 4)) {
                listing(db, "PostgreSQL", rows);
            }
        }
        System.out.println("database files: " + Arrays.toString(folder.toFile().list()));
    }

    /** Loads {@code rows} tasks into {@code db} and times listing by status, page by page. */
    static void listing(StandaloneTaskStore db, String database, int rows) throws TaskStoreException {
            long start = System.nanoTime();
            Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
            List<TaskRecord> batch = new ArrayList<>(5000);
            for (int i = 0; i < rows; i++) {
                TaskStatus status = i % 20 == 0 ? TaskStatus.FAILED : i % 20 == 1 ? TaskStatus.PENDING : TaskStatus.COMPLETED;
                batch.add(record(String.format("m%07d", i), status, t0.plusMillis(i)));
                if (batch.size() == 5000) {
                    db.save(batch);
                    batch = new ArrayList<>(5000);
                }
            }
            if (!batch.isEmpty()) {
                db.save(batch);
            }
            double loadSeconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "| %s: loading %d tasks in commits of 5000 | %.1f s (%.0f rows/s) |%n", database, rows, loadSeconds,
                    rows / loadSeconds);
            for (TaskStatus status : List.of(TaskStatus.COMPLETED, TaskStatus.FAILED, TaskStatus.PENDING)) {
                TaskQuery query = new TaskQuery(Set.of(status), null, null, null, null, null, 100);
                List<Double> millis = new ArrayList<>();
                String cursor = null;
                for (int page = 0; page < 200; page++) {
                    long s = System.nanoTime();
                    TaskPage p = db.list(cursor == null ? query : query.after(cursor));
                    millis.add((System.nanoTime() - s) / 1e6);
                    cursor = p.nextCursor();
                    if (cursor == null) {
                        break;
                    }
                    if (page == 100) { // jump deep into the listing: the page cost must not grow with depth
                        TaskPage deep = db.list(new TaskQuery(Set.of(status), null, null, t0.plusMillis(rows * 9L / 10), null,
                                null, 100));
                        cursor = deep.nextCursor();
                    }
                }
                double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                System.out.printf(Locale.ROOT, "| %s: list status=%s, pages of 100, %d pages | median %.2f ms, p95 %.2f ms, max %.2f ms | %s |%n",
                        database, status.id(), sorted.length, sorted[sorted.length / 2], sorted[(int) (sorted.length * 0.95)],
                        sorted[sorted.length - 1], sorted[sorted.length / 2] < 50 ? "PASS (< 50 ms)" : "MISS (< 50 ms)");
            }
            }

    static TaskRecord record(String id, TaskStatus status, Instant created) {
        TaskSpec spec = TaskSpec.builder("system.noop").id(id).name("bench " + id).parameter("exposure", 30)
                .tag("bench").build();
        TaskRecord r = TaskRecord.accepted(spec, TaskStatus.PENDING, null, created);
        if (status == TaskStatus.PENDING) {
            return r;
        }
        // as the scheduler leaves it after one attempt: READY, RUNNING, then finished
        return r.toBuilder().status(status).result(status == TaskStatus.COMPLETED ? Map.of("ok", true) : null).attempts(1)
                .startedAt(created).completedAt(created.plusSeconds(1)).executionTime(Duration.ofSeconds(1))
                .assignedTo("local").revision(3).build();
    }

    private StoreBenchmark() {
    }
}
