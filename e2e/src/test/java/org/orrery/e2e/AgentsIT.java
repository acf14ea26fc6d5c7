package org.orrery.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Remote agents end to end: the runtime jar as a process, real HTTP, and the reference client
 * {@code samples/agents/orrery_agent.py} run by python3 as processes with agent tokens. Tasks go
 * to the agent that has their capability; an agent token does nothing but its own agent's calls;
 * a client killed mid-task loses its lease and the task runs on another one; a drain waits for
 * the running task; SIGTERM drains the client before it exits.
 */
class AgentsIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final Path CLIENT = Path.of(System.getProperty("orrery.e2e.agent", "../samples/agents/orrery_agent.py"))
            .toAbsolutePath().normalize();

    static RuntimeProcess runtime;
    static String admin;
    static Path home;
    private final List<Process> clients = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        home = RuntimeLifecycleIT.WORK.resolve("agents-" + UUID.randomUUID());
        runtime = RuntimeProcess.start(Path.of(System.getProperty("java.home")), home, RuntimeProcess.freePort()).awaitReady();
        admin = RuntimeProcess.basic("admin", runtime.adminPassword());
    }

    @AfterAll
    static void stop() throws Exception {
        if (runtime != null) {
            runtime.close();
        }
    }

    @AfterEach
    void stopClients() throws InterruptedException {
        for (Process p : clients) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A request; {@code headers}: more headers, name and value in turn. */
    static HttpResponse<String> send(String method, String path, String authorization, String body, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runtime.port + path))
                .timeout(Duration.ofSeconds(60)).header("Authorization", authorization);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode ok(HttpResponse<String> response, int status) throws IOException {
        assertEquals(status, response.statusCode(), response.body());
        return response.body().isEmpty() ? null : JSON.readTree(response.body());
    }

    /** A user of role agent named like the agent, and a token of it: what an admin does for a new agent. */
    static String agentToken(String id) throws Exception {
        ok(send("POST", "/api/v1/users", admin, JSON.createObjectNode().put("name", id).put("role", "agent")
                .put("password", "agent password " + id).toString()), 201);
        JsonNode token = ok(send("POST", "/api/v1/tokens", admin, JSON.createObjectNode().put("user", id)
                .put("description", "remote agent " + id).toString()), 201);
        assertEquals("agent", token.path("role").asText(), token.toString());
        return token.path("token").asText();
    }

    /** Starts the reference client as a process. */
    Process client(String id, String token, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("python3", CLIENT.toString(), "--id", id, "--wait-seconds", "5"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("ORRERY_URL", "http://127.0.0.1:" + runtime.port);
        builder.environment().put("ORRERY_TOKEN", token);
        builder.redirectErrorStream(true).redirectOutput(home.resolveSibling(home.getFileName() + "-" + id + ".log").toFile());
        Process p = builder.start();
        clients.add(p);
        return p;
    }

    String log(String id) throws IOException {
        return Files.readString(home.resolveSibling(home.getFileName() + "-" + id + ".log"));
    }

    JsonNode agent(String id) throws Exception {
        HttpResponse<String> r = send("GET", "/api/v1/agents/" + id, admin, null);
        return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
    }

    void awaitAgent(String id, String state) {
        runtime.await("agent " + id + " " + state, Duration.ofSeconds(30), () -> {
            try {
                JsonNode a = agent(id);
                return a != null && a.path("state").asText().equals(state);
            } catch (Exception e) {
                return false;
            }
        });
    }

    static JsonNode submit(ObjectNode task) throws Exception {
        return ok(send("POST", "/api/v1/tasks", admin, task.toString()), 201);
    }

    static JsonNode task(String id) throws Exception {
        return ok(send("GET", "/api/v1/tasks/" + id, admin, null), 200);
    }

    static JsonNode awaitStatus(String id, String status, Duration timeout) {
        JsonNode[] last = new JsonNode[1];
        runtime.await("task " + id + " " + status + " (last seen: " + id + ")", timeout, () -> {
            try {
                last[0] = task(id);
                return last[0].path("status").asText().equals(status);
            } catch (Exception e) {
                return false;
            }
        });
        return last[0];
    }

    static ObjectNode agentTask(String capability, String action) {
        ObjectNode t = JSON.createObjectNode().put("action", action).put("capability", capability);
        t.putObject("parameters");
        return t;
    }

    /** Once the agent is online, a 4 s sleep task assigned to it, running: its id. */
    String runningSleepOn(String agentId) throws Exception {
        awaitAgent(agentId, "online");
        ObjectNode t = agentTask("sleep", "sleep").put("assigned_to", agentId);
        ((ObjectNode) t.get("parameters")).put("seconds", 4);
        String id = submit(t).path("id").asText();
        awaitStatus(id, "running", Duration.ofSeconds(30));
        return id;
    }

    @Test
    void tasksGoToTheAgentWithTheirCapabilityAndCompleteThere() throws Exception {
        String echoToken = agentToken("py-echo");
        String noopToken = agentToken("py-noop");
        client("py-echo", echoToken, "--handlers", "echo", "--concurrency", "2");
        client("py-noop", noopToken, "--handlers", "noop");
        awaitAgent("py-echo", "online");
        awaitAgent("py-noop", "online");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ObjectNode t = agentTask("echo", "echo");
            ((ObjectNode) t.get("parameters")).put("frame", i);
            ids.add(submit(t).path("id").asText());
        }
        String noop = submit(agentTask("noop", "noop")).path("id").asText();
        for (int i = 0; i < 3; i++) {
            JsonNode done = awaitStatus(ids.get(i), "completed", Duration.ofSeconds(60));
            assertEquals("py-echo", done.path("assigned_to").asText(), done.toString());
            assertEquals(i, done.path("result").path("frame").asInt(), done.toString());
        }
        assertEquals("py-noop", awaitStatus(noop, "completed", Duration.ofSeconds(60)).path("assigned_to").asText());
        JsonNode echo = agent("py-echo");
        assertEquals(3, echo.path("metrics").path("completed").asInt(), echo.toString());
        assertEquals("python", echo.path("agent_type").asText());
        String metrics = send("GET", "/api/v1/metrics", admin, null).body();
        assertTrue(metrics.contains("orrery_agent_tasks_total{agent=\"py-echo\",outcome=\"completed\"} 3.0"), metrics);
    }

    @Test
    void aReportWithNextHandsTheAgentItsNextTaskInTheSameRequest() throws Exception {
        String token = "Bearer " + agentToken("raw-next");
        ok(send("POST", "/api/v1/agents", token, """
                {"agent_id": "raw-next", "agent_type": "raw", "capabilities": ["rawnext"]}"""), 201);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ids.add(submit(agentTask("rawnext", "rawnext")).path("id").asText());
        }
        JsonNode claimed = ok(send("POST", "/api/v1/agents/raw-next/claim", token, "{\"max\": 1, \"wait_seconds\": 10}"), 200);
        JsonNode first = claimed.path("tasks").get(0);
        String firstId = first.path("task").path("id").asText();
        JsonNode done = ok(send("POST", "/api/v1/agents/raw-next/tasks/" + firstId + "/complete", token,
                "{\"lease_id\": \"" + first.path("lease_id").asText() + "\", \"result\": {\"n\": 1}, \"next\": {\"max\": 1}}"), 200);
        assertEquals("completed", done.path("status").asText(), done.toString());
        assertEquals(firstId, done.path("id").asText());
        assertEquals(1, done.path("tasks").size(), "the next task came with the answer: " + done);
        JsonNode second = done.path("tasks").get(0);
        String secondId = second.path("task").path("id").asText();
        assertEquals(ids.stream().filter(id -> !id.equals(firstId)).toList(), List.of(secondId));
        assertEquals("running", task(secondId).path("status").asText(), "its lease began before the answer");
        JsonNode last = ok(send("POST", "/api/v1/agents/raw-next/tasks/" + secondId + "/fail", token,
                "{\"lease_id\": \"" + second.path("lease_id").asText()
                        + "\", \"error\": {\"message\": \"no\", \"retryable\": false}, \"next\": {\"max\": 3}}"), 200);
        assertEquals("failed", last.path("status").asText(), last.toString());
        assertEquals("[]", last.path("tasks").toString(), "nothing ready: answered at once, empty");
        JsonNode plain = ok(send("POST", "/api/v1/agents/raw-next/tasks/" + secondId + "/complete", token,
                "{\"lease_id\": \"x\", \"next\": {\"max\": 0}}"), 400);
        assertEquals("'next': 'max' must be a whole number from 1 to 1000, found the number 0", plain.path("detail").asText());
        ok(send("DELETE", "/api/v1/agents/raw-next?wait=10", admin, null), 200);
    }

    @Test
    void aReportPreferringAMinimalAnswerGetsTheIdTheStatusAndTheNextLeases() throws Exception {
        String token = "Bearer " + agentToken("raw-lean");
        ok(send("POST", "/api/v1/agents", token, """
                {"agent_id": "raw-lean", "agent_type": "raw", "capabilities": ["rawlean"]}"""), 201);
        List<String> ids = List.of(submit(agentTask("rawlean", "rawlean")).path("id").asText(),
                submit(agentTask("rawlean", "rawlean")).path("id").asText());
        JsonNode first = ok(send("POST", "/api/v1/agents/raw-lean/claim", token, "{\"max\": 1, \"wait_seconds\": 10}"), 200)
                .path("tasks").get(0);
        String firstId = first.path("task").path("id").asText();
        String secondId = ids.get(0).equals(firstId) ? ids.get(1) : ids.get(0);
        HttpResponse<String> lean = send("POST", "/api/v1/agents/raw-lean/tasks/" + firstId + "/complete", token,
                "{\"lease_id\": \"" + first.path("lease_id").asText() + "\", \"result\": {}, \"next\": {\"max\": 1}}",
                "Prefer", "return=minimal");
        JsonNode done = ok(lean, 200);
        assertEquals("return=minimal", lean.headers().firstValue("Preference-Applied").orElse(null));
        assertEquals(List.of("id", "status", "tasks"), fieldNames(done), done.toString());
        assertEquals("completed", done.path("status").asText());
        JsonNode second = done.path("tasks").get(0);
        assertEquals(secondId, second.path("task").path("id").asText(), "the lease's task is whole: " + done);
        assertEquals("rawlean", second.path("task").path("action").asText());
        assertEquals("completed", task(firstId).path("status").asText(), "stored before the answer");
        assertEquals("running", task(secondId).path("status").asText(), "in the same commit as the report");
        HttpResponse<String> whole = send("POST", "/api/v1/agents/raw-lean/tasks/" + secondId + "/complete", token,
                "{\"lease_id\": \"" + second.path("lease_id").asText() + "\", \"result\": {\"n\": 2}}");
        assertTrue(whole.headers().firstValue("Preference-Applied").isEmpty());
        assertEquals(2, ok(whole, 200).path("result").path("n").asInt(), "without Prefer: the whole task, as before");
        ok(send("DELETE", "/api/v1/agents/raw-lean?wait=10", admin, null), 200);
    }

    @Test
    void severalReportsInOneRequestEndTheirTasksAndBringTheNext() throws Exception {
        String token = "Bearer " + agentToken("raw-batch");
        ok(send("POST", "/api/v1/agents", token, """
                {"agent_id": "raw-batch", "agent_type": "raw", "capabilities": ["rawbatch"], "concurrency": 2}"""), 201);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(submit(agentTask("rawbatch", "rawbatch")).path("id").asText());
        }
        JsonNode claimed = ok(send("POST", "/api/v1/agents/raw-batch/claim", token, "{\"max\": 2, \"wait_seconds\": 10}"), 200)
                .path("tasks");
        assertEquals(2, claimed.size(), claimed.toString());
        String a = claimed.get(0).path("task").path("id").asText();
        String b = claimed.get(1).path("task").path("id").asText();
        JsonNode answer = ok(send("POST", "/api/v1/agents/raw-batch/reports", token, "{\"reports\": ["
                + "{\"task_id\": \"" + a + "\", \"lease_id\": \"" + claimed.get(0).path("lease_id").asText()
                + "\", \"result\": {\"n\": 1}},"
                + "{\"task_id\": \"" + b + "\", \"lease_id\": \"not-mine\", \"result\": {}},"
                + "{\"task_id\": \"" + b + "\", \"lease_id\": \"" + claimed.get(1).path("lease_id").asText()
                + "\", \"error\": {\"message\": \"no\", \"retryable\": false}}], \"next\": {\"max\": 2}}"), 200);
        assertEquals("completed", answer.at("/reports/0/status").asText(), answer.toString());
        assertEquals("lease_lost", answer.at("/reports/1/refused/reason").asText(), answer.toString());
        assertEquals("failed", answer.at("/reports/2/status").asText(), answer.toString());
        assertEquals(1, answer.path("tasks").size(), "the one task left came with the answer: " + answer);
        String c = answer.at("/tasks/0/task/id").asText();
        assertEquals(ids.stream().filter(id -> !id.equals(a) && !id.equals(b)).toList(), List.of(c));
        assertEquals(1, task(a).path("result").path("n").asInt());
        assertEquals("failed", task(b).path("status").asText());
        assertEquals("running", task(c).path("status").asText(), "in the same commit as the reports");
        JsonNode bad = ok(send("POST", "/api/v1/agents/raw-batch/reports", token,
                "{\"reports\": [{\"task_id\": \"" + c + "\", \"lease_id\": \"" + answer.at("/tasks/0/lease_id").asText()
                        + "\", \"result\": {}}, {\"lease_id\": \"x\"}]}"), 400);
        assertEquals("'reports'[1]: 'task_id' is required", bad.path("detail").asText());
        assertEquals("running", task(c).path("status").asText(), "a bad batch takes nothing");
        ok(send("POST", "/api/v1/agents/raw-batch/reports", token, "{\"reports\": [{\"task_id\": \"" + c
                + "\", \"lease_id\": \"" + answer.at("/tasks/0/lease_id").asText() + "\", \"result\": {}}]}"), 200);
        assertEquals("completed", task(c).path("status").asText());
        ok(send("DELETE", "/api/v1/agents/raw-batch?wait=10", admin, null), 200);
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void anAgentTokenDoesOnlyItsOwnAgentsCalls() throws Exception {
        String token = "Bearer " + agentToken("py-limited");
        JsonNode refused = ok(send("POST", "/api/v1/tasks", token, agentTask("echo", "echo").toString()), 403);
        assertEquals("user 'py-limited' has the role agent; this needs operator", refused.path("detail").asText());
        ok(send("GET", "/api/v1/tasks", token, null), 403);
        ok(send("GET", "/api/v1/agents", token, null), 403);
        JsonNode other = ok(send("POST", "/api/v1/agents", token, """
                {"agent_id": "py-other", "agent_type": "python", "capabilities": ["echo"]}"""), 403);
        assertEquals("user 'py-limited' has the role agent and may act only as the agent 'py-limited', not as 'py-other'",
                other.path("detail").asText());
        ok(send("POST", "/api/v1/agents", token, """
                {"agent_id": "py-limited", "agent_type": "python", "capabilities": ["echo"]}"""), 201);
        ok(send("POST", "/api/v1/agents", token, """
                {"agent_id": "py-limited", "agent_type": "python", "capabilities": ["echo", "noop"]}"""), 200);
        ok(send("POST", "/api/v1/agents/py-echo/claim", token, "{\"wait_seconds\": 0}"), 403);
        JsonNode empty = ok(send("POST", "/api/v1/agents/py-limited/claim", token, "{\"wait_seconds\": 0}"), 200);
        assertEquals("{\"tasks\":[]}", empty.toString());
        ok(send("DELETE", "/api/v1/agents/py-limited", token, null), 403);
        ok(send("DELETE", "/api/v1/agents/py-limited?wait=10", admin, null), 200);
        ok(send("GET", "/api/v1/agents/py-limited", admin, null), 404);
    }

    @Test
    void aClientKilledMidTaskLosesItsLeaseAndTheTaskRunsOnAnother() throws Exception {
        String first = agentToken("py-sleep-1");
        String second = agentToken("py-sleep-2");
        Process doomed = client("py-sleep-1", first, "--handlers", "sleep", "--lease-seconds", "5");
        awaitAgent("py-sleep-1", "online");
        ObjectNode t = agentTask("sleep", "sleep").put("max_retries", 2).put("retry_delay", 0);
        ((ObjectNode) t.get("parameters")).put("seconds", 8); // long enough to be killed in, on a busy machine too
        String id = submit(t).path("id").asText();
        JsonNode running = awaitStatus(id, "running", Duration.ofSeconds(30));
        assertEquals("py-sleep-1", running.path("assigned_to").asText(), running.toString());
        doomed.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // kill -9: no report, no heartbeat
        client("py-sleep-2", second, "--handlers", "sleep");
        JsonNode done = awaitStatus(id, "completed", Duration.ofSeconds(60));
        assertEquals("py-sleep-2", done.path("assigned_to").asText(), done.toString());
        assertEquals(2, done.path("attempts").asInt(), done.toString());
        JsonNode lost = agent("py-sleep-1");
        assertEquals("offline", lost.path("state").asText(), lost.toString());
        assertEquals(1, lost.path("metrics").path("failed").asInt(), lost.toString());
    }

    @Test
    void aDrainWaitsForTheRunningTaskAndTheClientThenStops() throws Exception {
        Process client = client("py-drain", agentToken("py-drain"), "--handlers", "sleep");
        String id = runningSleepOn("py-drain");
        JsonNode removed = ok(send("DELETE", "/api/v1/agents/py-drain?wait=30", admin, null), 200);
        assertTrue(removed.path("removed").asBoolean(), removed.toString());
        assertEquals("completed", task(id).path("status").asText(), "the drain waited for the running task");
        ok(send("GET", "/api/v1/agents/py-drain", admin, null), 404);
        assertTrue(client.waitFor(30, TimeUnit.SECONDS), "a removed agent's client stops");
        assertEquals(0, client.exitValue(), log("py-drain"));
    }

    @Test
    void sigtermDrainsTheClientBeforeItExits() throws Exception {
        Process client = client("py-term", agentToken("py-term"), "--handlers", "sleep");
        String id = runningSleepOn("py-term");
        client.destroy(); // SIGTERM
        assertTrue(client.waitFor(30, TimeUnit.SECONDS), log("py-term"));
        assertEquals(0, client.exitValue(), log("py-term"));
        JsonNode done = task(id);
        assertEquals("completed", done.path("status").asText(), done + "\n" + log("py-term"));
        assertEquals(4.0, done.path("result").path("slept_seconds").asDouble());
    }
}
