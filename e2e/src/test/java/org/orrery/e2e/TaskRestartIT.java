package org.orrery.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What a task leaves in the store is honoured after a restart: its id is not given to another
 * task, and a record the scheduler cannot take up (a time out of range) fails alone instead of
 * keeping the scheduler from starting.
 */
class TaskRestartIT {

    static final ObjectMapper JSON = new ObjectMapper();

    private static HttpResponse<String> call(RuntimeProcess runtime, String password, String method, String path,
            String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(runtime.uri("/api/v1" + path))
                .header("Authorization", RuntimeProcess.basic("admin", password))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return runtime.send(b.build());
    }

    private static JsonNode task(RuntimeProcess runtime, String password, String id) throws Exception {
        HttpResponse<String> r = call(runtime, password, "GET", "/tasks/" + id, null);
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    private static String status(RuntimeProcess runtime, String password, String id) {
        try {
            return task(runtime, password, id).get("status").asText();
        } catch (Exception | AssertionError e) {
            return "unreadable: " + e;
        }
    }

    @Test
    void aReusedIdIsRefusedAfterARestartAndTheFirstRecordKept() throws Exception {
        Path home = RuntimeLifecycleIT.WORK.resolve("restart-dup-" + UUID.randomUUID());
        Path java = Path.of(System.getProperty("java.home"));
        int port = RuntimeProcess.freePort();
        String password;
        JsonNode first;
        try (RuntimeProcess runtime = RuntimeProcess.start(java, home, port).awaitReady()) {
            password = runtime.adminPassword();
            String pw = password;
            HttpResponse<String> created = call(runtime, password, "POST", "/tasks",
                    "{\"id\": \"dup-1\", \"action\": \"system.echo\", \"parameters\": {\"run\": 1}}");
            assertEquals(201, created.statusCode(), created.body());
            runtime.await("dup-1 completes", Duration.ofSeconds(20), () -> status(runtime, pw, "dup-1").equals("completed"));
            first = task(runtime, password, "dup-1");
            HttpResponse<String> again = call(runtime, password, "POST", "/tasks",
                    "{\"id\": \"dup-1\", \"action\": \"system.echo\"}");
            assertEquals(409, again.statusCode(), "while it is in memory: " + again.body());
            assertEquals(0, runtime.stop());
        }
        try (RuntimeProcess runtime = RuntimeProcess.start(java, home, port).awaitReady()) {
            HttpResponse<String> again = call(runtime, password, "POST", "/tasks",
                    "{\"id\": \"dup-1\", \"action\": \"system.echo\", \"parameters\": {\"run\": 2}}");
            assertEquals(409, again.statusCode(), again.body());
            assertTrue(again.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
            assertTrue(JSON.readTree(again.body()).get("detail").asText().contains("'dup-1' exists already"), again.body());
            HttpResponse<String> batch = call(runtime, password, "POST", "/tasks/batch",
                    "[{\"id\": \"fresh-1\", \"action\": \"system.echo\"}, {\"id\": \"dup-1\", \"action\": \"system.echo\"}]");
            assertEquals(409, batch.statusCode(), batch.body());
            assertEquals(404, call(runtime, password, "GET", "/tasks/fresh-1", null).statusCode(), "all or nothing");
            assertEquals(first, task(runtime, password, "dup-1"), "the first task's record is kept");
        }
    }

    @Test
    void farTimesAreAcceptedOrRefusedAndABadStoredRecordDoesNotStopTheScheduler() throws Exception {
        Path home = RuntimeLifecycleIT.WORK.resolve("restart-times-" + UUID.randomUUID());
        Path java = Path.of(System.getProperty("java.home"));
        int port = RuntimeProcess.freePort();
        String password;
        try (RuntimeProcess runtime = RuntimeProcess.start(java, home, port).awaitReady()) {
            password = runtime.adminPassword();
            HttpResponse<String> far = call(runtime, password, "POST", "/tasks",
                    "{\"id\": \"far\", \"action\": \"system.echo\", \"not_before\": \"2150-01-01T00:00:00Z\"}");
            assertEquals(201, far.statusCode(), far.body());
            HttpResponse<String> past = call(runtime, password, "POST", "/tasks",
                    "{\"id\": \"past\", \"action\": \"system.echo\", \"deadline\": \"1000-01-01T00:00:00Z\"}");
            assertEquals(400, past.statusCode(), past.body());
            assertTrue(past.body().contains("deadline"), past.body());
            assertEquals(404, call(runtime, password, "GET", "/tasks/past", null).statusCode(), "nothing stored");
            HttpResponse<String> later = call(runtime, password, "POST", "/tasks",
                    "{\"id\": \"bad\", \"action\": \"system.echo\", \"not_before\": \"2199-01-01T00:00:00Z\"}");
            assertEquals(201, later.statusCode(), later.body());
            assertEquals(0, runtime.stop());
        }
        // a record out of range, as an older version (or a hand) could have left it
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("data/tasks.db"));
                PreparedStatement update = c.prepareStatement("UPDATE tasks SET record = replace(record,"
                        + " '2199-01-01T00:00:00Z', '+999999999-12-31T23:59:59Z') WHERE id = 'bad'")) {
            assertEquals(1, update.executeUpdate());
        }
        try (RuntimeProcess runtime = RuntimeProcess.start(java, home, port).awaitReady()) {
            String pw = password;
            assertEquals("pending", status(runtime, password, "far"));
            runtime.await("the bad record fails", Duration.ofSeconds(20), () -> status(runtime, pw, "bad").equals("failed"));
            assertTrue(task(runtime, password, "bad").get("error").asText().contains("not_before must lie between"),
                    task(runtime, password, "bad").toString());
            HttpResponse<String> now = call(runtime, password, "POST", "/tasks", "{\"id\": \"now\", \"action\": \"system.echo\"}");
            assertEquals(201, now.statusCode(), now.body());
            runtime.await("the scheduler runs", Duration.ofSeconds(20), () -> status(runtime, pw, "now").equals("completed"));
            assertEquals(200, runtime.status("/api/v1/health", null));
        }
    }
}
