package org.orrery.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the API accepts as a task and a page, over real HTTP: times and durations in range, task
 * ids that round-trip through {@code /tasks/{id}}, paging by opaque cursor and {@code Link},
 * strict JSON bodies, and who may ask for a plan. Every refusal is a 400 problem that names the
 * field, and stores nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TaskInputIT {

    static final ObjectMapper JSON = new ObjectMapper();
    RuntimeProcess runtime;
    String admin;

    @BeforeAll
    void start() throws Exception {
        Path home = RuntimeLifecycleIT.WORK.resolve("input-" + UUID.randomUUID());
        runtime = RuntimeProcess.start(Path.of(System.getProperty("java.home")), home, RuntimeProcess.freePort()).awaitReady();
        admin = RuntimeProcess.basic("admin", runtime.adminPassword());
    }

    @AfterAll
    void stop() throws Exception {
        if (runtime != null) {
            runtime.close();
        }
    }

    HttpResponse<String> call(String method, String path, byte[] body, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(runtime.uri(path.startsWith("/api/") ? path : "/api/v1" + path))
                .timeout(Duration.ofSeconds(10)).header("Authorization", authorization)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return runtime.send(b.build());
    }

    HttpResponse<String> admin(String method, String path, String body) {
        return call(method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8), admin);
    }

    /** Asserts a 400 problem whose detail holds every one of {@code words}. */
    static void assertRefused(HttpResponse<String> r, String... words) throws Exception {
        assertEquals(400, r.statusCode(), r.body());
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse("").split(";")[0], r.body());
        String detail = JSON.readTree(r.body()).path("detail").asText();
        for (String word : words) {
            assertTrue(detail.contains(word), "'" + word + "' in " + detail);
        }
    }

    long totalTasks() throws Exception {
        return JSON.readTree(admin("GET", "/scheduler/statistics", null).body()).get("total_tasks").asLong();
    }

    @Test
    void timesOutOfRangeAndOverlongDurationsAreRefusedAndNothingIsStored() throws Exception {
        long before = totalTasks();
        int i = 0;
        for (String field : List.of("not_before", "deadline")) {
            for (String time : List.of("+10000-01-01T00:00:00Z", "2400-01-01T00:00:00Z", "1999-12-31T23:59:59Z")) {
                String id = "far-" + i++;
                assertRefused(admin("POST", "/tasks", "{\"id\": \"" + id + "\", \"action\": \"system.echo\", \"" + field
                        + "\": \"" + time + "\"}"), "'" + field + "'", "2000-01-01T00:00:00Z", "2199-12-31T23:59:59Z");
                assertEquals(404, admin("GET", "/tasks/" + id, null).statusCode(), "nothing stored");
            }
        }
        for (String field : List.of("timeout", "retry_delay", "max_delay")) {
            assertRefused(admin("POST", "/tasks", "{\"action\": \"system.echo\", \"" + field + "\": 1e12}"), "'" + field + "'",
                    "31536000");
        }
        assertRefused(admin("POST", "/tasks/batch", "[{\"action\": \"system.noop\"}, {\"action\": \"system.noop\","
                + " \"not_before\": \"+10000-01-01T00:00:00Z\"}]"), "tasks[1]", "not_before");
        assertEquals(before, totalTasks(), "no refused task was stored");
    }

    @Test
    void taskIdsMustRoundTripThroughTheirRoute() throws Exception {
        long before = totalTasks();
        for (String id : List.of("a/b", ".", "..", "\\\\", "%2e", "\\u0000", "a\\r\\nb", "名前-unicode", "")) {
            assertRefused(admin("POST", "/tasks", "{\"id\": \"" + id + "\", \"action\": \"system.noop\"}"), "'id'",
                    "A-Z, a-z, 0-9");
            assertRefused(admin("POST", "/tasks", "{\"action\": \"system.noop\", \"depends_on\": [\"" + id + "\"]}"),
                    "'depends_on[0]'");
        }
        assertEquals(before, totalTasks(), "no refused task was stored");
        String uuid = UUID.randomUUID().toString();
        assertEquals(201, admin("POST", "/tasks", "{\"id\": \"" + uuid + "\", \"action\": \"system.wait\","
                + " \"parameters\": {\"duration\": 60}}").statusCode());
        assertEquals(uuid, JSON.readTree(admin("GET", "/tasks/" + uuid, null).body()).get("id").asText());
        assertEquals(200, admin("DELETE", "/tasks/" + uuid, null).statusCode());
    }

    @Test
    void pagesFollowTheLinkKeepingTheFiltersAndEnd() throws Exception {
        String tag = "walk-" + UUID.randomUUID().toString().substring(0, 8);
        admin("POST", "/tasks", "{\"action\": \"system.noop\", \"tags\": [\"other\"]}");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            JsonNode t = JSON.readTree(admin("POST", "/tasks", "{\"id\": \"" + tag + "-" + i + "\", \"action\": \"system.noop\","
                    + " \"tags\": [\"" + tag + "\", \"a b&c\"]}").body());
            expected.add(t.get("id").asText());
        }
        admin("POST", "/tasks", "{\"action\": \"system.noop\", \"tags\": [\"other\"]}");
        List<String> seen = new ArrayList<>();
        String next = "/api/v1/tasks?tag=" + tag + "&limit=2";
        for (int pages = 0; next != null; pages++) {
            assertTrue(pages < 10, "the pages end: " + seen);
            HttpResponse<String> page = admin("GET", next, null);
            assertEquals(200, page.statusCode(), page.body());
            JSON.readTree(page.body()).forEach(t -> seen.add(t.get("id").asText()));
            next = page.headers().firstValue("Link").map(l -> l.substring(1, l.indexOf('>'))).orElse(null);
            page.headers().firstValue("X-Next-Cursor").ifPresent(c -> assertTrue(c.matches("[A-Za-z0-9_-]+"), c));
            if (next != null) {
                assertTrue(next.contains("tag=" + tag) && next.contains("limit=2"), next);
            }
        }
        assertEquals(expected, seen);
        assertRefused(admin("GET", "/tasks?cursor=1764000000.0:x", null), "'cursor'");
        assertRefused(admin("GET", "/tasks?cursor=bm90IGEgY3Vyc29y", null), "'cursor'");
    }

    @Test
    void aPageHoldsAtMostFourMebibytesAndTheNextContinuesThere() throws Exception {
        String tag = "big-" + UUID.randomUUID().toString().substring(0, 8);
        String large = "x".repeat(900_000);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> r = admin("POST", "/tasks", "{\"id\": \"" + tag + "-" + i + "\", \"action\": \"system.noop\","
                    + " \"not_before\": \"2099-01-01T00:00:00Z\", \"tags\": [\"" + tag + "\"], \"metadata\": {\"note\": \""
                    + large + "\"}}");
            assertEquals(201, r.statusCode(), r.body().substring(0, Math.min(300, r.body().length())));
            expected.add(tag + "-" + i);
        }
        HttpResponse<String> first = admin("GET", "/tasks?tag=" + tag + "&limit=1000", null);
        assertTrue(first.body().length() <= 4 << 20, "at most 4 MiB: " + first.body().length());
        JsonNode page = JSON.readTree(first.body());
        assertEquals(4, page.size(), "four tasks of 0.9 MB fit in 4 MiB, the fifth does not");
        String link = first.headers().firstValue("Link").orElseThrow();
        JsonNode rest = JSON.readTree(admin("GET", link.substring(1, link.indexOf('>')), null).body());
        List<String> seen = new ArrayList<>();
        page.forEach(t -> seen.add(t.get("id").asText()));
        rest.forEach(t -> seen.add(t.get("id").asText()));
        assertEquals(expected, seen);
    }

    @Test
    void lenientJsonIsRefusedOnEveryBody() throws Exception {
        long before = totalTasks();
        assertRefused(admin("POST", "/tasks", "{\"id\": \"dup\", \"action\": \"system.fail\", \"action\": \"system.echo\"}"),
                "'action' appears twice");
        assertEquals(404, admin("GET", "/tasks/dup", null).statusCode());
        ByteArrayOutputStream overlong = new ByteArrayOutputStream();
        overlong.writeBytes("{\"action\": \"system.echo\", \"name\": \"a".getBytes(StandardCharsets.UTF_8));
        overlong.write(0xC0);
        overlong.write(0xAF);
        overlong.writeBytes("b\"}".getBytes(StandardCharsets.UTF_8));
        assertRefused(call("POST", "/tasks", overlong.toByteArray(), admin), "not valid UTF-8");
        assertRefused(admin("POST", "/tasks", "{\"action\": \"system.echo\", \"name\": \"x\\ud800\"}"), "'name'",
                "lone UTF-16 surrogate");
        assertRefused(admin("POST", "/users", "{\"name\": \"x\", \"name\": \"y\", \"role\": \"viewer\","
                + " \"password\": \"a long enough password\"}"), "'name' appears twice");
        assertRefused(admin("POST", "/tasks", "[" .repeat(40) + "]".repeat(40)), "nested deeper than 32 levels");
        assertEquals(before, totalTasks());
    }

    @Test
    void aViewerMayAskForAPlan() throws Exception {
        String name = "planner-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(201, admin("POST", "/users", "{\"name\": \"" + name + "\", \"role\": \"viewer\", \"password\":"
                + " \"a viewer's long passphrase\"}").statusCode());
        String viewer = RuntimeProcess.basic(name, "a viewer's long passphrase");
        String id = JSON.readTree(admin("POST", "/tasks", "{\"action\": \"system.noop\"}").body()).get("id").asText();
        HttpResponse<String> plan = call("POST", "/scheduler/plan",
                ("{\"task_ids\": [\"" + id + "\"]}").getBytes(StandardCharsets.UTF_8), viewer);
        assertEquals(200, plan.statusCode(), plan.body());
        assertEquals("[\"" + id + "\"]", JSON.readTree(plan.body()).get("execution_order").toString());
        assertEquals(403, call("POST", "/scheduler/pause", null, viewer).statusCode(), "pausing still needs an operator");
    }
}
