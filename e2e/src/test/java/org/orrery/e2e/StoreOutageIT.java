package org.orrery.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.orrery.testsupport.PostgresServer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The runtime on a real PostgreSQL server that goes away while it runs: submissions are refused
 * with 503 naming the cause and nothing refused is kept, and once the server is back the runtime
 * takes submissions again by itself (no restart), the same task id included.
 */
class StoreOutageIT {

    @Test
    void aDatabaseThatGoesAwayIsReportedAndTheRuntimeRecoversByItself() throws Exception {
        Path home = RuntimeLifecycleIT.WORK.resolve("outage-" + UUID.randomUUID());
        try (PostgresServer postgres = PostgresServer.start(home.resolveSibling(home.getFileName() + "-pg"))) {
            Files.createDirectories(home.resolve("etc"));
            Files.writeString(home.resolve("etc/org.orrery.store.jdbc.cfg"), "url=" + postgres.jdbcUrl() + "\nuser="
                    + postgres.user() + "\n.password=" + postgres.password() + "\n");
            InstrumentApi api = new InstrumentApi(RuntimeProcess.start(Path.of(System.getProperty("java.home")), home,
                    RuntimeProcess.freePort()).awaitReady());
            try {
                JsonNode before = api.awaitEnd(api.submit("{\"id\": \"before\", \"action\": \"system.echo\"}").get("id")
                        .asText(), Duration.ofSeconds(30));
                assertEquals("completed", before.get("status").asText());

                postgres.stop();
                String task = "{\"id\": \"during\", \"action\": \"system.echo\"}";
                HttpResponse<String> refused = api.call("POST", "/tasks", task);
                assertEquals(503, refused.statusCode(), refused.body());
                assertTrue(refused.body().contains("nothing was accepted"), refused.body());
                assertTrue(refused.body().contains("task store"), refused.body());
                assertEquals(404, api.call("GET", "/tasks/during", null).statusCode(), "a refused task is known");

                postgres.start();
                HttpResponse<String>[] accepted = new HttpResponse[1];
                api.runtime.await("the runtime takes the same submission once the database is back", Duration.ofSeconds(60),
                        () -> (accepted[0] = api.call("POST", "/tasks", task)).statusCode() == 201);
                JsonNode during = api.awaitEnd("during", Duration.ofSeconds(30));
                assertEquals("completed", during.get("status").asText(), during.toString());
                assertEquals("2", postgres.psql(PostgresServer.DATABASE, "SELECT count(*) FROM tasks").trim(),
                        "the store holds both tasks, and nothing of the refused attempt");
                assertTrue(!api.runtime.logFile().contains(postgres.password()), "the database password is in the log");
            } finally {
                api.runtime.close();
            }
        }
    }
}
