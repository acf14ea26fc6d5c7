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
import java.util.Map;
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
 * [wrk.warmup=25] [jfr=/path/to/file.jfr] [ws.client=nio|jetty|jdk]}: {@code ws.only=true} skips the wrk runs (the event
 * stream alone); {@code ws.client} picks the clients' WebSocket library ({@link StreamClients});
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
            double[] ws = EventStreamLoad.webSocketLatency(base, port, auth, clients, eventRate, warmup, Math.min(seconds, 10),
                    runtime.toHandle(), options.getOrDefault("ws.client", "nio"));

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

    private ApiBenchmark() {
    }
}
