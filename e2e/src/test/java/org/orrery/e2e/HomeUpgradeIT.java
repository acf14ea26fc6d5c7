package org.orrery.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Upgrades: the runtime starts on a home left by the previous home format (the fixture
 * {@code src/test/resources/homes/format-1}: tasks and users, no {@code etc/home.version}), finds
 * its tasks and users and records the current format; a home marked newer, or whose task database
 * has a newer schema, is refused with exit status 2 and a message saying why.
 */
class HomeUpgradeIT {

    static final Path FORMAT_1 = Path.of("src/test/resources/homes/format-1").toAbsolutePath();

    @Test
    void aHomeOfTheFormerFormatIsUpgradedWithItsTasksAndUsers() throws Exception {
        Path home = copyOfFixture("upgrade");
        assertFalse(Files.exists(home.resolve("etc/home.version")));
        try (RuntimeProcess runtime = RuntimeProcess.start(javaHome(), home, RuntimeProcess.freePort(),
                Map.of()).awaitReady()) {
            JsonNode tasks = InstrumentApi.json(runtime.get("/api/v1/tasks", "admin", "fixture-admin-1"));
            List<String> names = new ArrayList<>();
            tasks.forEach(task -> names.add(task.get("name").asText() + "=" + task.get("status").asText()));
            assertEquals(List.of("fixture-echo-1=completed", "fixture-echo-2=completed", "fixture-echo-3=completed"), names);
            assertEquals(200, runtime.status("/api/v1/tasks", new String[] {"olga", "olga-fixture-1"}), "the old user logs in");
            assertEquals("{\"message\":\"from format 1, task 2\"}",
                    tasks.get(1).get("result").toString(), "the old task's result reads as before");
            String version = Files.readString(home.resolve("etc/home.version"));
            assertTrue(version.contains("format=2"), version);
            assertTrue(runtime.logFile().contains("Home format: upgraded from format 1 to 2"), runtime.logFile());
        }
    }

    @Test
    void aHomeOfANewerFormatIsRefused() throws Exception {
        Path home = copyOfFixture("newer-format");
        Files.writeString(home.resolve("etc/home.version"), "format=99\nwritten.by=99.0.0\n");
        RuntimeProcess runtime = RuntimeProcess.start(javaHome(), home, RuntimeProcess.freePort(), Map.of());
        assertEquals(2, runtime.awaitExit(Duration.ofSeconds(60)), runtime.console());
        assertTrue(runtime.console().contains("has format 99 (written by Orrery 99.0.0), but this Orrery"), runtime.console());
        assertEquals("format=99\nwritten.by=99.0.0\n", Files.readString(home.resolve("etc/home.version")), "left alone");
    }

    @Test
    void aTaskDatabaseOfANewerSchemaIsRefused() throws Exception {
        Path home = copyOfFixture("newer-schema");
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("data/tasks.db"));
                Statement st = db.createStatement()) {
            st.executeUpdate("INSERT INTO schema_version (version, description, applied_at) VALUES (99, 'future', 'x')");
        }
        RuntimeProcess runtime = RuntimeProcess.start(javaHome(), home, RuntimeProcess.freePort(), Map.of());
        assertEquals(2, runtime.awaitExit(Duration.ofSeconds(60)), runtime.console());
        assertTrue(runtime.console().contains("has schema version 99, but this Orrery"), runtime.console());
    }

    static Path copyOfFixture(String name) throws IOException {
        Path home = RuntimeLifecycleIT.WORK.resolve(name + "-" + UUID.randomUUID());
        try (Stream<Path> files = Files.walk(FORMAT_1)) {
            for (Path source : files.toList()) {
                Path target = home.resolve(FORMAT_1.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Files.deleteIfExists(home.resolve("README.md"));
        return home;
    }

    static Path javaHome() {
        return Path.of(System.getProperty("java.home"));
    }
}
