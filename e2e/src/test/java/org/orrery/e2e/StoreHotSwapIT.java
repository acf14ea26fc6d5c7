package org.orrery.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Stopping the task store's bundle while the runtime runs loses nothing: submissions in that
 * window are refused with 503 saying that the store is unavailable, health names it, and when
 * the store is back the work goes on (a task that was running runs again, its action being safe
 * to re-run).
 */
class StoreHotSwapIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void stoppingTheStoreRefusesSubmissionsAndLosesNothing() throws Exception {
        Path home = RuntimeLifecycleIT.WORK.resolve("store-swap-" + UUID.randomUUID());
        try (RuntimeProcess runtime = RuntimeProcess.start(Path.of(System.getProperty("java.home")), home,
                RuntimeProcess.freePort()).awaitReady()) {
            String auth = RuntimeProcess.basic("admin", runtime.adminPassword());
            HttpResponse<String> submitted = post(runtime, auth, "/api/v1/tasks",
                    "{\"id\": \"long\", \"action\": \"system.wait\", \"parameters\": {\"duration\": 2}}", "application/json");
            assertEquals(201, submitted.statusCode(), submitted.body());
            runtime.await("the task runs", Duration.ofSeconds(10), () -> status(runtime, auth).equals("running"));

            String bundle = storeBundleId(runtime, auth);
            assertEquals(200, post(runtime, auth, "/system/console/bundles/" + bundle, "action=stop",
                    "application/x-www-form-urlencoded").statusCode());
            runtime.await("submissions are refused with 503", Duration.ofSeconds(10), () -> post(runtime, auth,
                    "/api/v1/tasks", "{\"action\": \"system.noop\"}", "application/json").statusCode() == 503);
            HttpResponse<String> refused = post(runtime, auth, "/api/v1/tasks", "{\"action\": \"system.noop\"}",
                    "application/json");
            assertEquals(503, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("store unavailable: the task store (bundle org.orrery.store.jdbc) is stopped"),
                    refused.body());
            String health = runtime.get("/api/v1/health", "admin", runtime.adminPassword()).body();
            assertTrue(health.contains("org.orrery.store.jdbc"), health);
            assertTrue(health.contains("store unavailable"), health);

            assertEquals(200, post(runtime, auth, "/system/console/bundles/" + bundle, "action=start",
                    "application/x-www-form-urlencoded").statusCode());
            runtime.await("the interrupted task is taken up and completes", Duration.ofSeconds(30),
                    () -> status(runtime, auth).equals("completed"));
            JsonNode all = JSON.readTree(runtime.send(HttpRequest.newBuilder(runtime.uri("/api/v1/tasks"))
                    .header("Authorization", auth).build()).body());
            assertEquals(1, all.size(), "the refused submission was not accepted, the first one not lost: " + all);
        }
    }

    private static String status(RuntimeProcess runtime, String auth) {
        HttpResponse<String> r = runtime.send(HttpRequest.newBuilder(runtime.uri("/api/v1/tasks/long"))
                .header("Authorization", auth).build());
        try {
            return r.statusCode() == 200 ? JSON.readTree(r.body()).get("status").asText() : "http " + r.statusCode();
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static String storeBundleId(RuntimeProcess runtime, String auth) throws Exception {
        JsonNode bundles = JSON.readTree(runtime.send(HttpRequest.newBuilder(runtime.uri("/system/console/bundles.json"))
                .header("Authorization", auth).build()).body());
        for (JsonNode b : bundles.get("data")) {
            if ("org.orrery.store.jdbc".equals(b.get("symbolicName").asText())) {
                return b.get("id").asText();
            }
        }
        throw new AssertionError("no store bundle in " + bundles);
    }

    private static HttpResponse<String> post(RuntimeProcess runtime, String auth, String path, String body, String type) {
        return runtime.send(HttpRequest.newBuilder(runtime.uri(path)).header("Authorization", auth)
                .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }
}
