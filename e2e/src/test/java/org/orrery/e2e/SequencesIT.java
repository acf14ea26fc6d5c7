package org.orrery.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Sequences on the runtime jar with the simulators, through the REST API: a template run, the
 * LRGB template's end area, a kill -9 in the middle of a ten-frame exposure step, skip to end,
 * validation that names the place, and two sequences that take turns on one camera.
 */
class SequencesIT {

    private static final Path JAVA = Path.of(System.getProperty("java.home"));
    private static Path home;
    private static int port;
    private static RuntimeProcess runtime;
    private static InstrumentApi api;

    @BeforeAll
    static void start() throws Exception {
        home = InstrumentApi.fastMount(RuntimeLifecycleIT.WORK.resolve("sequences-" + UUID.randomUUID()));
        port = RuntimeProcess.freePort();
        runtime = RuntimeProcess.start(JAVA, home, port).awaitReady();
        api = new InstrumentApi(runtime);
    }

    @AfterAll
    static void stop() throws Exception {
        if (runtime != null) {
            runtime.close();
        }
    }

    private static HttpResponse<String> post(String path, String body, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(runtime.uri("/api/v1" + path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", RuntimeProcess.basic("admin", api.password))
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", contentType);
        }
        return runtime.send(b.build());
    }

    private static JsonNode created(HttpResponse<String> response) {
        assertEquals(201, response.statusCode(), response.body());
        return InstrumentApi.json(response);
    }

    private static JsonNode sequence(String id) {
        return api.ok(api.call("GET", "/sequences/" + id, null));
    }

    private static String state(String id) {
        return sequence(id).get("state").asText();
    }

    private static JsonNode awaitState(String id, String expected, Duration timeout) {
        runtime.await("sequence " + id + " is " + expected, timeout, () -> {
            String s = state(id);
            if (!s.equals(expected) && Set.of("completed", "failed", "stopped", "halted").contains(s)) {
                throw new AssertionError("sequence " + id + " ended " + s + ", not " + expected + ": " + sequence(id));
            }
            return s.equals(expected);
        });
        return sequence(id);
    }

    /** Every step of the tree, depth first. */
    private static List<JsonNode> steps(JsonNode sequence) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode area : sequence.get("areas")) {
            collect(area, out);
        }
        return out;
    }

    private static void collect(JsonNode step, List<JsonNode> out) {
        out.add(step);
        if (step.has("children")) {
            for (JsonNode child : step.get("children")) {
                collect(child, out);
            }
        }
    }

    private static JsonNode step(JsonNode sequence, String id) {
        return steps(sequence).stream().filter(s -> s.get("id").asText().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no step " + id + " in " + sequence));
    }

    private static boolean mountParked() {
        JsonNode mounts = api.ok(api.call("GET", "/devices?type=mount", null));
        return mounts.size() > 0 && mounts.get(0).at("/values/parked").asBoolean();
    }

    @Test
    void basicExposureFromItsTemplateRunsOnTheSimulators() throws Exception {
        JsonNode made = created(post("/templates/BasicExposure/sequences?start=true", """
                {"targetName": "BASICM42", "exposureTime": 0.2, "frameType": "light", "binning": 2, "gain": 100,
                 "offset": 10, "count": 2}""", "application/json"));
        String id = made.get("id").asText();
        JsonNode done = awaitState(id, "completed", Duration.ofSeconds(60));
        assertEquals("BasicExposure", done.get("template").asText());
        List<Path> files = InstrumentApi.fitsFiles(home, "BASICM42");
        assertEquals(2, files.size(), "two frames: " + files);
        for (Path f : files) {
            InstrumentApi.assertFitsVerifies(f);
            assertEquals("BASICM42", InstrumentApi.header(f, "OBJECT"));
        }
        JsonNode tasks = api.ok(api.call("GET", "/tasks?tag=sequence:" + id, null));
        assertTrue(tasks.size() >= 1, "the sequence's tasks carry its tag: " + tasks);
        for (JsonNode t : tasks) {
            assertEquals("completed", t.get("status").asText(), t.toString());
        }
    }

    @Test
    void theLrgbTemplateCompletesAndItsEndAreaParksTheMount() throws Exception {
        JsonNode made = created(post("/templates/LRGB/sequences?start=true", """
                {"targetName": "LRGBTEST", "exposure": 0.1, "frames": 1}""", "application/json"));
        String id = made.get("id").asText();
        JsonNode done = awaitState(id, "completed", Duration.ofSeconds(120));
        JsonNode end = done.get("areas").get(2);
        assertEquals("end", end.get("id").asText());
        assertTrue(end.get("children").size() >= 1, "the end area has steps: " + end);
        for (JsonNode s : end.get("children")) {
            assertEquals("completed", s.get("state").asText(), s.toString());
        }
        assertTrue(mountParked(), "the end area parked the mount");
        assertTrue(InstrumentApi.fitsFiles(home, "LRGBTEST").size() >= 4, "a frame per filter at least: " + InstrumentApi.fitsFiles(home, "LRGBTEST"));
    }

    @Test
    void thePreviewOfASequenceWithoutTargetsIsAnEmptyNightAndBadTimesAre400() throws Exception {
        String id = created(post("/sequences", "{\"name\": \"no targets\", \"main\": []}", "application/json"))
                .get("id").asText();
        HttpResponse<String> preview = post("/sequences/" + id + "/preview?from=2026-12-05T18:00:00Z"
                + "&until=2026-12-06T08:00:00Z", null, null);
        assertEquals(200, preview.statusCode(), preview.body());
        JsonNode night = InstrumentApi.json(preview);
        assertEquals("2026-12-06T08:00:00Z", night.get("until").asText());
        assertEquals(1, night.get("entries").size(), night.toString());
        assertEquals("the sequence has no targets container", night.at("/entries/0/reason").asText());
        HttpResponse<String> bad = post("/sequences/" + id + "/preview?until=2026-12-05T17:00:00Z"
                + "&from=2026-12-05T18:00:00Z", null, null);
        assertEquals(400, bad.statusCode(), bad.body());
        assertTrue(bad.body().contains("'until'"), bad.body());
        assertEquals("created", state(id), "a preview changes nothing");
    }

    @Test
    void validationErrorsNameThePlaceAndCreateNothing() throws Exception {
        int before = api.ok(api.call("GET", "/sequences?limit=1000", null)).size();
        String yaml = """
                name: bad one
                main:
                  - type: task
                    action: system.noop
                  - type: sequential
                    steps:
                      - type: task
                        action: camera.expose
                        parameters:
                          exposure: -5
                """;
        HttpResponse<String> refused = post("/sequences", yaml, "application/yaml");
        assertEquals(400, refused.statusCode(), refused.body());
        JsonNode problem = InstrumentApi.json(refused);
        JsonNode first = problem.get("problems").get(0);
        assertEquals("/main/1/steps/0/parameters/exposure", first.get("pointer").asText(), refused.body());
        assertEquals(10, first.get("line").asInt(), refused.body());
        assertTrue(problem.get("detail").asText().contains("/main/1/steps/0/parameters/exposure"), refused.body());

        HttpResponse<String> undefined = post("/sequences", """
                {"name": "undefined macro", "main": [{"type": "task", "action": "system.echo",
                 "parameters": {"text": "${nowhere}"}}]}""", "application/json");
        assertEquals(400, undefined.statusCode(), undefined.body());
        assertTrue(undefined.body().contains("/main/0/parameters/text"), undefined.body());
        assertTrue(undefined.body().contains("nowhere"), undefined.body());

        HttpResponse<String> noMax = post("/sequences", """
                {"name": "endless", "main": [{"type": "loop", "id": "l", "while": {"field": "x", "operator": "exists"},
                 "steps": [{"type": "task", "action": "system.noop"}]}], "variables": {"x": 1}}""", "application/json");
        assertEquals(400, noMax.statusCode(), noMax.body());
        assertTrue(noMax.body().contains("max_iterations"), noMax.body());
        assertEquals(before, api.ok(api.call("GET", "/sequences?limit=1000", null)).size(), "nothing created");
    }

    @Test
    void skipToEndCancelsTheRunningExposureAndRunsTheEndArea() throws Exception {
        JsonNode made = created(post("/sequences?start=true", """
                {"name": "skip me", "main": [{"type": "task", "id": "long", "action": "camera.expose",
                  "parameters": {"exposure": 1, "count": 200, "object": "SKIPTEST"}},
                  {"type": "task", "id": "after", "action": "system.noop"}],
                 "end": [{"type": "task", "id": "park", "action": "mount.park"}]}""", "application/json"));
        String id = made.get("id").asText();
        runtime.await("the exposure step runs", Duration.ofSeconds(30),
                () -> step(sequence(id), "long").get("state").asText().equals("running"));
        api.ok(post("/sequences/" + id + "/skip-to-end", null, null));
        JsonNode done = awaitState(id, "completed", Duration.ofSeconds(60));
        assertEquals("cancelled", step(done, "long").get("state").asText());
        assertEquals("skipped", step(done, "after").get("state").asText());
        assertEquals("completed", step(done, "park").get("state").asText());
        assertTrue(mountParked());
        String task = step(done, "long").get("task_ids").get(0).asText();
        assertEquals("cancelled", api.ok(api.call("GET", "/tasks/" + task, null)).get("status").asText());
    }

    @Test
    void twoSequencesWantingOneCameraBothComplete() throws Exception {
        String doc = """
                {"name": "%s", "main": [{"type": "task", "id": "shots", "action": "camera.expose",
                  "parameters": {"exposure": 0.5, "count": 2, "object": "%s"}}]}""";
        String a = created(post("/sequences?start=true", doc.formatted("one", "TURNA"), "application/json")).get("id").asText();
        String b = created(post("/sequences?start=true", doc.formatted("two", "TURNB"), "application/json")).get("id").asText();
        JsonNode doneA = awaitState(a, "completed", Duration.ofSeconds(60));
        JsonNode doneB = awaitState(b, "completed", Duration.ofSeconds(60));
        JsonNode taskA = api.ok(api.call("GET", "/tasks/" + step(doneA, "shots").get("task_ids").get(0).asText(), null));
        JsonNode taskB = api.ok(api.call("GET", "/tasks/" + step(doneB, "shots").get("task_ids").get(0).asText(), null));
        Instant startA = Instant.parse(taskA.get("started_at").asText());
        Instant endA = Instant.parse(taskA.get("completed_at").asText());
        Instant startB = Instant.parse(taskB.get("started_at").asText());
        Instant endB = Instant.parse(taskB.get("completed_at").asText());
        assertTrue(!endA.isAfter(startB) || !endB.isAfter(startA),
                "the camera was used by one at a time: A " + startA + "–" + endA + ", B " + startB + "–" + endB);
        assertEquals(2, InstrumentApi.fitsFiles(home, "TURNA").size());
        assertEquals(2, InstrumentApi.fitsFiles(home, "TURNB").size());
    }

    @Test
    void stoppingTheSequenceBundleLeavesNoThreadAndItsStartResumesTheWaitingSequence() throws Exception {
        String id = created(post("/sequences?start=true", """
                {"name": "hot swap", "main": [{"type": "wait", "id": "long_wait", "seconds": 3600}],
                 "end": [{"type": "task", "id": "after", "action": "system.noop"}]}""", "application/json"))
                .get("id").asText();
        runtime.await("the wait runs", Duration.ofSeconds(20),
                () -> step(sequence(id), "long_wait").get("state").asText().equals("running"));
        assertTrue(api.threads().contains("orrery-sequences"), "the runner's thread runs while the bundle is active");
        long bundle = api.bundleId("org.orrery.core.sequence");
        api.bundleAction(bundle, "stop");
        runtime.await("no thread of the sequence runner is left", Duration.ofSeconds(20),
                () -> !api.threads().contains("orrery-sequences"));
        assertEquals(503, api.call("GET", "/sequences/" + id, null).statusCode());
        api.bundleAction(bundle, "start");
        runtime.awaitReady();
        runtime.await("the sequence is back", Duration.ofSeconds(20), () -> api.call("GET", "/sequences/" + id, null).statusCode() == 200);
        assertEquals("running", state(id), "taken up again, still waiting");
        assertEquals("running", step(sequence(id), "long_wait").get("state").asText());
        api.ok(post("/sequences/" + id + "/stop", null, null));
        JsonNode stopped = awaitState(id, "stopped", Duration.ofSeconds(30));
        assertEquals("completed", step(stopped, "after").get("state").asText(), "the end area ran after the stop");
    }

    @Test
    void aResumeAfterAnImmediatePauseContinuesTheSameExposureTask() throws Exception {
        String id = created(post("/sequences?start=true", """
                {"name": "paused", "main": [{"type": "task", "id": "six", "action": "camera.expose",
                  "parameters": {"exposure": 1, "count": 6, "object": "PAUSEIMM"}}]}""", "application/json"))
                .get("id").asText();
        runtime.await("two frames are written", Duration.ofSeconds(60), () -> {
            try {
                return InstrumentApi.fitsFiles(home, "PAUSEIMM").size() >= 2;
            } catch (IOException e) {
                return false;
            }
        });
        api.ok(post("/sequences/" + id + "/pause?mode=immediate", null, null));
        awaitState(id, "paused", Duration.ofSeconds(30));
        api.ok(post("/sequences/" + id + "/resume", null, null));
        JsonNode done = awaitState(id, "completed", Duration.ofSeconds(90));
        List<Path> files = InstrumentApi.fitsFiles(home, "PAUSEIMM");
        assertEquals(6, files.size(), "the six planned frames, none repeated: " + files);
        JsonNode six = step(done, "six");
        assertEquals(1, six.get("task_ids").size(), "the same task continued: " + six);
        JsonNode task = api.ok(api.call("GET", "/tasks/" + six.get("task_ids").get(0).asText(), null));
        assertTrue(task.get("attempts").asInt() >= 2, "one attempt before the pause, one after: " + task);
    }

    @Test
    void aKillInTheMiddleOfTenFramesResumesWithTheNextFrame() throws Exception {
        JsonNode made = created(post("/sequences?start=true", """
                {"name": "killed", "main": [{"type": "task", "id": "ten", "action": "camera.expose",
                  "parameters": {"exposure": 1, "count": 10, "object": "KILLTEST"}}],
                 "end": [{"type": "task", "id": "bye", "action": "system.echo", "parameters": {"text": "done"}}]}""",
                "application/json"));
        String id = made.get("id").asText();
        runtime.await("three frames are written", Duration.ofSeconds(60), () -> {
            try {
                return InstrumentApi.fitsFiles(home, "KILLTEST").size() >= 3;
            } catch (IOException e) {
                return false;
            }
        });
        runtime.kill();
        assertFalse(runtime.alive());
        int before = InstrumentApi.fitsFiles(home, "KILLTEST").size();
        assertTrue(before < 10, "killed before the end: " + before);
        runtime = RuntimeProcess.start(JAVA, home, port).awaitReady();
        api = new InstrumentApi(runtime);
        JsonNode done = awaitState(id, "completed", Duration.ofSeconds(90));
        assertEquals("completed", step(done, "bye").get("state").asText());
        List<Path> files = InstrumentApi.fitsFiles(home, "KILLTEST");
        Set<String> names = new HashSet<>();
        files.forEach(f -> names.add(f.getFileName().toString()));
        assertEquals(10, files.size(), "exactly the ten planned frames, none repeated, none missing: " + files);
        assertEquals(10, names.size());
        JsonNode ten = step(done, "ten");
        assertEquals(10, ten.at("/result/count").asInt(), ten.toString());
        assertEquals(20, ten.at("/result/files").size(), "a FITS file and a preview per frame: " + ten);
        JsonNode task = api.ok(api.call("GET", "/tasks/" + ten.get("task_ids").get(0).asText(), null));
        assertEquals(2, task.get("attempts").asInt(), "one attempt before the kill, one after: " + task);
    }
}
