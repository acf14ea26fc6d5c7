package org.orrery.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * {@code orrery backup} of a home with a million tasks while the runtime takes submissions: how
 * long the backup takes, and how many submissions the runtime accepts per second before, during
 * and after it (with their latency). The runtime jar is started on a new home, given {@code seed}
 * tasks through {@code POST /tasks/batch} (batches of 10 000 {@code system.noop}, each waited for) and
 * stopped; their rows are copied in SQL up to {@code tasks} ({@link StoreFill}); the runtime is started
 * again, then
 * {@code threads} clients submit one task per request in a loop, each waiting for its answer;
 * {@code before.seconds} of that, then {@code java -jar orrery.jar backup} as its own process,
 * then {@code after.seconds}. The archive's database is opened afterwards and its tasks counted.
 * Usage: {@code java BackupBenchmark jar=runtime/target/orrery.jar [tasks=1000000] [seed=10000] [threads=4]
 * [warmup.seconds=20] [before.seconds=10] [after.seconds=10] [java=…] [report=file.md]}. It asserts nothing.
 */
public final class BackupBenchmark {

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String auth = "Basic " + Base64.getEncoder()
            .encodeToString(("admin:" + ApiBenchmark.PASSWORD).getBytes(StandardCharsets.UTF_8));

    /** One accepted submission: when it was answered, and how long it took (ns). */
    record Sample(long answeredAt, long nanos) {
    }

    private BackupBenchmark(int port) {
        this.base = "http://127.0.0.1:" + port + "/api/v1";
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = BenchSupport.mainArguments(args);
        Path jar = Path.of(o.getOrDefault("jar", "runtime/target/orrery.jar")).toAbsolutePath();
        String java = o.getOrDefault("java", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        int tasks = Integer.parseInt(o.getOrDefault("tasks", "1000000"));
        int threads = Integer.parseInt(o.getOrDefault("threads", "4"));
        int beforeSeconds = Integer.parseInt(o.getOrDefault("before.seconds", "10"));
        int afterSeconds = Integer.parseInt(o.getOrDefault("after.seconds", "10"));
        int warmupSeconds = Integer.parseInt(o.getOrDefault("warmup.seconds", "20"));
        Path home = Files.createTempDirectory("orrery-backup-bench");
        Path archive = home.resolveSibling(home.getFileName() + ".zip");
        int port = ApiBenchmark.freePort();
        int seed = Math.min(tasks, Integer.parseInt(o.getOrDefault("seed", "10000")));
        BackupBenchmark bench = new BackupBenchmark(port);
        double fillSeconds = StoreFill.fill(java, jar, home, port, bench.http, bench.base, () -> bench.fill(seed), tasks / seed);
        Process runtime = ApiBenchmark.startRuntime(java, jar, home, port, null);
        String report;
        try {
            ApiBenchmark.awaitHealthy(bench.http, bench.base, runtime);
            long databaseBytes = Files.size(home.resolve("data/tasks.db"));
            System.out.printf(Locale.ROOT, "filled %d tasks in %.1f s; tasks.db %d MB%n", tasks, fillSeconds, databaseBytes >> 20);

            ApiBenchmark.submitOne(bench.http, bench.base, bench.auth); // the first one waits for the scheduler's start
            List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean running = new AtomicBoolean(true);
            List<Thread> clients = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread client = new Thread(() -> bench.submitLoop(running, samples), "submitter-" + t);
                client.start();
                clients.add(client);
            }
            Thread.sleep(warmupSeconds * 1_000L); // the JIT and the store's caches after the restart
            long beforeStart = System.nanoTime();
            Thread.sleep(beforeSeconds * 1_000L);
            long backupStart = System.nanoTime();
            ProcessBuilder backupCommand = new ProcessBuilder(java, "-jar", jar.toString(), "backup", archive.toString())
                    .redirectErrorStream(true).redirectOutput(home.resolveSibling(home.getFileName() + "-backup.log").toFile());
            backupCommand.environment().put("ORRERY_HOME", home.toString());
            Process backup = backupCommand.start();
            int exit = backup.waitFor(30, TimeUnit.MINUTES) ? backup.exitValue() : -1;
            long backupEnd = System.nanoTime();
            Thread.sleep(afterSeconds * 1_000L);
            long afterEnd = System.nanoTime();
            running.set(false);
            for (Thread client : clients) {
                client.join();
            }
            String backupLog = Files.readString(home.resolveSibling(home.getFileName() + "-backup.log"));
            long archived = archivedTasks(archive, home);
            report = report(tasks, fillSeconds, databaseBytes, threads, exit, backupLog, backupStart, backupEnd,
                    Files.exists(archive) ? Files.size(archive) : -1, archived,
                    phase(samples, beforeStart, backupStart), phase(samples, backupStart, backupEnd),
                    phase(samples, backupEnd, afterEnd));
        } finally {
            runtime.destroy();
            if (!runtime.waitFor(60, TimeUnit.SECONDS)) {
                runtime.destroyForcibly();
            }
        }
        System.out.println(report);
        String file = o.get("report");
        if (file != null) {
            Files.writeString(Path.of(file), report);
        }
    }

    /** Submits {@code tasks} no-op tasks in batches of 10 000, waiting for each batch to finish. */
    void fill(int tasks) throws Exception {
        for (int done = 0; done < tasks; done += 10_000) {
            int n = Math.min(10_000, tasks - done);
            StringBuilder batch = new StringBuilder("[");
            for (int i = 0; i < n; i++) {
                batch.append(i == 0 ? "" : ",").append("{\"name\": \"fill ").append(done + i).append("\", \"action\": \"system.noop\"}");
            }
            HttpResponse<String> answer = http.send(request("/tasks/batch")
                    .POST(HttpRequest.BodyPublishers.ofString(batch.append("]").toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() >= 300) {
                throw new IllegalStateException("batch answered " + answer.statusCode() + ": " + answer.body());
            }
            ApiBenchmark.awaitIdle(http, base, auth);
        }
    }


    private void submitLoop(AtomicBoolean running, List<Sample> samples) {
        HttpRequest submit = request("/tasks").POST(HttpRequest.BodyPublishers.ofString("{\"action\": \"system.noop\"}")).build();
        while (running.get()) {
            long start = System.nanoTime();
            try {
                int status = http.send(submit, HttpResponse.BodyHandlers.discarding()).statusCode();
                long end = System.nanoTime();
                if (status == 201) {
                    samples.add(new Sample(end, end - start));
                }
            } catch (Exception e) {
                // counted as not accepted
            }
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", auth)
                .header("Content-Type", "application/json");
    }

    /** Submissions per second and latency p50/p99/max (ms) answered in [from, to). */
    static double[] phase(List<Sample> samples, long from, long to) {
        List<Long> nanos = new ArrayList<>();
        synchronized (samples) {
            for (Sample s : samples) {
                if (s.answeredAt() >= from && s.answeredAt() < to) {
                    nanos.add(s.nanos());
                }
            }
        }
        Collections.sort(nanos);
        double seconds = (to - from) / 1e9;
        if (nanos.isEmpty()) {
            return new double[] {0, 0, 0, 0, seconds};
        }
        return new double[] {nanos.size() / seconds, nanos.get(nanos.size() / 2) / 1e6,
                nanos.get(Math.min(nanos.size() - 1, (int) (nanos.size() * 0.99))) / 1e6, nanos.get(nanos.size() - 1) / 1e6,
                seconds, nanos.size()};
    }

    /** The tasks in the archive's database (extracted next to the home). */
    static long archivedTasks(Path archive, Path home) throws Exception {
        if (!Files.exists(archive)) {
            return -1;
        }
        Path copy = home.resolveSibling(home.getFileName() + "-restored.db");
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            ZipEntry entry = zip.getEntry("data/tasks.db");
            Files.copy(zip.getInputStream(entry), copy);
        }
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + copy);
                Statement st = db.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM tasks")) {
            rs.next();
            return rs.getLong(1);
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    static String report(int tasks, double fillSeconds, long databaseBytes, int threads, int exit, String backupLog,
            long backupStart, long backupEnd, long archiveBytes, long archived, double[] before, double[] during,
            double[] after) {
        StringBuilder r = new StringBuilder();
        r.append("## orrery backup of a home with ").append(tasks).append(" tasks, while submissions go on\n\n");
        r.append(BenchSupport.machineLine()).append("; ").append(BenchSupport.jvmLine()).append("\n\n");
        r.append(String.format(Locale.ROOT, "Filled (API, then rows copied) in %.0f s; tasks.db %.0f MB. Backup: exit %d, %.1f s wall"
                + " (process start to end), archive %.0f MB holding %d tasks.%n%n", fillSeconds, databaseBytes / 1e6, exit,
                (backupEnd - backupStart) / 1e9, archiveBytes / 1e6, archived));
        r.append("Backup's own output:\n\n```\n").append(backupLog.strip()).append("\n```\n\n");
        r.append("| phase (").append(threads).append(" clients, one task per request) | seconds | accepted | per second | p50 ms | p99 ms | max ms |\n");
        r.append("|---|---|---|---|---|---|---|\n");
        row(r, "before the backup", before);
        row(r, "during the backup", during);
        row(r, "after the backup", after);
        return r.toString();
    }

    private static void row(StringBuilder r, String name, double[] p) {
        r.append(String.format(Locale.ROOT, "| %s | %.1f | %d | %.0f | %.1f | %.1f | %.1f |%n", name, p[4],
                p.length > 5 ? (long) p[5] : 0, p[0], p[1], p[2], p[3]));
    }
}
