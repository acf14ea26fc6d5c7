package org.orrery.runtime.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import org.junit.jupiter.api.Test;

class LegacyConfigurationsTest extends EtcFolderTest {

    @Test
    void theOldActionsFileBecomesOneFilePerDeviceBundleAndIsKeptAsMigrated() throws IOException {
        Files.writeString(etc.resolve("org.orrery.devices.actions.cfg"), "device.wait.seconds = 7\n");
        List<String> done = LegacyConfigurations.migrate(etc);
        assertEquals(3, done.size(), done.toString());
        assertEquals(List.of("org.orrery.devices.actions.cfg.migrated", "org.orrery.devices.camera.cfg",
                "org.orrery.devices.microscope.cfg", "org.orrery.devices.telescope.cfg"), files());
        for (String pid : LegacyConfigurations.ACTIONS_SUCCESSORS) {
            assertTrue(Files.readString(etc.resolve(pid + ".cfg")).endsWith("device.wait.seconds = 7\n"), pid);
        }
        assertEquals(List.of(), LegacyConfigurations.migrate(etc), "a second start finds nothing to migrate");
    }

    @Test
    void aNewFileThatIsAlreadyThereWins() throws IOException {
        Files.writeString(etc.resolve("org.orrery.devices.actions.config"), "device.wait.seconds=D\"7\"\n");
        Files.writeString(etc.resolve("org.orrery.devices.camera.config"), "device.wait.seconds=D\"1\"\n");
        LegacyConfigurations.migrate(etc);
        assertEquals("device.wait.seconds=D\"1\"\n", Files.readString(etc.resolve("org.orrery.devices.camera.config")));
        assertEquals("device.wait.seconds=D\"7\"\n", Files.readString(etc.resolve("org.orrery.devices.telescope.config")));
        assertTrue(Files.exists(etc.resolve("org.orrery.devices.actions.config.migrated")));
    }
}
