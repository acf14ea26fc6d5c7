package org.orrery.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A night at the telescope on the runtime jar with the simulators: the sky clock of a fresh home
 * starts in a December night at the default site (La Palma) and runs fast, so a night's work
 * takes a minute of real time (the camera's exposures and the mount's slews take real time, so
 * the frames are 1 s). The targets are placed from the sidereal time {@code GET /sky} tells.
 */
class NightIT {

    private static final Path JAVA = Path.of(System.getProperty("java.home"));
    private static final double LATITUDE = 28.7606;
    /** Hour angle (h) at which a star at the site's latitude (through the zenith) is 30° high. */
    private static final double HOUR_ANGLE_AT_30 = Math.toDegrees(Math.acos((0.5 - sq(Math.sin(Math.toRadians(
            LATITUDE)))) / sq(Math.cos(Math.toRadians(LATITUDE))))) / 15;

    private static double sq(double x) {
        return x * x;
    }

    private static Path home(String name, Instant clockStart, int rate) throws IOException {
        Path home = RuntimeLifecycleIT.WORK.resolve(name + "-" + UUID.randomUUID());
        InstrumentApi.fastMount(home);
        clock(home, clockStart, rate);
        return home;
    }

    private static void clock(Path home, Instant start, int rate) throws IOException {
        Files.writeString(home.resolve("etc/org.orrery.sky.clock.cfg"), "start=" + start + "\nrate=" + rate + "\n");
    }

    /** The runtime with its sky clock configured (at or after {@code start}, running at {@code rate}). */
    private static InstrumentApi start(Path home, Instant start, int rate) throws Exception {
        InstrumentApi api = new InstrumentApi(RuntimeProcess.start(JAVA, home, RuntimeProcess.freePort()).awaitReady());
        api.runtime.await("the configured sky clock", Duration.ofSeconds(30), () -> {
            HttpResponse<String> sky = api.call("GET", "/sky", null);
            return sky.statusCode() == 200 && InstrumentApi.json(sky).path("clock_rate").asDouble() == rate
                    && !Instant.parse(InstrumentApi.json(sky).path("time").asText()).isBefore(start);
        });
        return api;
    }

    private static String create(InstrumentApi api, String doc) {
        HttpResponse<String> made = api.runtime.send(HttpRequest.newBuilder(api.runtime.uri(
                "/api/v1/sequences?start=true")).timeout(Duration.ofSeconds(20))
                .header("Authorization", RuntimeProcess.basic("admin", api.password))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(doc)).build());
        assertEquals(201, made.statusCode(), made.body());
        return InstrumentApi.json(made).get("id").asText();
    }

    private static JsonNode awaitEnd(InstrumentApi api, String id, Duration timeout) {
        api.runtime.await("sequence " + id + " ends", timeout, () -> {
            String state = api.ok(api.call("GET", "/sequences/" + id, null)).get("state").asText();
            return !state.equals("running") && !state.equals("created");
        });
        return api.ok(api.call("GET", "/sequences/" + id, null));
    }

    private static List<JsonNode> tasks(InstrumentApi api, String id, String prefix) {
        List<JsonNode> tasks = new ArrayList<>();
        api.ok(api.call("GET", "/tasks?tag=sequence:" + id, null)).forEach(t -> {
            if (t.get("id").asText().startsWith(prefix)) {
                tasks.add(t);
            }
        });
        return tasks;
    }

    private static double hours(double h) {
        return ((h % 24) + 24) % 24;
    }

    /** The difference of two right ascensions in hours, across 0 h. */
    private static double raDifference(double a, double b) {
        double d = Math.abs(hours(a) - hours(b));
        return Math.min(d, 24 - d);
    }

    private static void assertPointing(Path fits, double ra, double dec) throws IOException {
        double raHours = Double.parseDouble(InstrumentApi.header(fits, "RA")) / 15;
        double decDegrees = Double.parseDouble(InstrumentApi.header(fits, "DEC"));
        // JNow against J2000 (26 years of precession: about 1.3 min of RA, 0.15°) and a dither
        assertTrue(raDifference(raHours, ra) < 0.05 && Math.abs(decDegrees - dec) < 0.3,
                fits + ": pointing " + raHours + " h " + decDegrees + "°, the target " + ra + " h " + dec + "°");
    }

    @Test
    void twoTargetsAnAutofocusAfterTheFilterChangeADitherAndDawnEndsTheNight() throws Exception {
        int rate = 120;
        Instant clockStart = Instant.parse("2026-12-06T04:00:00Z");
        Path home = home("night", clockStart, rate);
        InstrumentApi api = start(home, clockStart, rate);
        try {
            // the built-in night template is accepted as it is (its catalog objects resolve)
            HttpResponse<String> template = api.call("POST", "/templates/MultiTargetNight/sequences", "{}");
            assertEquals(201, template.statusCode(), template.body());

            JsonNode sky = api.ok(api.call("GET", "/sky", null));
            Instant now = Instant.parse(sky.path("time").asText());
            double lst = sky.path("sidereal_time").asDouble();
            Instant dawn = Instant.parse(sky.at("/twilight/astronomical/dawn").asText());
            // the night ends (the container's until: astronomical dawn + offset) 50 s of real time from now
            long offset = Duration.between(dawn, now.plusSeconds(50L * rate)).toMinutes();
            // A: just past the meridian, near the zenith; B: in the east, 30° high 20 s of real time from now
            double raA = hours(lst - 0.3);
            double raB = hours(lst + HOUR_ANGLE_AT_30 + 20.0 * rate / 3600);
            String id = create(api, String.format(Locale.ROOT, """
                    {"name": "a night",
                     "start": [{"type": "task", "id": "unpark", "action": "mount.unpark"}],
                     "main": [{"type": "targets", "id": "night", "strategy": "dispatch", "decision_interval": 600,
                       "park_when_waiting": true,
                       "until": {"twilight": "astronomical", "event": "dawn", "offset_minutes": %d},
                       "triggers": [{"type": "autofocus", "after_filter_change": true,
                                     "parameters": {"exposure": 1.5, "steps": 2, "step_size": 250}},
                                    {"type": "dither", "every_frames": 3, "max_arcsec": 20}],
                       "steps": [
                         {"type": "target", "id": "a", "name": "E2ENIGHTA", "ra": %.4f, "dec": %.4f, "priority": 5,
                          "constraints": {"min_altitude": 30},
                          "plan": [{"filter": "L", "exposure": 1, "count": 2}, {"filter": "R", "exposure": 1, "count": 2}]},
                         {"type": "target", "id": "b", "name": "E2ENIGHTB", "ra": %.4f, "dec": %.4f, "priority": 1,
                          "constraints": {"min_altitude": 30},
                          "plan": [{"filter": "L", "exposure": 1, "count": 2}, {"filter": "R", "exposure": 1, "count": 100}]}]}],
                     "end": [{"type": "task", "id": "park", "action": "mount.park"}]}""",
                    offset, raA, LATITUDE, raB, LATITUDE));
            JsonNode done = awaitEnd(api, id, Duration.ofSeconds(180));
            assertEquals("completed", done.get("state").asText(), done.toString());

            // the decisions explain each switch
            JsonNode decisions = api.ok(api.call("GET", "/sequences/" + id + "/decisions", null)).get("decisions");
            List<String> kinds = new ArrayList<>();
            decisions.forEach(d -> kinds.add(d.get("kind").asText()));
            assertEquals("run", kinds.get(0), decisions.toString());
            assertEquals("a", decisions.get(0).get("chosen_step_id").asText(), decisions.toString());
            JsonNode last = decisions.get(decisions.size() - 1);
            assertEquals("end", last.get("kind").asText(), decisions.toString());
            assertTrue(last.get("summary").asText().startsWith("the night ended at "), last.toString());
            JsonNode toB = null;
            for (JsonNode d : decisions) {
                assertFalse(d.get("summary").asText().isBlank(), d.toString());
                if ("b".equals(d.path("chosen_step_id").asText()) && toB == null) {
                    toB = d;
                }
                if ("wait".equals(d.get("kind").asText())) {
                    assertTrue(d.get("summary").asText().startsWith("no target may run now; waiting until "),
                            d.toString());
                    assertTrue(reason(d, "b").startsWith("below 30°"), d.toString());
                }
            }
            assertTrue(toB != null, "a decision runs B: " + decisions);
            assertEquals("complete (4/4)", reason(toB, "a"), toB.toString());

            // A's frames: an autofocus before its first R frame, a dither before its fourth frame
            List<String> actionsA = tasks(api, id, id + ".a.").stream()
                    .sorted(java.util.Comparator.comparing(t -> Instant.parse(t.get("created_at").asText())))
                    .map(t -> t.get("action").asText()).toList();
            assertEquals(List.of("mount.slew", "camera.expose", "camera.expose", "autofocus", "camera.expose",
                    "mount.dither", "camera.expose"), actionsA);

            // the FITS headers: the object, its filter, its pointing and the pier side (A west of the
            // meridian: the tube east of the pier; B east of it: west)
            List<Path> framesA = InstrumentApi.fitsFiles(home, "E2ENIGHTA");
            assertEquals(4, framesA.size(), framesA.toString());
            List<String> filtersA = new ArrayList<>();
            for (Path f : framesA) {
                assertEquals("E2ENIGHTA", InstrumentApi.header(f, "OBJECT"));
                assertEquals("EAST", InstrumentApi.header(f, "PIERSIDE"), f.toString());
                assertPointing(f, raA, LATITUDE);
                filtersA.add(InstrumentApi.header(f, "FILTER"));
            }
            assertEquals(List.of("L", "L", "R", "R"), filtersA.stream().sorted().toList());
            List<Path> framesB = InstrumentApi.fitsFiles(home, "E2ENIGHTB");
            assertFalse(framesB.isEmpty(), "B took frames before dawn");
            for (Path f : framesB) {
                assertEquals("E2ENIGHTB", InstrumentApi.header(f, "OBJECT"));
                assertEquals("WEST", InstrumentApi.header(f, "PIERSIDE"), f.toString());
                assertPointing(f, raB, LATITUDE);
                assertTrue(List.of("L", "R").contains(InstrumentApi.header(f, "FILTER")), f.toString());
            }
            assertTrue(framesB.size() < 102, "dawn ended B before its plan: " + framesB.size());

            // the end area parked the mount
            JsonNode mount = api.ok(api.call("GET", "/devices/sim-mount", null));
            assertTrue(mount.at("/values/parked").asBoolean(), mount.toString());
        } finally {
            api.runtime.close();
        }
    }

    /** A candidate's reason in a decision. */
    private static String reason(JsonNode decision, String stepId) {
        for (JsonNode c : decision.path("candidates")) {
            if (stepId.equals(c.path("step_id").asText())) {
                return c.path("reason").asText();
            }
        }
        return "(no candidate " + stepId + " in " + decision + ")";
    }

    @Test
    void killedInTheNightItResumesWithTheClockMovedOnAndTakesNoFrameTwice() throws Exception {
        int rate = 60;
        Instant clockStart = Instant.parse("2026-12-05T23:00:00Z");
        Path home = home("night-kill", clockStart, rate);
        InstrumentApi api = start(home, clockStart, rate);
        String id;
        double ra;
        List<Path> beforeKill;
        try {
            JsonNode sky = api.ok(api.call("GET", "/sky", null));
            // east of the meridian now, still high an hour of clock later
            ra = hours(sky.path("sidereal_time").asDouble() + 0.4);
            id = create(api, String.format(Locale.ROOT, """
                    {"name": "a night cut short",
                     "start": [{"type": "task", "id": "unpark", "action": "mount.unpark"}],
                     "main": [{"type": "targets", "id": "night", "strategy": "dispatch",
                       "until": {"twilight": "astronomical", "event": "dawn"},
                       "steps": [{"type": "target", "id": "c", "name": "E2EKILL", "ra": %.4f, "dec": %.4f,
                         "constraints": {"min_altitude": 30},
                         "plan": [{"filter": "L", "exposure": 1, "count": 4}, {"filter": "R", "exposure": 1, "count": 3}]}]}],
                     "end": [{"type": "task", "id": "park", "action": "mount.park"}]}""", ra, LATITUDE));
            api.runtime.await("two frames are taken", Duration.ofSeconds(120),
                    () -> tasks(api, id, id + ".c.L-").stream()
                            .filter(t -> t.get("status").asText().equals("completed")).count() >= 2);
            api.runtime.kill();
            beforeKill = InstrumentApi.fitsFiles(home, "E2EKILL");
        } finally {
            api.runtime.close();
        }
        // the clock moved on: the runtime comes back half an hour later in the night
        Instant later = Instant.parse("2026-12-06T00:30:00Z");
        clock(home, later, rate);
        InstrumentApi again = start(home, later, rate);
        try {
            JsonNode done = awaitEnd(again, id, Duration.ofSeconds(120));
            assertEquals("completed", done.get("state").asText(), done.toString());

            List<JsonNode> frames = tasks(again, id, id + ".c.").stream()
                    .filter(t -> t.get("action").asText().equals("camera.expose")).toList();
            // the frame that ran at the kill (if one did) is cancelled after the restart and taken again under
            // the next number, once the target is pointed at again (unpark, slew): it is never counted
            List<JsonNode> completed = frames.stream().filter(t -> t.get("status").asText().equals("completed"))
                    .toList();
            List<JsonNode> other = frames.stream().filter(t -> !t.get("status").asText().equals("completed")).toList();
            assertTrue(other.size() <= 1 && other.stream().allMatch(t -> t.get("status").asText().equals("cancelled")),
                    other.toString());
            List<String> ids = completed.stream().map(t -> t.get("id").asText()).toList();
            assertEquals(ids.size(), new HashSet<>(ids).size(), "a frame task twice: " + ids);
            assertEquals(3, ids.stream().filter(i -> i.startsWith(id + ".c.R-1s-1x1.")).count(), ids.toString());
            assertTrue(ids.stream().filter(i -> i.startsWith(id + ".c.L-1s-1x1.")).count() >= 4, ids.toString());

            // one FITS file per completed frame task: a frame taken twice would have written a second one
            Set<String> written = new HashSet<>();
            for (JsonNode t : completed) {
                List<String> files = new ArrayList<>();
                t.at("/result/files").forEach(f -> files.add(f.asText()));
                assertEquals(1, files.stream().filter(f -> f.endsWith(".fits")).count(), t.toString());
                assertTrue(written.addAll(files), "a file of two frames: " + files);
            }
            List<Path> fits = InstrumentApi.fitsFiles(home, "E2EKILL");
            assertEquals(completed.size(), fits.size(), fits.toString());
            assertTrue(beforeKill.size() >= 2 && fits.containsAll(beforeKill), beforeKill + " then " + fits);
            for (Path f : fits) {
                assertFalse(f.getFileName().toString().matches(".*-\\d+\\.fits"), "a second file for a frame: " + f);
                assertEquals("E2EKILL", InstrumentApi.header(f, "OBJECT"));
                // the simulated mount comes back parked: every frame after the restart was taken after a new slew
                assertPointing(f, ra, LATITUDE);
            }
            JsonNode target = find(done.get("areas").get(1), "c");
            assertEquals("done", target.at("/result/status").asText(), target.toString());
            assertEquals(7, target.at("/result/frames").asInt(), target.toString());
        } finally {
            again.runtime.close();
        }
    }

    /** The built-in MultiTargetNight with one target past the meridian (no flip) and short frames. */
    @Test
    void theNightTemplateRunsItsTriggersAndParks() throws Exception {
        Instant clockStart = Instant.parse("2026-12-05T23:00:00Z");
        Path home = home("night-template", clockStart, 60);
        InstrumentApi api = start(home, clockStart, 60);
        try {
            runTheTemplate(api, home);
        } finally {
            api.runtime.close();
        }
    }

    private static void runTheTemplate(InstrumentApi api, Path home) throws IOException {
        double ra = hours(api.ok(api.call("GET", "/sky", null)).path("sidereal_time").asDouble() - 0.3);
        HttpResponse<String> made = api.call("POST", "/templates/MultiTargetNight/sequences?start=true",
                String.format(Locale.ROOT, """
                        {"targetCount": 1, "target1": "E2ETEMPLATE", "target1Ra": %.4f, "target1Dec": %.4f,
                         "exposure": 0.5, "frames": 1, "autofocusExposure": 1.5, "autofocusSteps": 2,
                         "autofocusStepSize": 250}""",
                        ra, LATITUDE));
        assertEquals(201, made.statusCode(), made.body());
        String id = InstrumentApi.json(made).get("id").asText();
        JsonNode done = awaitEnd(api, id, Duration.ofSeconds(120));
        assertEquals("completed", done.get("state").asText(), done.toString());
        List<String> actions = tasks(api, id, "").stream()
                .sorted(java.util.Comparator.comparing(t -> Instant.parse(t.get("created_at").asText())))
                .map(t -> t.get("action").asText()).toList();
        // L, then a filter change before each of R, G, B; a dither before the fourth frame
        assertEquals(List.of("mount.unpark", "mount.slew", "camera.expose", "autofocus", "camera.expose",
                "autofocus", "camera.expose", "autofocus", "mount.dither", "camera.expose", "mount.park"), actions);
        List<String> filters = new ArrayList<>();
        for (Path f : InstrumentApi.fitsFiles(home, "E2ETEMPLATE")) {
            assertEquals("E2ETEMPLATE", InstrumentApi.header(f, "OBJECT"));
            assertEquals("EAST", InstrumentApi.header(f, "PIERSIDE"), f.toString());
            assertPointing(f, ra, LATITUDE);
            filters.add(InstrumentApi.header(f, "FILTER"));
        }
        assertEquals(List.of("B", "G", "L", "R"), filters.stream().sorted().toList());
        assertTrue(api.ok(api.call("GET", "/devices/sim-mount", null)).at("/values/parked").asBoolean());
    }

    private static JsonNode find(JsonNode step, String id) {
        if (step.get("id").asText().equals(id)) {
            return step;
        }
        for (JsonNode child : step.path("children")) {
            JsonNode found = find(child, id);
            if (found != null) {
                return found;
            }
        }
        return null;
    }
}
