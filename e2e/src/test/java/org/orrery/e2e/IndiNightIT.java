package org.orrery.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A night's {@code target} on INDI's simulators through the runtime jar ({@link IndiTargets}: indiserver
 * with the telescope, CCD, focuser, filter wheel and weather simulators, and devices.indi's stand-in
 * {@code gsc}, so frames have stars): a slew, an L frame, an autofocus after the change to R, a dither,
 * the R frame. The rain during a frame is {@link IndiRainIT}, a class of its own so that the
 * {@code indi} execution's two forks share the INDI tests evenly.
 */
@Tag("indi")
class IndiNightIT {

    /** Near the focuser simulator's sharpest position (mid − 13333 of its 100000 steps: devices.indi/README.md). */
    private static final int NEAR_FOCUS = 50000 - 13333 + 1500;

    @RegisterExtension
    static final IndiTargets SKY = new IndiTargets("indi-night");

    @Test
    void aTargetWithAnAutofocusAfterTheFilterChangeAndADitherEveryFrameRunsOnTheIndiSimulators() throws Exception {
        SKY.awaitSafe();
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
                            {"filter": "R", "exposure": 0.5, "count": 1}]}]}""", NEAR_FOCUS, SKY.meridianRa(), IndiTargets.DEC);
        String id = SKY.startSequence(doc);
        SKY.api.runtime.await("sequence " + id + " ends", Duration.ofSeconds(150), () -> {
            String state = SKY.sequence(id).get("state").asText();
            return !state.equals("running") && !state.equals("created");
        });
        JsonNode done = SKY.sequence(id);
        List<JsonNode> tasks = SKY.tasks(id, id + ".high.");
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

        List<Path> fits = SKY.rig.fitsFiles(tasks.get(4));
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
}
