package org.orrery.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Rain on INDI's weather simulator during a frame of a night's {@code target} through the runtime jar
 * ({@link IndiTargets}): with {@code on_unsafe: park_and_wait} the frame is cancelled and writes no file,
 * the mount is parked (the INDI mount says so) and the sequence waits for a safe spell.
 */
@Tag("indi")
class IndiRainIT {

    @RegisterExtension
    static final IndiTargets SKY = new IndiTargets("indi-rain");

    @Test
    void rainDuringAFrameCancelsItAndParksTheIndiMount() throws Exception {
        SKY.awaitSafe();
        String doc = String.format(Locale.ROOT, """
                {"name": "indi rain",
                 "start": [{"type": "task", "id": "unpark", "action": "mount.unpark"}],
                 "main": [{"type": "target", "id": "wet", "name": "INDIWET", "ra": %.4f, "dec": %.4f,
                   "on_unsafe": {"action": "park_and_wait", "safe_for_minutes": 10, "refocus": false},
                   "plan": [{"filter": "L", "exposure": 20, "count": 3}]}]}""", SKY.meridianRa(), IndiTargets.DEC);
        String id = SKY.startSequence(doc);
        String first = id + ".wet.L-20s-1x1.1";
        try {
            SKY.api.runtime.await("the first frame exposes", Duration.ofSeconds(60), () -> {
                JsonNode t = SKY.task(id, first);
                return t != null && t.get("status").asText().equals("running")
                        && SKY.rig.device(IndiRig.CAMERA).at("/values/exposure_state").asText().equals("exposing");
            });
            SKY.rig.rain("5");
            SKY.api.runtime.await("the frame is cancelled", Duration.ofSeconds(30),
                    () -> SKY.task(id, first).get("status").asText().equals("cancelled"));
            String park = id + ".wet.park.1";
            SKY.api.runtime.await("the mount is parked", Duration.ofSeconds(60), () -> {
                JsonNode t = SKY.task(id, park);
                return t != null && t.get("status").asText().matches("completed|failed|cancelled");
            });
            JsonNode parked = SKY.task(id, park);
            assertEquals("mount.park", parked.get("action").asText(), parked.toString());
            assertEquals("completed", parked.get("status").asText(), parked.toString());
            JsonNode mount = SKY.rig.device(IndiRig.MOUNT);
            assertTrue(mount.at("/values/parked").asBoolean(), mount.toString());

            JsonNode running = SKY.sequence(id);
            assertEquals("running", running.get("state").asText(), "waiting for a safe spell: " + running);
            JsonNode target = InstrumentApi.step(running.get("areas").get(1), "wet");
            assertNotNull(target, running.toString());
            String reason = target.at("/result/interruptions/0/reason").asText();
            assertTrue(reason.startsWith("unsafe: " + IndiRig.WEATHER), target.toString());
            assertTrue(reason.contains("Precip"), target.toString());
            assertEquals(List.of(), SKY.rig.fitsFiles(SKY.task(id, first)), "the cancelled frame wrote no file");
        } finally {
            SKY.api.call("POST", "/sequences/" + id + "/stop", null);
            SKY.rig.rain("0");
        }
    }
}
