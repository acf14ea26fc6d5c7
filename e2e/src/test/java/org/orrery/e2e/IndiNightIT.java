package org.orrery.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A night's {@code target} on INDI's simulators through the runtime jar: indiserver with the
 * telescope, CCD, focuser, filter wheel and weather simulators (and devices.indi's stand-in
 * {@code gsc}, so frames have stars), a home without Orrery's simulated instruments, so the
 * target's tasks use the INDI devices. The wheel's slots 1 and 8 are renamed R and L with
 * {@code indi_setprop}, as an observer names the filters of a real wheel.
 *
 * <p>The INDI telescope simulator's site is latitude 0, longitude 0 (no configuration in its
 * scratch HOME); the runtime's sky site is the default, La Palma (28.76°, −17.88°). The targets are
 * placed on the meridian of the longitude halfway between, at the declination halfway between: more
 * than 70° high at both sites.
 */
@Tag("indi")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IndiNightIT {

    private static final double SKY_LONGITUDE = -17.8816;
    private static final double SKY_LATITUDE = 28.7606;
    /** Halfway between the INDI telescope simulator's site (0, 0) and the runtime's. */
    private static final double LONGITUDE = SKY_LONGITUDE / 2;
    private static final double DEC = SKY_LATITUDE / 2;
    /** Near the focuser simulator's sharpest position (mid − 13333 of its 100000 steps: devices.indi/README.md). */
    private static final int NEAR_FOCUS = 50000 - 13333 + 1500;

    static IndiRig rig;
    static InstrumentApi api;

    @BeforeAll
    static void start() throws Exception {
        rig = IndiRig.start("indi-night", true, false);
        api = rig.api;
        rig.setprop("Filter Simulator.FILTER_NAME.FILTER_SLOT_NAME_1;FILTER_SLOT_NAME_8=R;L");
        api.runtime.await("the wheel's slots are named R and L", Duration.ofSeconds(20), () -> {
            JsonNode names = rig.device(IndiRig.WHEEL).at("/values/filter_names");
            return names.path(0).asText().equals("R") && names.path(7).asText().equals("L");
        });
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    /** The right ascension (hours, J2000 to within precession: far inside "high") on the chosen meridian now. */
    private static double meridianRa() {
        double skyLst = api.ok(api.call("GET", "/sky", null)).get("sidereal_time").asDouble();
        return ((skyLst + (LONGITUDE - SKY_LONGITUDE) / 15) % 24 + 24) % 24;
    }

    private static void awaitSafe() {
        api.runtime.await("the weather simulator is safe", Duration.ofSeconds(30),
                () -> rig.device(IndiRig.WEATHER).at("/values/safe").asBoolean());
    }

    private static String startSequence(String doc) {
        HttpResponse<String> made = api.call("POST", "/sequences?start=true", doc);
        assertEquals(201, made.statusCode(), made.body());
        return InstrumentApi.json(made).get("id").asText();
    }

    private static JsonNode sequence(String id) {
        return api.ok(api.call("GET", "/sequences/" + id, null));
    }

    /** The sequence's tasks whose ids start with {@code prefix}, by creation. */
    private static List<JsonNode> tasks(String id, String prefix) {
        List<JsonNode> tasks = new ArrayList<>();
        api.ok(api.call("GET", "/tasks?tag=sequence:" + id, null)).forEach(t -> {
            if (t.get("id").asText().startsWith(prefix)) {
                tasks.add(t);
            }
        });
        tasks.sort(Comparator.comparing(t -> Instant.parse(t.get("created_at").asText())));
        return tasks;
    }

    private static JsonNode task(String id, String taskId) {
        List<JsonNode> found = tasks(id, taskId);
        return found.stream().filter(t -> t.get("id").asText().equals(taskId)).findFirst().orElse(null);
    }


    @Test
    @Order(1)
    void aTargetWithAnAutofocusAfterTheFilterChangeAndADitherEveryFrameRunsOnTheIndiSimulators() throws Exception {
        awaitSafe();
        String doc = String.format(Locale.ROOT, """
                {"name": "indi night",
                 "start": [{"type": "task", "id": "unpark", "action": "mount.unpark"},
                           {"type": "task", "id": "near", "action": "focuser.move", "parameters": {"position": %d}}],
                 "main": [{"type": "target", "id": "high", "name": "INDINIGHT", "ra": %.4f, "dec": %.4f,
                   "on_unsafe": {"action": "park_and_wait"},
                   "triggers": [{"type": "autofocus", "after_filter_change": true,
                                 "parameters": {"exposure": 1, "step_size": 2500}},
                                {"type": "dither", "every_frames": 1, "max_arcsec": 30}],
                   "plan": [{"filter": "L", "exposure": 0.5, "count": 1},
                            {"filter": "R", "exposure": 0.5, "count": 1}]}]}""", NEAR_FOCUS, meridianRa(), DEC);
        String id = startSequence(doc);
        api.runtime.await("sequence " + id + " ends", Duration.ofSeconds(150), () -> {
            String state = sequence(id).get("state").asText();
            return !state.equals("running") && !state.equals("created");
        });
        JsonNode done = sequence(id);
        List<JsonNode> tasks = tasks(id, id + ".high.");
        assertEquals("completed", done.get("state").asText(), done + "\n" + tasks);

        assertEquals(List.of("mount.slew", "camera.expose", "autofocus", "mount.dither", "camera.expose"),
                tasks.stream().map(t -> t.get("action").asText()).toList(), tasks.toString());
        assertEquals(List.of(id + ".high.slew.1", id + ".high.L-0.5s-1x1.1", id + ".high.1.autofocus.1",
                id + ".high.1.dither.1", id + ".high.R-0.5s-1x1.1"),
                tasks.stream().map(t -> t.get("id").asText()).toList());
        tasks.forEach(t -> assertEquals("completed", t.get("status").asText(), t.toString()));
        JsonNode autofocus = tasks.get(2);
        assertEquals("R", autofocus.at("/parameters/filter").asText(), autofocus.toString());
        assertEquals(IndiRig.CAMERA, tasks.get(4).at("/result/camera").asText(), tasks.get(4).toString());

        List<Path> fits = rig.fitsFiles(tasks.get(4));
        assertEquals(1, fits.size(), tasks.get(4).toString());
        Path r = fits.get(0);
        InstrumentApi.assertFitsVerifies(r);
        assertEquals("R", InstrumentApi.header(r, "FILTER"));
        assertEquals("INDINIGHT", InstrumentApi.header(r, "OBJECT"));
        assertNotNull(InstrumentApi.header(r, "DITHRA"), r + ": taken after the dither");
        assertNotNull(InstrumentApi.header(r, "DITHDEC"), r + ": taken after the dither");
        String stars = InstrumentApi.header(r, "STARS");
        assertNotNull(stars, r + ": STARS");
        assertTrue(Integer.parseInt(stars.trim()) > 0, r + ": STARS " + stars);
    }

    @Test
    @Order(2)
    void rainDuringAFrameCancelsItAndParksTheIndiMount() throws Exception {
        awaitSafe();
        String doc = String.format(Locale.ROOT, """
                {"name": "indi rain",
                 "start": [{"type": "task", "id": "unpark", "action": "mount.unpark"}],
                 "main": [{"type": "target", "id": "wet", "name": "INDIWET", "ra": %.4f, "dec": %.4f,
                   "on_unsafe": {"action": "park_and_wait", "safe_for_minutes": 10, "refocus": false},
                   "plan": [{"filter": "L", "exposure": 20, "count": 3}]}]}""", meridianRa(), DEC);
        String id = startSequence(doc);
        String first = id + ".wet.L-20s-1x1.1";
        try {
            api.runtime.await("the first frame exposes", Duration.ofSeconds(60), () -> {
                JsonNode t = task(id, first);
                return t != null && t.get("status").asText().equals("running")
                        && rig.device(IndiRig.CAMERA).at("/values/exposure_state").asText().equals("exposing");
            });
            rig.rain("5");
            api.runtime.await("the frame is cancelled", Duration.ofSeconds(30),
                    () -> task(id, first).get("status").asText().equals("cancelled"));
            String park = id + ".wet.park.1";
            api.runtime.await("the mount is parked", Duration.ofSeconds(60), () -> {
                JsonNode t = task(id, park);
                return t != null && t.get("status").asText().matches("completed|failed|cancelled");
            });
            JsonNode parked = task(id, park);
            assertEquals("mount.park", parked.get("action").asText(), parked.toString());
            assertEquals("completed", parked.get("status").asText(), parked.toString());
            JsonNode mount = rig.device(IndiRig.MOUNT);
            assertTrue(mount.at("/values/parked").asBoolean(), mount.toString());

            JsonNode running = sequence(id);
            assertEquals("running", running.get("state").asText(), "waiting for a safe spell: " + running);
            JsonNode target = InstrumentApi.step(running.get("areas").get(1), "wet");
            assertNotNull(target, running.toString());
            String reason = target.at("/result/interruptions/0/reason").asText();
            assertTrue(reason.startsWith("unsafe: " + IndiRig.WEATHER), target.toString());
            assertTrue(reason.contains("Precip"), target.toString());
            assertEquals(List.of(), rig.fitsFiles(task(id, first)), "the cancelled frame wrote no file");
        } finally {
            api.call("POST", "/sequences/" + id + "/stop", null);
            rig.rain("0");
        }
    }
}
