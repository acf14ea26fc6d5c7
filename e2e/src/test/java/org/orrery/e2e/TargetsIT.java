package org.orrery.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A sequence with a {@code target} step on the runtime jar with the simulators and the sky bundle
 * (real-time sky clock, the default site on La Palma): the target is placed near the zenith now,
 * so its altitude constraint holds; its frames are written with its name and filters, and its
 * frame accounting is in its step's result.
 */
class TargetsIT {

    private static final Path JAVA = Path.of(System.getProperty("java.home"));
    /** The default site's longitude (the simulated mount's, and the sky bundle's default). */
    private static final double LATITUDE = 28.7606;
    private static Path home;
    private static RuntimeProcess runtime;
    private static InstrumentApi api;

    @BeforeAll
    static void start() throws Exception {
        // the default slew rate (5°/s), not InstrumentApi.fastMount, as this class ran green many times (a run with the
        // fast mount once retook R frames that found no star: those 0.2 s binned frames were marginal; R is 1 s now)
        home = RuntimeLifecycleIT.WORK.resolve("targets-" + UUID.randomUUID());
        runtime = RuntimeProcess.start(JAVA, home, RuntimeProcess.freePort()).awaitReady();
        api = new InstrumentApi(runtime);
    }

    @AfterAll
    static void stop() throws Exception {
        if (runtime != null) {
            runtime.close();
        }
    }



    private static HttpResponse<String> post(String path, String json) {
        return runtime.send(HttpRequest.newBuilder(runtime.uri("/api/v1" + path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", RuntimeProcess.basic("admin", api.password))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private static JsonNode awaitEnd(String id) {
        runtime.await("sequence " + id + " ends", Duration.ofSeconds(120), () -> {
            String state = api.ok(api.call("GET", "/sequences/" + id, null)).get("state").asText();
            return !state.equals("running") && !state.equals("created");
        });
        return api.ok(api.call("GET", "/sequences/" + id, null));
    }

    @Test
    void aContainerRecordsItsDecisionsAndAnUnknownObjectIsRefusedWithSuggestions() throws Exception {
        String doc = String.format(Locale.ROOT, """
                {"name": "one container",
                 "start": [{"type": "task", "id": "unpark", "action": "mount.unpark"}],
                 "main": [{"type": "targets", "id": "night", "strategy": "dispatch", "steps": [
                   {"type": "target", "id": "up", "name": "E2EUP", "ra": %.4f, "dec": %.4f,
                    "constraints": {"min_altitude": 30}, "plan": [{"exposure": 1, "count": 1}]}]}]}""",
                InstrumentApi.localSiderealHours(Instant.now()), LATITUDE);
        HttpResponse<String> made = post("/sequences?start=true", doc);
        assertEquals(201, made.statusCode(), made.body());
        String id = InstrumentApi.json(made).get("id").asText();
        assertEquals("completed", awaitEnd(id).get("state").asText());
        JsonNode decisions = api.ok(api.call("GET", "/sequences/" + id + "/decisions", null)).get("decisions");
        List<String> kinds = new java.util.ArrayList<>();
        decisions.forEach(d -> kinds.add(d.get("kind").asText()));
        assertEquals(List.of("run", "end"), kinds, decisions.toString());
        assertEquals("up", decisions.get(0).get("chosen_step_id").asText());
        assertEquals(1, InstrumentApi.fitsFiles(home, "E2EUP").size());
        assertEquals(404, api.call("GET", "/sequences/no-such-sequence/decisions", null).statusCode());

        HttpResponse<String> refused = post("/sequences", """
                {"name": "typo", "main": [{"type": "target", "name": "X", "object": "M 4299",
                  "plan": [{"exposure": 1, "count": 1}]}]}""");
        assertEquals(400, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("/main/0/object") && refused.body().contains("not in the catalog"),
                refused.body());
    }

    @Test
    void aTargetOfTwoFramesCompletesWithItsNameAndFiltersInTheFrames() throws Exception {
        double ra = InstrumentApi.localSiderealHours(Instant.now());
        String doc = String.format(Locale.ROOT, """
                {"name": "one target",
                 "start": [{"type": "task", "id": "unpark", "action": "mount.unpark"}],
                 "main": [{"type": "target", "id": "zenith", "name": "E2ETARGET", "ra": %.4f, "dec": %.4f,
                           "constraints": {"min_altitude": 30},
                           "plan_order": "cycle",
                           "plan": [{"filter": "L", "exposure": 0.5, "count": 1},
                                    {"filter": "R", "exposure": 1, "count": 1, "binning": 2}]}]}""",
                ra, LATITUDE);
        HttpResponse<String> made = runtime.send(HttpRequest.newBuilder(runtime.uri("/api/v1/sequences?start=true"))
                .timeout(Duration.ofSeconds(20)).header("Authorization", RuntimeProcess.basic("admin", api.password))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(doc)).build());
        assertEquals(201, made.statusCode(), made.body());
        String id = InstrumentApi.json(made).get("id").asText();
        runtime.await("sequence " + id + " ends", Duration.ofSeconds(120), () -> {
            String state = api.ok(api.call("GET", "/sequences/" + id, null)).get("state").asText();
            return !state.equals("running") && !state.equals("created");
        });
        JsonNode done = api.ok(api.call("GET", "/sequences/" + id, null));
        assertEquals("completed", done.get("state").asText(), done.toString());
        JsonNode target = InstrumentApi.step(done.get("areas").get(1), "zenith");
        assertEquals("completed", target.get("state").asText(), target.toString());
        assertEquals("done", target.at("/result/status").asText(), target.toString());
        assertEquals(2, target.at("/result/frames").asInt(), target.toString());

        List<Path> files = InstrumentApi.fitsFiles(home, "E2ETARGET");
        assertEquals(2, files.size(), "two frames: " + files);
        List<String> filters = new java.util.ArrayList<>();
        for (Path f : files) {
            InstrumentApi.assertFitsVerifies(f);
            assertEquals("E2ETARGET", InstrumentApi.header(f, "OBJECT"));
            filters.add(InstrumentApi.header(f, "FILTER"));
        }
        assertEquals(List.of("L", "R"), filters.stream().sorted().toList());
        // the task ids are the target's frames: its step, the entry key and the frame's number
        JsonNode tasks = api.ok(api.call("GET", "/tasks?tag=sequence:" + id, null));
        List<String> ids = new java.util.ArrayList<>();
        tasks.forEach(t -> ids.add(t.get("id").asText()));
        assertTrue(ids.contains(id + ".zenith.L-0.5s-1x1.1") && ids.contains(id + ".zenith.R-1s-2x2.1")
                && ids.contains(id + ".zenith.slew.1"), ids.toString());
    }

    private static JsonNode task(String id, String taskId) {
        for (JsonNode t : api.ok(api.call("GET", "/tasks?tag=sequence:" + id, null))) {
            if (t.get("id").asText().equals(taskId)) {
                return t;
            }
        }
        return null;
    }

    @Test
    void theNightTurningUnsafeDuringAFrameCancelsItParksAndRetakesItWhenSafeAgain() throws Exception {
        Path cfg = home.resolve("etc/org.orrery.devices.simulator.safety-sim.cfg");
        String original = Files.readString(cfg);
        String doc = String.format(Locale.ROOT, """
                {"name": "unsafe night",
                 "start": [{"type": "task", "id": "unpark", "action": "mount.unpark"}],
                 "main": [{"type": "target", "id": "wet", "name": "E2EWET", "ra": %.4f, "dec": %.4f,
                           "on_unsafe": {"action": "park_and_wait", "safe_for_minutes": 0.1, "refocus": false},
                           "plan": [{"filter": "L", "exposure": 15, "count": 1}]}]}""",
                InstrumentApi.localSiderealHours(Instant.now()), LATITUDE);
        HttpResponse<String> made = post("/sequences?start=true", doc);
        assertEquals(201, made.statusCode(), made.body());
        String id = InstrumentApi.json(made).get("id").asText();
        String first = id + ".wet.L-15s-1x1.1";
        runtime.await("the first frame runs", Duration.ofSeconds(30), () -> {
            JsonNode t = task(id, first);
            return t != null && t.get("status").asText().equals("running");
        });
        Instant unsafe = Instant.now().plusSeconds(3);
        Instant safe = unsafe.plusSeconds(5);
        try {
            Files.writeString(cfg, original + "\nschedule=" + unsafe + " unsafe rain 2 mm/h; " + safe + " safe\n");
            runtime.await("the frame is cancelled", Duration.ofSeconds(20),
                    () -> task(id, first).get("status").asText().equals("cancelled"));
            Instant cancelled = Instant.parse(task(id, first).get("completed_at").asText());
            assertTrue(Duration.between(unsafe, cancelled).toMillis() < 6000,
                    "cancelled at " + cancelled + ", unsafe from " + unsafe);
            JsonNode done = awaitEnd(id);
            assertEquals("completed", done.get("state").asText(), done.toString());
            JsonNode target = InstrumentApi.step(done.get("areas").get(1), "wet");
            assertEquals("done", target.at("/result/status").asText(), target.toString());
            assertEquals(1, target.at("/result/frames").asInt(), target.toString());
            assertTrue(target.at("/result/interruptions/0/reason").asText().startsWith("unsafe: sim-safety: rain"),
                    target.toString());
            JsonNode park = task(id, id + ".wet.park.1");
            JsonNode unpark = task(id, id + ".wet.unpark.2");
            assertEquals("completed", park.get("status").asText(), park.toString());
            assertEquals("completed", unpark.get("status").asText(), unpark.toString());
            assertTrue(!Instant.parse(unpark.get("started_at").asText()).isBefore(safe.plusSeconds(6)),
                    "unparked after 6 s of safety: " + unpark);
            assertEquals("completed", task(id, id + ".wet.slew.2").get("status").asText());
            assertEquals("completed", task(id, id + ".wet.L-15s-1x1.2").get("status").asText());
            assertEquals(1, InstrumentApi.fitsFiles(home, "E2EWET").size(), "only the frame taken again is written");
        } finally {
            Files.writeString(cfg, original);
        }
    }
}
