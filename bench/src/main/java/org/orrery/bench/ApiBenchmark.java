package org.orrery.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The REST API and the event stream under load, against the real runtime jar started as a
 * process (issue: REST API):
 * <ol>
 * <li>{@code POST /api/v1/tasks} of {@code system.noop} with wrk (2 threads, 32 connections):
 * submits/s and p99 latency; goal ≥ 5 000/s with p99 &lt; 20 ms;</li>
 * <li>{@code GET /api/v1/tasks/{id}} with wrk, same settings;</li>
 * <li>50 WebSocket clients on {@code /api/v1/ws} while tasks make about 2 000 events/s: the
 * latency of each event from its timestamp to its arrival at each client; goal p99 &lt; 10 ms.</li>
 * </ol>
 * Everything runs on this machine: wrk, the clients and the runtime share its cores, as a
 * benchmark of one box must. Usage: {@code java ApiBenchmark [jar=runtime/target/orrery.jar]
 * [seconds=15] [java=/path/to/java] [clients=50] [events=2000] [ws.only=false] [stored=100000] [warmup=5]
 * [wrk.warmup=25] [jfr=/path/to/file.jfr]}: {@code ws.only=true} skips the wrk runs (the event stream alone);
 * each wrk run is measured after {@code wrk.warmup} s of the same requests (5 s left the JIT compiling through the
 * measured seconds: a third of the runtime's CPU, and runs of one build 2 900 to 4 600 submits/s apart);
 * {@code stored} no-op tasks are in the store before the stream is measured (the issue's
 * condition: submitted in batches first, counting what the wrk runs stored); the stream is
 * measured for {@code min(seconds, 10)} s after {@code warmup} s of the same load with the clients
 * connected (a runtime that has been serving a few seconds), and those first seconds are reported
 * apart; {@code jfr} makes the runtime JVM record a flight recording into that file.
 */
public final class ApiBenchmark {

    static final String PASSWORD = "bench-password-123";

    public static void main(String[] args) throws Exception {
        java.util.Map<String, String> options = new java.util.HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq > 0) {
                options.put(arg.substring(0, eq), arg.substring(eq + 1));
            }
        }
        Path jar = Path.of(options.getOrDefault("jar", "runtime/target/orrery.jar")).toAbsolutePath();
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "15"));
        String java = options.getOrDefault("java", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run ./mvnw install first");
        }
        Path home = Files.createTempDirectory("orrery-api-bench");
        int port = freePort();
        Process runtime = startRuntime(java, jar, home, port, options.get("jfr"));
        String base = "http://127.0.0.1:" + port + "/api/v1";
        HttpClient http = HttpClient.newHttpClient();
        String auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        try {
            awaitHealthy(http, base, runtime);
            System.out.println("# Orrery REST API and event stream benchmark");
            System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores, JDK "
                    + System.getProperty("java.version") + "; runtime JVM: " + java);

            Path post = Files.createTempFile("post", ".lua");
            Files.writeString(post, "wrk.method = \"POST\"\nwrk.body = '{\"action\": \"system.noop\"}'\n"
                    + "wrk.headers[\"Content-Type\"] = \"application/json\"\nwrk.headers[\"Authorization\"] = \"" + auth + "\"\n");
            Path get = Files.createTempFile("get", ".lua");
            Files.writeString(get, "wrk.headers[\"Authorization\"] = \"" + auth + "\"\n");

            // ws.only=true: the event stream alone, on a fresh runtime (no wrk runs before it)
            boolean wsOnly = Boolean.parseBoolean(options.getOrDefault("ws.only", "false"));
            Wrk submits = new Wrk(Double.NaN, Double.NaN, Double.NaN, 0);
            Wrk reads = submits;
            if (!wsOnly) {
                int wrkWarmup = Integer.parseInt(options.getOrDefault("wrk.warmup", "25"));
                wrk(post, base + "/tasks", wrkWarmup); // warm-up: until the JIT has compiled the request path
                submits = wrk(post, base + "/tasks", seconds);
                String id = submitOne(http, base, auth);
                wrk(get, base + "/tasks/" + id, Math.min(wrkWarmup, 10));
                reads = wrk(get, base + "/tasks/" + id, seconds);
                awaitIdle(http, base, auth);
            }
            int stored = fillStore(http, base, auth, Integer.parseInt(options.getOrDefault("stored", "100000")));
            System.out.println("runtime pid: " + runtime.pid() + " port: " + port + "; tasks in the store: " + stored);
            int clients = Integer.parseInt(options.getOrDefault("clients", "50"));
            int eventRate = Integer.parseInt(options.getOrDefault("events", "2000"));
            int warmup = Integer.parseInt(options.getOrDefault("warmup", "5"));
            double[] ws = webSocketLatency(http, base, port, auth, clients, eventRate, warmup, Math.min(seconds, 10), runtime.toHandle());

            System.out.println();
            System.out.println("| benchmark | result | goal | |");
            System.out.println("|---|---|---|---|");
            System.out.printf(Locale.ROOT, "| POST /tasks (system.noop), wrk -t2 -c32 | %.0f submits/s, p50 %.1f ms, p99 %.1f ms, non-2xx %d | ≥ 5 000/s, p99 < 20 ms | %s |%n",
                    submits.perSecond, submits.p50, submits.p99, submits.errors,
                    submits.perSecond >= 5000 && submits.p99 < 20 ? "PASS" : "MISS");
            System.out.printf(Locale.ROOT, "| GET /tasks/{id}, wrk -t2 -c32 | %.0f reads/s, p50 %.1f ms, p99 %.1f ms, non-2xx %d | (none) | |%n",
                    reads.perSecond, reads.p50, reads.p99, reads.errors);
            System.out.printf(Locale.ROOT, "| %d WebSocket clients, %.0f events/s, %d tasks stored, after %d s warm-up | p50 %.2f ms, p99 %.2f ms, max %.1f ms, %d deliveries, %d clients dropped | p99 < 10 ms, none dropped | %s |%n",
                    clients, ws[3], stored, warmup, ws[0], ws[1], ws[2], (long) ws[4], (long) ws[5],
                    ws[1] < 10 && ws[5] == 0 ? "PASS" : "MISS");
            System.out.println();
            System.out.println("Submits are acknowledged once the task store has committed them: the runtime's default"
                    + " store, SQLite in WAL mode with synchronous=FULL, on this machine's disk.");
        } finally {
            runtime.destroy();
            if (!runtime.waitFor(30, TimeUnit.SECONDS)) {
                runtime.destroyForcibly();
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * Starts the runtime jar in {@code home} on {@code port} (admin password {@link #PASSWORD}, log
     * level warn, room for 256 tasks at once on 4 workers); with {@code jfr} (a file) it records a
     * flight recording there. The console output goes to {@code home/console.log}.
     */
    static Process startRuntime(String java, Path jar, Path home, int port, String jfr) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", jar.toString());
        builder.environment().put("ORRERY_HOME", home.toString());
        builder.environment().put("ORRERY_HTTP_PORT", Integer.toString(port));
        builder.environment().put("ORRERY_ADMIN_PASSWORD", PASSWORD);
        builder.environment().put("ORRERY_LOG_LEVEL", "warn");
        if (jfr != null && !jfr.isBlank()) {
            builder.environment().put("JAVA_TOOL_OPTIONS", "-XX:StartFlightRecording=settings=profile,filename="
                    + Path.of(jfr).toAbsolutePath());
        }
        builder.redirectErrorStream(true).redirectOutput(home.resolve("console.log").toFile());
        Files.createDirectories(home.resolve("etc"));
        // enough room for a load test: many tasks at once
        Files.writeString(home.resolve("etc/org.orrery.scheduler.cfg"), "max.concurrent.tasks=256\nworker.threads=4\n");
        return builder.start();
    }

    record Wrk(double perSecond, double p50, double p99, long errors) {
    }

    static Wrk wrk(Path script, String url, int seconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("wrk", "-t2", "-c32", "-d" + seconds + "s", "--latency", "-s", script.toString(), url)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        double rps = number(out, "Requests/sec:\\s+([0-9.]+)");
        double p50 = millis(out, "\\s50%\\s+([0-9.]+)(us|ms|s)");
        double p99 = millis(out, "\\s99%\\s+([0-9.]+)(us|ms|s)");
        Matcher non2xx = Pattern.compile("Non-2xx or 3xx responses: (\\d+)").matcher(out);
        long errors = non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0;
        return new Wrk(rps, p50, p99, errors);
    }

    static double number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("wrk printed no '" + regex + "':\n" + text);
        }
        return Double.parseDouble(m.group(1));
    }

    static double millis(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("wrk printed no latency line:\n" + text);
        }
        double v = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> v / 1000;
            case "s" -> v * 1000;
            default -> v;
        };
    }

    static void awaitHealthy(HttpClient http, String base, Process runtime) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!runtime.isAlive()) {
                throw new IllegalStateException("the runtime exited with " + runtime.exitValue());
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the runtime did not become healthy within 60 s");
    }

    static String submitOne(HttpClient http, String base, String auth) throws Exception {
        String body = http.send(HttpRequest.newBuilder(URI.create(base + "/tasks")).header("Authorization", auth)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"action\": \"system.noop\"}"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no id in " + body);
        }
        return m.group(1);
    }

    /**
     * Submits no-op tasks in batches of 5 000 until the scheduler counts at least {@code tasks}
     * (those of the wrk runs included), then waits until they ran.
     *
     * @return the tasks counted then
     */
    static int fillStore(HttpClient http, String base, String auth, int tasks) throws Exception {
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 5_000; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"action\": \"system.noop\"}");
        }
        String body = batch.append("]").toString();
        int total = totalTasks(http, base, auth);
        while (total < tasks) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/tasks/batch"))
                    .header("Authorization", auth).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("filling the store: " + response.statusCode() + " " + response.body());
            }
            total = totalTasks(http, base, auth);
        }
        awaitIdle(http, base, auth);
        return totalTasks(http, base, auth);
    }

    static int totalTasks(HttpClient http, String base, String auth) throws Exception {
        String stats = http.send(HttpRequest.newBuilder(URI.create(base + "/scheduler/statistics"))
                .header("Authorization", auth).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("\"total_tasks\":(\\d+)").matcher(stats);
        if (!m.find()) {
            throw new IllegalStateException("no total_tasks in " + stats);
        }
        return Integer.parseInt(m.group(1));
    }

    /** Waits until the scheduler has nothing queued or running (the submits of wrk are done). */
    static void awaitIdle(HttpClient http, String base, String auth) throws Exception {
        for (int i = 0; i < 600; i++) {
            String stats = http.send(HttpRequest.newBuilder(URI.create(base + "/scheduler/statistics"))
                    .header("Authorization", auth).build(), HttpResponse.BodyHandlers.ofString()).body();
            if (stats.contains("\"pending_tasks\":0,") && stats.contains("\"running_tasks\":0,")) {
                return;
            }
            Thread.sleep(100);
        }
    }

    /** One client's latencies: those of events stamped in the warm-up, and those measured. */
    private static final class Samples {
        final long[] warm;
        final long[] measured;
        final AtomicLong warmCount = new AtomicLong();
        final AtomicLong measuredCount = new AtomicLong();

        Samples(int capacity) {
            warm = new long[capacity];
            measured = new long[capacity];
        }

        void add(long stampedNanos, long latencyNanos, long measureFrom) {
            boolean isWarm = stampedNanos < measureFrom;
            long i = (isWarm ? warmCount : measuredCount).getAndIncrement();
            long[] into = isWarm ? warm : measured;
            if (i < into.length) {
                into[(int) i] = latencyNanos;
            }
        }

        long[] warm() {
            return Arrays.copyOf(warm, (int) Math.min(warmCount.get(), warm.length));
        }

        long[] measured() {
            return Arrays.copyOf(measured, (int) Math.min(measuredCount.get(), measured.length));
        }
    }

    /**
     * Connects {@code clients} WebSocket clients, then submits batches of no-op tasks so that
     * about {@code eventsPerSecond} events flow for {@code warmup} and then {@code seconds}
     * seconds; every client records, for every event, arrival time minus the event's timestamp,
     * apart for the events stamped in the warm-up and those stamped after it (measured).
     *
     * The CPU time that the runtime's process and this JVM (the clients) spent in the measured
     * seconds is printed per event: a figure that the machine's other load disturbs less than the
     * latencies.
     *
     * @return of the measured events: p50, p99, max (ms), the events per second achieved, the
     *         number of deliveries, and the clients dropped for falling behind
     */
    static double[] webSocketLatency(HttpClient http, String base, int port, String auth, int clients, int eventsPerSecond,
            int warmup, int seconds, ProcessHandle runtime) throws Exception {
        List<Samples> samples = new ArrayList<>();
        List<WebSocket> sockets = new ArrayList<>();
        HttpClient shared = HttpClient.newHttpClient(); // one selector thread for all clients, as a small client box would
        AtomicLong fellBehind = new AtomicLong();
        // the epoch nanosecond from which events are measured; warm-up before it
        AtomicLong measureFrom = new AtomicLong(Long.MAX_VALUE);
        int capacity = (int) Math.min(4_000_000, 2L * eventsPerSecond * (warmup + seconds + 5));
        for (int c = 0; c < clients; c++) {
            Samples mine = new Samples(capacity);
            samples.add(mine);
            StringBuilder partial = new StringBuilder();
            sockets.add(shared.newWebSocketBuilder().header("Authorization", auth)
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/v1/ws"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                            partial.append(data);
                            if (last) {
                                Instant now = Instant.now();
                                int at = partial.indexOf("\"timestamp\":\"");
                                if (at >= 0) {
                                    // not Instant.parse: its formatter cost the one selector more than the frames
                                    long stamped = epochNanos(partial, at + 13);
                                    mine.add(stamped, now.getEpochSecond() * 1_000_000_000L + now.getNano() - stamped,
                                            measureFrom.get());
                                }
                                partial.setLength(0);
                            }
                            socket.request(1);
                            return null;
                        }

                        @Override
                        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
                            if (statusCode == 1013) {
                                fellBehind.incrementAndGet();
                            }
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS));
        }
        // each no-op task makes 4 events (scheduled, ready, started, completed)
        int tasksPerBatch = 20;
        double batchesPerSecond = eventsPerSecond / 4.0 / tasksPerBatch;
        long intervalNanos = (long) (1e9 / batchesPerSecond);
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < tasksPerBatch; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"action\": \"system.noop\"}");
        }
        String body = batch.append("]").toString();
        long begin = System.nanoTime();
        long start = begin + TimeUnit.SECONDS.toNanos(warmup);
        long next = begin;
        int sent = 0;
        // each batch's answer comes once its tasks are committed: the commit part of the "scheduled" events' latency
        Queue<Long> acknowledged = new ConcurrentLinkedQueue<>();
        long runtimeCpu = 0;
        long clientsCpu = 0;
        while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(seconds)) {
            if (measureFrom.get() == Long.MAX_VALUE && System.nanoTime() >= start) {
                Instant now = Instant.now();
                measureFrom.set(now.getEpochSecond() * 1_000_000_000L + now.getNano());
                sent = 0;
                runtimeCpu = cpuNanos(runtime);
                clientsCpu = cpuNanos(ProcessHandle.current());
            }
            long posted = System.nanoTime();
            boolean measuring = measureFrom.get() != Long.MAX_VALUE;
            http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/tasks/batch")).header("Authorization", auth)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.discarding()).thenRun(() -> {
                        if (measuring) {
                            acknowledged.add(System.nanoTime() - posted);
                        }
                    });
            sent++;
            next += intervalNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        Thread.sleep(2000); // let the last events arrive
        runtimeCpu = cpuNanos(runtime) - runtimeCpu;
        clientsCpu = cpuNanos(ProcessHandle.current()) - clientsCpu;
        for (WebSocket socket : sockets) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
        List<long[]> warm = new ArrayList<>();
        List<long[]> measured = new ArrayList<>();
        for (Samples client : samples) {
            warm.add(client.warm());
            measured.add(client.measured());
        }
        if (warmup > 0) {
            long[] all = merged(warm);
            System.out.printf(Locale.ROOT, "event stream, the %d s warm-up (not measured): p50 %.1f ms, p99 %.1f ms, max %.1f ms,"
                    + " %d deliveries%n", warmup, percentile(all, 0.5), percentile(all, 0.99), percentile(all, 1), all.length);
            printLatencyOverTime("warm-up", warm, warmup);
        }
        printLatencyOverTime("measured", measured, seconds);
        long[] all = merged(measured);
        long[] acks = merged(List.of(acknowledged.stream().mapToLong(Long::longValue).toArray()));
        System.out.printf(Locale.ROOT, "batch submits in the measured %d s, answered once committed (the commit wait in each"
                + " task_scheduled event's latency, with HTTP): p50 %.1f ms, p99 %.1f ms, max %.1f ms, %d batches%n", seconds,
                percentile(acks, 0.5), percentile(acks, 0.99), percentile(acks, 1), acks.length);
        double eventsPerSecondAchieved = sent * tasksPerBatch * 4 / elapsed;
        long events = (long) sent * tasksPerBatch * 4;
        System.out.printf(Locale.ROOT, "CPU per event in the measured %d s (and the 2 s after): runtime %.1f µs, the %d clients"
                + " (this JVM) %.1f µs; per delivery: runtime %s%n", seconds, runtimeCpu / 1e3 / events, clients,
                clientsCpu / 1e3 / events, all.length == 0 ? "(none delivered)"
                        : String.format(Locale.ROOT, "%.2f µs", runtimeCpu / 1e3 / all.length));
        System.out.printf(Locale.ROOT, "event stream: %d of %d clients were disconnected for falling behind (close 1013);"
                + " expected about %d deliveries measured%n", fellBehind.get(), clients,
                (long) (eventsPerSecondAchieved * elapsed * clients));
        return new double[] {percentile(all, 0.5), percentile(all, 0.99), percentile(all, 1), eventsPerSecondAchieved,
                all.length, fellBehind.get()};
    }

    /** The CPU time a process has used so far, in nanoseconds (0 where the system does not say). */
    private static long cpuNanos(ProcessHandle process) {
        return process.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
    }

    private static long[] merged(List<long[]> parts) {
        long[] all = new long[parts.stream().mapToInt(p -> p.length).sum()];
        int k = 0;
        for (long[] part : parts) {
            System.arraycopy(part, 0, all, k, part.length);
            k += part.length;
        }
        Arrays.sort(all);
        return all;
    }

    /** The {@code q} quantile (1: the maximum) of sorted nanoseconds, in milliseconds; NaN when empty. */
    private static double percentile(long[] sorted, double q) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) (sorted.length * q))] / 1e6;
    }

    /**
     * p50 and p99 of each tenth of a phase (a client's deliveries arrive in order, so the n-th tenth
     * of each client's samples is about the n-th tenth of the phase): a slow start of a fresh
     * runtime (its JIT still compiling) shows apart from the steady state.
     */
    private static void printLatencyOverTime(String phase, List<long[]> samples, int seconds) {
        StringBuilder line = new StringBuilder("event stream latency by tenth of the " + seconds + " s " + phase + ", p50/p99 ms:");
        for (int part = 0; part < 10; part++) {
            List<long[]> slice = new ArrayList<>();
            for (long[] client : samples) {
                slice.add(Arrays.copyOfRange(client, client.length * part / 10, client.length * (part + 1) / 10));
            }
            long[] sorted = merged(slice);
            if (sorted.length > 0) {
                line.append(String.format(Locale.ROOT, " %.1f/%.1f", percentile(sorted, 0.5), percentile(sorted, 0.99)));
            }
        }
        System.out.println(line);
    }

    /**
     * The instant written at {@code from} in ISO-8601 UTC ({@code 2026-12-05T16:03:19.123456Z}, as
     * {@link Instant#toString()} writes it; 0 to 9 fraction digits) in nanoseconds since the epoch,
     * read without a formatter: the 50 clients read about 100 000 timestamps a second on one thread.
     */
    static long epochNanos(CharSequence text, int from) {
        long days = java.time.LocalDate.of(digits(text, from, 4), digits(text, from + 5, 2), digits(text, from + 8, 2))
                .toEpochDay();
        long seconds = days * 86_400 + digits(text, from + 11, 2) * 3_600L + digits(text, from + 14, 2) * 60L
                + digits(text, from + 17, 2);
        long nanos = 0;
        int i = from + 19;
        if (text.charAt(i) == '.') {
            int scale = 100_000_000;
            for (i++; Character.isDigit(text.charAt(i)); i++) {
                nanos += (text.charAt(i) - '0') * (long) scale;
                scale /= 10;
            }
        }
        if (text.charAt(i) != 'Z') {
            throw new IllegalArgumentException("not an ISO-8601 UTC instant at " + from + ": " + text);
        }
        return seconds * 1_000_000_000L + nanos;
    }

    private static int digits(CharSequence text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("expected a digit at " + i + ", found '" + c + "': " + text);
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private ApiBenchmark() {
    }
}
