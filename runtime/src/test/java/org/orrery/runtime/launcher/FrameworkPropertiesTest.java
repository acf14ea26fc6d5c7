package org.orrery.runtime.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the launcher tells the framework and its bundles. */
class FrameworkPropertiesTest {

    @Test
    void eventAdminCallsTheEventStreamWithoutItsTimeoutThread(@TempDir Path tmp) throws Exception {
        try (HomeFolder home = HomeFolder.open(tmp.resolve("home"))) {
            RuntimeSettings settings = RuntimeSettings.read(home.etc(), Map.of(), List.of());
            Map<String, Object> properties = Launcher.frameworkProperties(home, settings);
            assertEquals("org.orrery.web.api.internal.EventStreamServlet",
                    properties.get("org.apache.felix.eventadmin.IgnoreTimeout"));
        }
    }

    @Test
    void eventAdminKeepsFourAsynchronousThreadsNotTenAndAHomeCanSayOtherwise(@TempDir Path tmp) throws Exception {
        try (HomeFolder home = HomeFolder.open(tmp.resolve("home"))) {
            RuntimeSettings settings = RuntimeSettings.read(home.etc(), Map.of(), List.of());
            assertEquals("8", Launcher.frameworkProperties(home, settings).get("org.apache.felix.eventadmin.ThreadPoolSize"));
            Files.writeString(home.etc().resolve("orrery.properties"), "framework.org.apache.felix.eventadmin.ThreadPoolSize=20\n");
            RuntimeSettings overridden = RuntimeSettings.read(home.etc(), Map.of(), List.of());
            assertEquals("20", Launcher.frameworkProperties(home, overridden).get("org.apache.felix.eventadmin.ThreadPoolSize"));
        }
    }
}
