package org.orrery.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Seed 003's resource claims on the real runtime over HTTP: read claims on a resource nobody
 * configured run together, an exclusive one runs alone while readers wait, {@code GET /resources}
 * shows holders and waiters while the tasks run, and a capacity configured while it runs
 * ({@code etc/org.orrery.scheduler.cfg}, through File Install and Config Admin) bounds the readers
 * and, grown, starts the one that waited. The tasks are {@code system.wait} of an hour, ended by
 * cancelling them (which gives their resources back).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResourcesIT {

    RuntimeProcess runtime;
    String admin;
    String viewer;

    @BeforeAll
    void start() throws Exception {
        Path home = RuntimeLifecycleIT.WORK.resolve("resources-" + UUID.randomUUID());
        runtime = RuntimeProcess.start(Path.of(System.getProperty("java.home")), home, RuntimeProcess.freePort()).awaitReady();
        admin = RuntimeProcess.basic("admin", runtime.adminPassword());
        assertEquals(201, call("POST", "/users", "{\"name\": \"vera\", \"role\": \"viewer\", \"password\": \"vera-s3cret-pw\"}",
                admin).statusCode());
        viewer = RuntimeProcess.basic("vera", "vera-s3cret-pw");
    }

    @AfterAll
    void stop() throws Exception {
        if (runtime != null) {
            runtime.close();
        }
    }

    HttpResponse<String> call(String method, String path, String body, String authorization) {
        return Seed004TasksIT.call(runtime, method, path, body, authorization);
    }

    /** Submits an hour's {@code system.wait} with these claims (a JSON array). */
    void waitTask(String id, String resources) throws Exception {
        Seed004TasksIT.ok(call("POST", "/tasks", "{\"id\": \"" + id + "\", \"action\": \"system.wait\", \"parameters\":"
                + " {\"duration\": 3600}, \"resources\": " + resources + "}", admin), 201);
    }

    void awaitStatus(String id, String wanted) {
        runtime.await(id + " is " + wanted, Duration.ofSeconds(30), () -> status(id).equals(wanted));
    }

    String status(String id) {
        return Seed004TasksIT.status(runtime, id, admin);
    }

    void cancel(String... ids) throws Exception {
        for (String id : ids) {
            Seed004TasksIT.ok(call("DELETE", "/tasks/" + id, null, admin), 200);
            awaitStatus(id, "cancelled");
        }
    }

    JsonNode resource(String name) throws Exception {
        return Seed004TasksIT.ok(call("GET", "/resources/" + name, null, viewer), 200);
    }

    static List<String> holders(JsonNode resource) {
        List<String> out = new ArrayList<>();
        resource.get("holders").forEach(h -> out.add(h.get("task_id").asText() + " " + h.get("mode").asText() + " "
                + h.get("amount").asInt()));
        return out;
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void readClaimsOnAResourceNobodyConfiguredRunTogether() throws Exception {
        for (String id : List.of("cpu-1", "cpu-2", "cpu-3")) {
            waitTask(id, "[{\"type\": \"cpu\", \"identifier\": \"system_cpu\", \"mode\": \"read\"}]");
        }
        for (String id : List.of("cpu-1", "cpu-2", "cpu-3")) {
            awaitStatus(id, "running");
        }
        JsonNode cpu = resource("system_cpu");
        assertEquals(List.of("cpu-1 read 1", "cpu-2 read 1", "cpu-3 read 1"), holders(cpu), cpu.toString());
        assertEquals("cpu", cpu.get("type").asText());
        assertTrue(cpu.get("capacity").isNull(), "none configured: " + cpu);
        assertEquals("shared", cpu.get("mode").asText());
        assertEquals(List.of(), texts(cpu.get("waiting")));
        JsonNode task = Seed004TasksIT.ok(call("GET", "/tasks/cpu-1", null, viewer), 200);
        assertEquals("{\"name\":\"system_cpu\",\"type\":\"cpu\",\"mode\":\"read\",\"amount\":1}",
                task.get("resources").get(0).toString(), "stored and given back with its type");
        cancel("cpu-1", "cpu-2", "cpu-3");
        Seed004TasksIT.assertProblem(call("GET", "/resources/system_cpu", null, viewer), 404, "system_cpu");
    }

    @Test
    void anExclusiveHolderRunsAloneAndTheListShowsWhoHoldsAndWhoWaits() throws Exception {
        waitTask("api-writer", "[{\"name\": \"openai_api\", \"type\": \"external_api\", \"mode\": \"exclusive\"}]");
        awaitStatus("api-writer", "running");
        waitTask("api-reader-1", "[{\"name\": \"openai_api\", \"type\": \"external_api\", \"mode\": \"read\"}]");
        waitTask("api-reader-2", "[{\"name\": \"openai_api\", \"mode\": \"read\", \"amount\": 3}]");
        assertEquals("ready", status("api-reader-1"));
        assertEquals("ready", status("api-reader-2"));
        JsonNode list = Seed004TasksIT.ok(call("GET", "/resources?type=external_api", null, viewer), 200);
        assertEquals(1, list.size(), list.toString());
        JsonNode api = list.get(0);
        assertEquals("openai_api", api.get("name").asText());
        assertEquals("exclusive", api.get("mode").asText());
        assertEquals(List.of("api-writer exclusive 1"), holders(api));
        assertEquals(List.of("api-reader-1", "api-reader-2"), texts(api.get("waiting")));
        cancel("api-writer");
        awaitStatus("api-reader-1", "running");
        awaitStatus("api-reader-2", "running");
        JsonNode shared = resource("openai_api");
        assertEquals(List.of("api-reader-1 read 1", "api-reader-2 read 3"), holders(shared));
        assertEquals(4, shared.get("used").asInt());
        cancel("api-reader-1", "api-reader-2");
        Seed004TasksIT.assertProblem(call("POST", "/tasks", "{\"action\": \"system.wait\", \"parameters\": {\"duration\": 1},"
                + " \"resources\": [{\"name\": \"gpu0\", \"type\": \"graphics\"}]}", admin), 400, "resources[0].type", "external_api",
                "graphics");
        Seed004TasksIT.assertProblem(call("GET", "/resources?type=graphics", null, viewer), 400, "'type'", "graphics");
    }

    @Test
    void aCapacityConfiguredWhileRunningBoundsTheReadersAndGrownStartsTheOneThatWaited() throws Exception {
        configure("resource.capacities=lamp=1\n");
        runtime.await("the lamp's capacity of 1 is configured", Duration.ofSeconds(30), () -> capacity("lamp") == 1);
        waitTask("lamp-1", "[{\"name\": \"lamp\", \"mode\": \"read\"}]");
        awaitStatus("lamp-1", "running");
        waitTask("lamp-2", "[{\"name\": \"lamp\", \"mode\": \"read\"}]");
        assertEquals("ready", status("lamp-2"), "the capacity is 1");
        assertEquals(List.of("lamp-2"), texts(resource("lamp").get("waiting")));
        configure("resource.capacities=lamp=2\n");
        awaitStatus("lamp-2", "running");
        JsonNode lamp = resource("lamp");
        assertEquals(2, lamp.get("capacity").asInt());
        assertEquals(List.of("lamp-1 read 1", "lamp-2 read 1"), holders(lamp));
        cancel("lamp-1", "lamp-2");
    }

    /**
     * Writes {@code etc/org.orrery.scheduler.cfg} in one step (a file beside the home, then
     * renamed): File Install polls the folder and, reading a file half written, would apply a
     * configuration without the capacity (seen: a reader started that should have waited).
     */
    void configure(String properties) throws Exception {
        Path next = Files.writeString(runtime.home.resolve("org.orrery.scheduler.cfg.next"), properties);
        Files.move(next, runtime.home.resolve("etc/org.orrery.scheduler.cfg"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    /** The configured capacity of a resource as GET /resources/{name} shows it; -1 when not shown. */
    int capacity(String name) {
        HttpResponse<String> r = call("GET", "/resources/" + name, null, viewer);
        try {
            JsonNode n = Seed004TasksIT.JSON.readTree(r.body()).path("capacity");
            return r.statusCode() == 200 && n.isInt() ? n.asInt() : -1;
        } catch (Exception e) {
            return -1;
        }
    }
}
