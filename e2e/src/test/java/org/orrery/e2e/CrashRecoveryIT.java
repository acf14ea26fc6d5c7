package org.orrery.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import java.nio.file.Files;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.orrery.testsupport.PostgresServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Nothing accepted is lost when the process is killed (SIGKILL, as a power cut), and nothing
 * unsafe runs twice: the durable store keeps every task, and after the restart a task that was
 * running runs again only if its action is safe to re-run. On the default SQLite store and on a
 * real PostgreSQL server (the runtime's PostgreSQL driver bundle, through its DataSourceFactory).
 */
class CrashRecoveryIT {

    static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode call(RuntimeProcess runtime, String password, String method, String path, String body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(runtime.uri("/api/v1" + path))
                .header("Authorization", RuntimeProcess.basic("admin", password))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        HttpResponse<String> r = runtime.send(b.build());
        assertTrue(r.statusCode() < 300, method + " " + path + " -> " + r.statusCode() + " " + r.body());
        return JSON.readTree(r.body());
    }

    private static String status(RuntimeProcess runtime, String password, String id) {
        try {
            return call(runtime, password, "GET", "/tasks/" + id, null).get("status").asText();
        } catch (Exception e) {
            return "unreadable: " + e;
        }
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = { "sqlite", "postgresql" })
    void tasksSurviveAKillAndOnlySafeOnesRunAgain(String database) throws Exception {
        Path home = RuntimeLifecycleIT.WORK.resolve("crash-" + database + "-" + UUID.randomUUID());
        if (database.equals("postgresql")) {
            try (PostgresServer postgres = PostgresServer.start(home.resolveSibling(home.getFileName() + "-pg"))) {
                Files.createDirectories(home.resolve("etc"));
                Files.writeString(home.resolve("etc/org.orrery.store.jdbc.cfg"), "url=" + postgres.jdbcUrl() + "\nuser="
                        + postgres.user() + "\n.password=" + postgres.password() + "\n");
                killAndRestart(home);
                try (RuntimeProcess check = RuntimeProcess.start(Path.of(System.getProperty("java.home")), home,
                        RuntimeProcess.freePort()).awaitReady()) {
                    assertTrue(!check.logFile().contains(postgres.password()), "the database password is in the log");
                    assertEquals("4", postgres.psql(PostgresServer.DATABASE, "SELECT count(*) FROM tasks").trim(), "the tasks are in PostgreSQL");
                }
            }
        } else {
            killAndRestart(home);
        }
    }

    private void killAndRestart(Path home) throws Exception {
        Path java = Path.of(System.getProperty("java.home"));
        int port = RuntimeProcess.freePort();
        String password;
        try (RuntimeProcess runtime = RuntimeProcess.start(java, home, port).awaitReady()) {
            password = runtime.adminPassword();
            RuntimeLifecycleIT.copyAtomically(RuntimeLifecycleIT.DEPLOYABLE, home.resolve("deploy/deployable.jar"));
            String pw = password;
            runtime.await("the test actions are installed", Duration.ofSeconds(30),
                    () -> { try { return call(runtime, pw, "GET", "/actions", null).toString().contains("itest.once"); }
                            catch (Exception | AssertionError e) { return false; } });
            call(runtime, password, "POST", "/tasks", "{\"id\": \"done\", \"action\": \"system.echo\"}");
            call(runtime, password, "POST", "/tasks", "{\"id\": \"safe\", \"action\": \"system.wait\", \"parameters\": {\"duration\": 2}}");
            call(runtime, password, "POST", "/tasks", "{\"id\": \"unsafe\", \"action\": \"itest.once\", \"parameters\": {\"seconds\": 60}}");
            call(runtime, password, "POST", "/tasks", "{\"id\": \"later\", \"action\": \"system.noop\", \"not_before\": \"2099-01-01T00:00:00Z\"}");
            runtime.await("both long tasks run and the first is done", Duration.ofSeconds(20),
                    () -> status(runtime, pw, "safe").equals("running") && status(runtime, pw, "unsafe").equals("running")
                            && status(runtime, pw, "done").equals("completed"));
            runtime.kill();
        }
        try (RuntimeProcess again = RuntimeProcess.start(java, home, port).awaitReady()) {
            String pw = password;
            assertEquals("completed", status(again, password, "done"));
            assertEquals("pending", status(again, password, "later"));
            again.await("the safe task ran again and completed", Duration.ofSeconds(30),
                    () -> status(again, pw, "safe").equals("completed"));
            assertEquals(2, call(again, password, "GET", "/tasks/safe", null).get("attempts").asInt());
            again.await("the unsafe task failed instead of running twice", Duration.ofSeconds(30),
                    () -> status(again, pw, "unsafe").equals("failed"));
            JsonNode unsafe = call(again, password, "GET", "/tasks/unsafe", null);
            assertTrue(unsafe.get("error").asText().contains("interrupted by restart"), unsafe.toString());
            assertEquals(1, unsafe.get("attempts").asInt(), "never started again");
            assertEquals(4, call(again, password, "GET", "/tasks", null).size(), "nothing lost");
            assertTrue(again.logFile().contains("Took up"), "the recovery is reported in the log");
        }
    }
}
