package org.orrery.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A home created before the device bundles were cut by type: the simulators' factory
 * configurations ({@code org.orrery.devices.simulator.<type>-sim.cfg}) and the one configuration
 * of the instrument actions ({@code org.orrery.devices.actions.cfg}). After the upgrade the same
 * instruments are there, and the old settings reach the actions of every device bundle.
 */
class UpgradedHomeIT {

    /** What the launcher of the earlier Orrery wrote into a new home's etc/, plus a user's settings. */
    static final Map<String, String> OLD_FILES = Map.of(
            "org.orrery.devices.simulator.camera-sim.cfg",
            "device.id=sim-camera\nname=Simulated camera\nmount.id=sim-mount\nfocuser.id=sim-focuser\n"
                    + "filterwheel.id=sim-filterwheel\nwidth=320\nheight=240\n",
            "org.orrery.devices.simulator.mount-sim.cfg", "device.id=sim-mount\nname=Simulated mount\n",
            "org.orrery.devices.simulator.focuser-sim.cfg", "device.id=sim-focuser\nname=Simulated focuser\n",
            "org.orrery.devices.simulator.filterwheel-sim.cfg",
            "device.id=sim-filterwheel\nname=Simulated filter wheel\nfilters=L,R,G,B,Ha,OIII,SII\n",
            "org.orrery.devices.simulator.microscope-sim.cfg", "device.id=sim-microscope\nname=Simulated microscope\n",
            "org.orrery.devices.actions.cfg", "device.wait.seconds = 1\nimages.folder = old-images\nmicroscope.id = no-such-microscope\n");

    static InstrumentApi api;
    static Path etc;

    @BeforeAll
    static void start() throws Exception {
        Path home = RuntimeLifecycleIT.WORK.resolve("upgraded-" + UUID.randomUUID());
        etc = home.resolve("etc");
        Files.createDirectories(etc);
        for (Map.Entry<String, String> file : OLD_FILES.entrySet()) {
            Files.writeString(etc.resolve(file.getKey()), file.getValue());
        }
        api = new InstrumentApi(RuntimeProcess.start(Path.of(System.getProperty("java.home")), home,
                RuntimeProcess.freePort()).awaitReady());
        api.runtime.await("the five simulated devices are registered", Duration.ofSeconds(30),
                () -> api.call("GET", "/devices", null).statusCode() == 200
                        && InstrumentApi.json(api.call("GET", "/devices", null)).size() >= 5);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (api != null) {
            api.runtime.close();
        }
    }

    @Test
    void theOldSimulatorConfigurationsStillMakeTheirDevices() {
        for (String id : new String[] {"sim-camera", "sim-mount", "sim-focuser", "sim-filterwheel", "sim-microscope"}) {
            JsonNode device = api.ok(api.call("GET", "/devices/" + id, null));
            assertEquals("connected", device.get("connection").asText(), device.toString());
        }
        assertEquals(320, api.ok(api.call("GET", "/devices/sim-camera", null)).at("/values/width").asInt(),
                "the old file's settings apply");
    }

    @Test
    void theOldActionsConfigurationIsMigratedToEveryDeviceBundle() throws Exception {
        assertFalse(Files.exists(etc.resolve("org.orrery.devices.actions.cfg")));
        assertTrue(Files.exists(etc.resolve("org.orrery.devices.actions.cfg.migrated")));
        // the image folder reaches the camera bundle
        JsonNode frame = api.awaitEnd(api.submit("{\"action\": \"camera.expose\", \"parameters\": {\"exposure\": 0.1}}")
                .get("id").asText(), Duration.ofSeconds(60));
        assertEquals("completed", frame.get("status").asText(), frame.toString());
        String fits = frame.at("/result/files/0").asText();
        assertTrue(fits.startsWith("data/old-images/"), fits);
        assertTrue(Files.isRegularFile(api.runtime.home.resolve(fits)), fits);
        // the device wait (1 s instead of 5 min) and the microscope id reach the telescope and microscope bundles
        for (String body : new String[] {"{\"action\": \"mount.park\", \"parameters\": {\"mount\": \"no-such-mount\"}}",
                "{\"action\": \"move_stage\", \"parameters\": {\"x\": 1, \"y\": 1}}"}) {
            JsonNode task = api.awaitEnd(api.submit(body).get("id").asText(), Duration.ofSeconds(60));
            assertEquals("failed", task.get("status").asText(), task.toString());
            assertTrue(task.toString().contains("within 1 s"), task.toString());
        }
    }
}
