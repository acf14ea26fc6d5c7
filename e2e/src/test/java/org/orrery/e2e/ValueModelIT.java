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
 * An action sees its parameters in one value model (core.api README) on its first run and after
 * a restart, when they come from the store: the test action {@code itest.types} answers with
 * the Java class of each parameter.
 */
class ValueModelIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String PARAMETERS = "{\"exposure\": 100, \"gain\": 1.50, \"whole\": 2.0, \"huge\": 1e999, \"nanos\": 12345678901,"
            + " \"id\": 123456789012345678901234567890, \"list\": [1, 0.1, \"x\", true, null], \"nested\": {\"ra\": 83.822}}";

    private static HttpResponse<String> call(RuntimeProcess runtime, String password, String method, String path,
            String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(runtime.uri("/api/v1" + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", RuntimeProcess.basic("admin", password))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        HttpResponse<String> r = runtime.send(b.build());
        assertTrue(r.statusCode() < 300, method + " " + path + " -> " + r.statusCode() + " " + r.body());
        return r;
    }

    private static JsonNode completed(RuntimeProcess runtime, String password, String id) throws Exception {
        JsonNode[] last = new JsonNode[1];
        runtime.await("task " + id + " completes", Duration.ofSeconds(30), () -> {
            try {
                last[0] = JSON.readTree(call(runtime, password, "GET", "/tasks/" + id, null).body());
                return "completed".equals(last[0].path("status").asText());
            } catch (Exception | AssertionError e) {
                return false;
            }
        });
        return last[0];
    }

    @Test
    void anActionSeesTheSameTypesOnItsFirstRunAndAfterARestart() throws Exception {
        Path java = Path.of(System.getProperty("java.home"));
        Path home = RuntimeLifecycleIT.WORK.resolve("values-" + UUID.randomUUID());
        int port = RuntimeProcess.freePort();
        String password;
        JsonNode firstRun;
        try (RuntimeProcess runtime = RuntimeProcess.start(java, home, port).awaitReady()) {
            password = runtime.adminPassword();
            RuntimeLifecycleIT.copyAtomically(RuntimeLifecycleIT.DEPLOYABLE, home.resolve("deploy/deployable.jar"));
            String pw = password;
            runtime.await("the test actions are installed", Duration.ofSeconds(30),
                    () -> call(runtime, pw, "GET", "/actions", null).body().contains("itest.types"));
            call(runtime, password, "POST", "/tasks", "{\"id\": \"first\", \"action\": \"itest.types\", \"parameters\": "
                    + PARAMETERS + "}");
            firstRun = completed(runtime, password, "first").get("result");
            call(runtime, password, "POST", "/scheduler/pause", null);
            call(runtime, password, "POST", "/tasks", "{\"id\": \"after-restart\", \"action\": \"itest.types\","
                    + " \"parameters\": " + PARAMETERS + "}");
            assertEquals(0, runtime.stop());
        }
        assertEquals("BigDecimal", firstRun.path("gain").asText(), firstRun.toString());
        assertEquals("Integer", firstRun.path("exposure").asText(), firstRun.toString());
        try (RuntimeProcess again = RuntimeProcess.start(java, home, port).awaitReady()) {
            JsonNode afterRestart = completed(again, password, "after-restart").get("result");
            assertEquals(firstRun, afterRestart, "the types an action sees after a restart");
            assertEquals(firstRun, completed(again, password, "first").get("result"), "a stored result reads back the same");
        }
    }
}
