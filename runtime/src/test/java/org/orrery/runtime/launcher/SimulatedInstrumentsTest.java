package org.orrery.runtime.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class SimulatedInstrumentsTest extends EtcFolderTest {

    @Test
    void writesOneFactoryConfigurationPerSimulatorWithItsDeviceId() throws IOException {
        SimulatedInstruments.configure(etc);
        assertEquals(List.of("org.orrery.devices.simulator.camera-sim.cfg", "org.orrery.devices.simulator.filterwheel-sim.cfg",
                "org.orrery.devices.simulator.focuser-sim.cfg", "org.orrery.devices.simulator.microscope-sim.cfg",
                "org.orrery.devices.simulator.mount-sim.cfg", "org.orrery.devices.simulator.safety-sim.cfg"), files());
        String camera = Files.readString(etc.resolve("org.orrery.devices.simulator.camera-sim.cfg"));
        assertTrue(camera.contains("\ndevice.id=sim-camera\n"), camera);
        assertTrue(camera.contains("\nmount.id=sim-mount\n"), camera);
        String safety = Files.readString(etc.resolve("org.orrery.devices.simulator.safety-sim.cfg"));
        assertTrue(safety.contains("\ndevice.id=sim-safety\n") && !safety.contains("\nschedule="), safety);
    }

    @Test
    void keepsAConfigurationTheUserChanged() throws IOException {
        Path mount = etc.resolve("org.orrery.devices.simulator.mount-sim.cfg");
        Files.writeString(mount, "device.id=my-mount\n");
        SimulatedInstruments.configure(etc);
        assertEquals("device.id=my-mount\n", Files.readString(mount));
        assertEquals(6, files().size());
    }
}
