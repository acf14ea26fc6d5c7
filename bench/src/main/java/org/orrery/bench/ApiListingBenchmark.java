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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /api/v1/tasks?status=…} with a million tasks stored (issue 17: p99 &lt; 20 ms), against
 * the runtime jar started as a process. The store is filled fast and realistically: the runtime
 * runs {@code seed} real tasks (through {@code POST /tasks/batch}: 90 % {@code system.noop},
 * 5 % {@code system.fail} that fail for good, 5 % held by a far {@code not_before} and cancelled),
 * is stopped, and their rows (tasks and executions, every column) are copied in SQL with new ids up
 * to {@code tasks} rows ({@link StoreFill}); the runtime is started again on that home and each
 * listing is measured with wrk ({@code -t2 -c<connections>}, Basic auth, 3 s warm-up, then
 * {@code seconds}). Usage: {@code java ApiListingBenchmark [jar=runtime/target/orrery.jar]
 * [tasks=1000000] [seed=10000] [seconds=15] [connections=8] [limit=100] [java=…] [home=<kept home>]
 * [jfr=file.jfr]}: {@code home} reuses a home a run filled (printed at the end) instead of filling
 * one. It asserts nothing.
 */
public final class ApiListingBenchmark {

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String auth = "Basic " + Base64.getEncoder()
            .encodeToString(("admin:" + ApiBenchmark.PASSWORD).getBytes(StandardCharsets.UTF_8));

    private ApiListingBenchmark(int port) {
        this.base = "http://127.0.0.1:" + port + "/api/v1";
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = BenchSupport.mainArguments(args);
        Path jar = Path.of(o.getOrDefault("jar", "runtime/target/orrery.jar")).toAbsolutePath();
        String java = o.getOrDefault("java", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        int tasks = Integer.parseInt(o.getOrDefault("tasks", "1000000"));
        int seed = Math.min(tasks, Integer.parseInt(o.getOrDefault("seed", "10000")));
        int seconds = Integer.parseInt(o.getOrDefault("seconds", "15"));
        int connections = Integer.parseInt(o.getOrDefault("connections", "8"));
        int limit = Integer.parseInt(o.getOrDefault("limit", "100"));
        int port = ApiBenchmark.freePort();
        ApiListingBenchmark bench = new ApiListingBenchmark(port);
        Path home;
        double fillSeconds = 0;
        if (o.containsKey("home")) {
            home = Path.of(o.get("home"));
        } else {
            home = Files.createTempDirectory("orrery-listing-bench");
            fillSeconds = StoreFill.fill(java, jar, home, port, bench.http, bench.base, () -> bench.seed(seed), tasks / seed);
        }
        long stored = count(home.resolve("data/tasks.db"));
        Process runtime = ApiBenchmark.startRuntime(java, jar, home, port, o.get("jfr"));
        List<String> rows = new ArrayList<>();
        try {
            ApiBenchmark.awaitHealthy(bench.http, bench.base, runtime);
            Path script = Files.createTempFile("list", ".lua");
            Files.writeString(script, "wrk.headers[\"Authorization\"] = \"" + bench.auth + "\"\n");
            String page = "limit=" + limit;
            String[] queries = {"status=completed&" + page, "status=completed&" + page + "&order=newest",
                "status=failed&" + page + "&order=newest", "status=cancelled&" + page,
                "status=failed,cancelled&" + page + "&order=newest", "status=running&" + page};
            for (String query : queries) {
                String url = bench.base + "/tasks?" + query;
                int found = bench.pageSize(url);
                wrk(script, url, connections, 3);
                ApiBenchmark.Wrk w = wrk(script, url, connections, seconds);
                rows.add(String.format(Locale.ROOT, "| `GET /tasks?%s` | %d | %.0f | %.1f | %.1f | %d |", query, found,
                        w.perSecond(), w.p50(), w.p99(), w.errors()));
            }
        } finally {
            runtime.destroy();
            if (!runtime.waitFor(30, TimeUnit.SECONDS)) {
                runtime.destroyForcibly();
            }
        }
        System.out.println("# GET /tasks with a status filter over a full store");
        System.out.printf(Locale.ROOT, "%d tasks stored (%s; filled in %.1f s), wrk -t2 -c%d, %d s per listing;"
                + " machine: %d cores, JDK %s%n%n", stored, home, fillSeconds, connections, seconds,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.println("| listing | tasks per page | pages/s | p50 ms | p99 ms | non-2xx |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        rows.forEach(System.out::println);
    }

    /**
     * Runs {@code seed} real tasks in batches of 1 000 and waits until every one has ended: 90 %
     * complete, 5 % fail for good, 5 % are cancelled before they start.
     */
    private void seed(int seed) throws Exception {
        for (int done = 0; done < seed; done += 1000) {
            int n = Math.min(1000, seed - done);
            StringBuilder batch = new StringBuilder("[");
            for (int i = 0; i < n; i++) {
                batch.append(i == 0 ? "" : ",").append(switch (i % 20) {
                    case 0 -> "{\"action\": \"system.fail\", \"parameters\": {\"retryable\": false}}";
                    case 1 -> "{\"action\": \"system.noop\", \"not_before\": \"2199-01-01T00:00:00Z\"}";
                    default -> "{\"action\": \"system.noop\"}";
                });
            }
            String answer = send(HttpRequest.newBuilder(URI.create(base + "/tasks/batch"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(batch.append(']').toString())), 201);
            // the answer lists the tasks in the batch's order, each with its "id" first
            Matcher ids = Pattern.compile("\\{\"id\":\"([^\"]+)\"").matcher(answer);
            for (int i = 0; ids.find(); i++) {
                if (i % 20 == 1) {
                    send(HttpRequest.newBuilder(URI.create(base + "/tasks/" + ids.group(1) + "/cancel"))
                            .POST(HttpRequest.BodyPublishers.noBody()), 200);
                }
            }
        }
        ApiBenchmark.awaitIdle(http, base, auth);
    }

    private String send(HttpRequest.Builder request, int expected) throws Exception {
        HttpResponse<String> answer = http.send(request.header("Authorization", auth).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != expected) {
            throw new IllegalStateException(answer.statusCode() + " from " + answer.uri() + ": " + answer.body());
        }
        return answer.body();
    }

    /** How many tasks the first page of {@code url} holds (checks the listing answers). */
    private int pageSize(String url) throws Exception {
        String body = send(HttpRequest.newBuilder(URI.create(url)).GET(), 200);
        Matcher m = Pattern.compile("\"created_at\":").matcher(body);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    static ApiBenchmark.Wrk wrk(Path script, String url, int connections, int seconds) throws Exception {
        Process p = new ProcessBuilder("wrk", "-t2", "-c" + connections, "-d" + seconds + "s", "--latency", "-s",
                script.toString(), url).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        Matcher non2xx = Pattern.compile("Non-2xx or 3xx responses: (\\d+)").matcher(out);
        return new ApiBenchmark.Wrk(ApiBenchmark.number(out, "Requests/sec:\\s+([0-9.]+)"),
                ApiBenchmark.millis(out, "\\s50%\\s+([0-9.]+)(us|ms|s)"), ApiBenchmark.millis(out, "\\s99%\\s+([0-9.]+)(us|ms|s)"),
                non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0);
    }

    static long count(Path database) throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + database); Statement st = db.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM tasks")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
