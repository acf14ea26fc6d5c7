package org.orrery.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.orrery.bench.BenchSupport.Settings;

/**
 * Remote agents' throughput (issue 15, "Benchmark"): the real runtime jar with its default
 * durable store (SQLite), a number of no-op tasks handed out over HTTP on loopback to 4
 * reference clients ({@code samples/agents/orrery_agent.py}, each a process of its own), against
 * the same number of tasks run by the in-process {@code system.noop} action in the same runtime.
 * Goal: ≥ 2 000 tasks/s through the agents, claim latency p99 &lt; 20 ms.
 * <p>
 * A round: the tasks are all stored first (the local ones while the scheduler is paused, the
 * agent ones before the clients start, so they wait for an agent with their capability); then
 * the scheduler is resumed or the clients are started, and the tasks/s are the completed tasks
 * over the span from the earliest {@code started_at} to the latest {@code completed_at} of their
 * task records. Claim latency: what the clients log for each {@code POST /agents/{id}/claim}
 * (docs/benchmarks.md defines it). Settings (key=value): {@code jar}, {@code java}, {@code tasks}
 * (20000), {@code clients} (4), {@code concurrency} (slots per client, 8), {@code rounds} (1),
 * {@code warmup} (2000), {@code python} (python3), {@code client} (the script), {@code timer} (timed_agent.py),
 * {@code client.command} (its command line, with placeholders), {@code timeoutSeconds} (300),
 * {@code quietSeconds} (20), {@code runs} (local,agents: which of the two to run), {@code jfr} (a file: the runtime records a flight recording),
 * {@code folder}, {@code report}.
 */
public final class AgentBenchmark {

    static final String CAPABILITY = "noop";

    /**
     * How a client is started: the reference client under {@code timed_agent.py}, which times its
     * claims; {placeholders} are filled in, the token goes in ORRERY_TOKEN.
     */
    static final String CLIENT_COMMAND = "{python} {timer} --client {client} --claim-log {claimlog} -- --url {url} --id {agent}"
            + " --handlers {capability} --concurrency {concurrency} --log-level warning";

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();
    private final Settings settings;
    private final String base;
    private final Path work;
    private final String admin = "Basic " + Base64.getEncoder()
            .encodeToString(("admin:" + ApiBenchmark.PASSWORD).getBytes(StandardCharsets.UTF_8));
    private final List<String> agents = new ArrayList<>();
    private final List<String> tokens = new ArrayList<>();
    private long runtimePid;

    AgentBenchmark(Settings settings, int port, Path work) {
        this.settings = settings;
        this.base = "http://127.0.0.1:" + port;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        Settings settings = new Settings(BenchSupport.mainArguments(args));
        Path jar = Path.of(settings.get("jar", "runtime/target/orrery.jar")).toAbsolutePath();
        String java = settings.get("java", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run ./mvnw install first");
        }
        Path work = BenchSupport.workFolder(settings, "orrery-agent-bench");
        Path home = Files.createDirectories(work.resolve("home"));
        int port = ApiBenchmark.freePort();
        Process runtime = ApiBenchmark.startRuntime(java, jar, home, port, settings.get("jfr", null));
        try {
            AgentBenchmark bench = new AgentBenchmark(settings, port, work);
            bench.runtimePid = runtime.pid();
            ApiBenchmark.awaitHealthy(bench.http, bench.base + "/api/v1", runtime);
            BenchSupport.printReport(settings, bench.run(java));
        } finally {
            runtime.destroy();
            if (!runtime.waitFor(30, TimeUnit.SECONDS)) {
                runtime.destroyForcibly();
            }
        }
    }

    /** A measured phase: its span from the task records, the claims (none for local), the CPU it took. */
    record Phase(AgentFigures.Span span, List<AgentFigures.Claim> claims, CpuShare load) {
    }

    String run(String java) throws Exception {
        int tasks = settings.integer("tasks", 20_000);
        int rounds = settings.integer("rounds", 1);
        int warmup = settings.integer("warmup", 2_000);
        int quiet = settings.integer("quietSeconds", 20);
        List<String> runs = settings.list("runs", "local,agents");
        createAgentUsers(settings.integer("clients", 4));
        if (warmup > 0) {
            System.out.println("warm-up: " + warmup + " local and " + warmup + " agent tasks");
            if (runs.contains("local")) {
                local("warmup-local", warmup);
            }
            if (runs.contains("agents")) {
                agents("warmup-agents", warmup);
            }
        }
        List<Phase> local = new ArrayList<>();
        List<Phase> remote = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            if (runs.contains("local")) {
                BenchSupport.awaitQuiet(quiet);
                local.add(local("local-" + r, tasks));
                print("round " + r + " local", local.get(local.size() - 1));
            }
            if (runs.contains("agents")) {
                BenchSupport.awaitQuiet(quiet);
                remote.add(agents("agents-" + r, tasks));
                print("round " + r + " agents", remote.get(remote.size() - 1));
            }
        }
        return AgentReport.markdown(settings, tasks, local, remote, java);
    }

    private static void print(String what, Phase p) {
        System.out.printf(Locale.ROOT, "%s: %d tasks in %.3f s = %.0f tasks/s; %s%n", what, p.span().completed(),
                p.span().duration().toNanos() / 1e9, p.span().perSecond(), p.load());
    }

    // ---------------------------------------------------------------- the two phases

    /** {@code n} system.noop tasks stored while the scheduler is paused, then run at once. */
    Phase local(String tag, int n) throws Exception {
        expect(post("/scheduler/pause", ""), 200);
        long before = completed();
        submit(n, "{\"action\": \"system.noop\", \"tags\": [\"" + tag + "\"]}");
        CpuShare.Meter meter = CpuShare.Meter.start(runtimePid);
        expect(post("/scheduler/resume", ""), 200);
        awaitCompleted(before + n);
        CpuShare load = meter.stop(List.of());
        return new Phase(span(tag), List.of(), load);
    }

    /** {@code n} no-op agent tasks stored, then the clients started; they are stopped once all are done. */
    Phase agents(String tag, int n) throws Exception {
        long before = completed();
        submit(n, "{\"action\": \"" + CAPABILITY + "\", \"capability\": \"" + CAPABILITY + "\", \"tags\": [\"" + tag + "\"]}");
        List<Process> clients = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        CpuShare.Meter meter = CpuShare.Meter.start(runtimePid);
        CpuShare load;
        try {
            for (int i = 0; i < agents.size(); i++) {
                Path log = work.resolve(tag + "-claims-" + agents.get(i) + ".txt");
                logs.add(log);
                clients.add(startClient(i, log, work.resolve(tag + "-client-" + agents.get(i) + ".log")));
            }
            awaitCompleted(before + n, clients);
        } finally {
            load = meter.stop(clients); // before they exit: a process's CPU time is gone with it
            stop(clients);
        }
        List<AgentFigures.Claim> claims = new ArrayList<>();
        for (Path log : logs) {
            if (Files.isRegularFile(log)) {
                claims.addAll(AgentFigures.readClaims(log));
            }
        }
        return new Phase(span(tag), claims, load);
    }

    // ---------------------------------------------------------------- the clients

    private void createAgentUsers(int count) throws Exception {
        for (int i = 1; i <= count; i++) {
            String name = "bench-agent-" + i;
            expect(post("/users", mapper.createObjectNode().put("name", name).put("role", "agent")
                    .put("password", UUID.randomUUID().toString()).toString()), 201);
            HttpResponse<String> token = expect(post("/tokens", mapper.createObjectNode().put("user", name)
                    .put("description", "agent benchmark").toString()), 201);
            agents.add(name);
            tokens.add(mapper.readTree(token.body()).path("token").asText());
        }
    }

    /** The command line of client {@code i} (the template {@link #CLIENT_COMMAND} or the setting client.command). */
    List<String> clientCommand(int i, Path claimLog) {
        String template = settings.get("client.command", CLIENT_COMMAND);
        List<String> command = new ArrayList<>();
        for (String word : template.trim().split("\\s+")) {
            command.add(word.replace("{python}", settings.get("python", "python3"))
                    .replace("{timer}", Path.of(settings.get("timer", "bench/src/main/python/timed_agent.py")).toAbsolutePath().toString())
                    .replace("{client}", Path.of(settings.get("client", "samples/agents/orrery_agent.py")).toAbsolutePath().toString())
                    .replace("{url}", base)
                    .replace("{agent}", agents.get(i))
                    .replace("{capability}", CAPABILITY)
                    .replace("{concurrency}", Integer.toString(settings.integer("concurrency", 8)))
                    .replace("{claimlog}", claimLog.toString()));
        }
        return command;
    }

    private Process startClient(int i, Path claimLog, Path console) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(clientCommand(i, claimLog));
        builder.environment().put("ORRERY_URL", base);
        builder.environment().put("ORRERY_TOKEN", tokens.get(i));
        builder.redirectErrorStream(true).redirectOutput(console.toFile());
        return builder.start();
    }

    /** SIGTERM (the client drains and exits), SIGKILL after 15 s. */
    private static void stop(List<Process> clients) throws InterruptedException {
        clients.forEach(Process::destroy);
        for (Process c : clients) {
            if (!c.waitFor(15, TimeUnit.SECONDS)) {
                c.destroyForcibly().waitFor();
            }
        }
    }

    // ---------------------------------------------------------------- the runtime

    private void submit(int n, String task) throws Exception {
        for (int done = 0; done < n; done += 10_000) {
            int size = Math.min(10_000, n - done);
            StringBuilder batch = new StringBuilder(size * task.length() + 2).append('[');
            for (int i = 0; i < size; i++) {
                batch.append(i == 0 ? "" : ",").append(task);
            }
            expect(post("/tasks/batch", batch.append(']').toString()), 201);
        }
    }

    private long completed() throws Exception {
        return statistics().path("completed_tasks").asLong();
    }

    private JsonNode statistics() throws Exception {
        return mapper.readTree(expect(get("/scheduler/statistics"), 200).body());
    }

    private void awaitCompleted(long target, List<Process> clients) throws Exception {
        long failedBefore = statistics().path("failed_tasks").asLong();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.integer("timeoutSeconds", 300));
        while (true) {
            JsonNode s = statistics();
            if (s.path("completed_tasks").asLong() >= target) {
                return;
            }
            if (s.path("failed_tasks").asLong() > failedBefore) {
                throw new IllegalStateException("tasks failed during the run: " + s);
            }
            for (Process c : clients) {
                if (!c.isAlive()) {
                    throw new IllegalStateException("a client exited with " + c.exitValue() + " before the tasks were done"
                            + " (its console: " + work + ")");
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not all tasks completed in time: " + s);
            }
            Thread.sleep(50);
        }
    }

    private void awaitCompleted(long target) throws Exception {
        awaitCompleted(target, List.of());
    }

    /** The span of the tasks tagged {@code tag}, from their records (all pages of {@code GET /tasks?tag=}). */
    AgentFigures.Span span(String tag) throws Exception {
        List<JsonNode> records = new ArrayList<>();
        String cursor = null;
        do {
            HttpResponse<String> page = expect(get("/tasks?limit=1000&tag=" + URLEncoder.encode(tag, StandardCharsets.UTF_8)
                    + (cursor == null ? "" : "&cursor=" + cursor)), 200);
            JsonNode body = mapper.readTree(page.body());
            (body.isArray() ? body : body.path("tasks")).forEach(records::add);
            cursor = page.headers().firstValue("X-Next-Cursor").orElse(null);
        } while (cursor != null);
        return AgentFigures.Span.of(records);
    }

    // ---------------------------------------------------------------- HTTP

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + "/api/v1" + path)).timeout(Duration.ofSeconds(120))
                .header("Authorization", admin).header("Content-Type", "application/json");
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(request(path).POST(body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> expect(HttpResponse<String> answer, int status) {
        if (answer.statusCode() != status) {
            throw new IllegalStateException(answer.request().method() + " " + answer.request().uri() + " answered "
                    + answer.statusCode() + " (expected " + status + "): " + answer.body());
        }
        return answer;
    }
}
