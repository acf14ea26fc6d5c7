package org.orrery.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code orrery backup} while the runtime runs and tasks are submitted, {@code orrery restore} into
 * a new folder, a start on it: the tasks and users are there. And {@code orrery
 * reset-admin-password}: the new password logs in after the next start, the old one no longer.
 */
class HomeBackupIT {

    static final String ADMIN_PASSWORD = "backup-admin-1";

    @Test
    void aBackupTakenWhileTasksAreSubmittedRestoresIntoANewHome() throws Exception {
        Path home = RuntimeLifecycleIT.WORK.resolve("backup-" + UUID.randomUUID());
        Path archive = home.resolveSibling(home.getFileName() + ".zip");
        Set<String> submittedBefore = new HashSet<>();
        List<String> submittedDuring = java.util.Collections.synchronizedList(new ArrayList<>());
        try (RuntimeProcess runtime = RuntimeProcess.start(HomeUpgradeIT.javaHome(), home, RuntimeProcess.freePort(),
                Map.of("ORRERY_ADMIN_PASSWORD", ADMIN_PASSWORD)).awaitReady()) {
            InstrumentApi api = new InstrumentApi(runtime);
            assertEquals(201, api.call("POST", "/users",
                    "{\"name\": \"olga\", \"role\": \"operator\", \"password\": \"olga-backup-1\"}").statusCode());
            for (int i = 0; i < 20; i++) {
                submittedBefore.add(api.submit("{\"action\": \"system.echo\", \"parameters\": {\"n\": " + i + "}}")
                        .get("id").asText());
            }
            AtomicBoolean backingUp = new AtomicBoolean(true);
            Thread submitter = new Thread(() -> {
                while (backingUp.get()) {
                    submittedDuring.add(api.submit("{\"action\": \"system.echo\"}").get("id").asText());
                }
            });
            submitter.start();
            RuntimeProcess backup = RuntimeProcess.start(HomeUpgradeIT.javaHome(), home, runtime.port, Map.of(),
                    "backup", archive.toString());
            int exit = backup.awaitExit(Duration.ofSeconds(120));
            backingUp.set(false);
            submitter.join();
            assertEquals(0, exit, backup.console());
            assertTrue(submittedDuring.size() > 0, "submissions went on during the backup");
            assertTrue(backup.console().contains("copied through SQLite's backup API"), backup.console());
            assertTrue(runtime.alive(), "the runtime runs on");
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(archive)));

        Path restored = RuntimeLifecycleIT.WORK.resolve("restored-" + UUID.randomUUID());
        RuntimeProcess restore = RuntimeProcess.start(HomeUpgradeIT.javaHome(), restored, RuntimeProcess.freePort(),
                Map.of(), "restore", archive.toString());
        assertEquals(0, restore.awaitExit(Duration.ofSeconds(60)), restore.console());
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(restored.resolve("data/users.json"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(restored.resolve("etc"))));

        try (RuntimeProcess runtime = RuntimeProcess.start(HomeUpgradeIT.javaHome(), restored, RuntimeProcess.freePort(),
                Map.of()).awaitReady()) {
            Set<String> found = new HashSet<>();
            InstrumentApi.json(runtime.get("/api/v1/tasks?limit=1000", "olga", "olga-backup-1"))
                    .forEach(task -> found.add(task.get("id").asText()));
            assertTrue(found.containsAll(submittedBefore), "every task submitted before the backup is restored");
            assertTrue(found.size() >= submittedBefore.size() && found.size() <= submittedBefore.size() + submittedDuring.size(),
                    found.size() + " tasks restored, " + submittedDuring.size() + " submitted during the backup");
            assertTrue(submittedDuring.containsAll(found.stream().filter(id -> !submittedBefore.contains(id)).toList()),
                    "nothing restored that was not submitted");
            assertEquals(200, runtime.status("/api/v1/tasks", new String[] {"admin", ADMIN_PASSWORD}));
        }

        RuntimeProcess again = RuntimeProcess.start(HomeUpgradeIT.javaHome(), restored, RuntimeProcess.freePort(),
                Map.of(), "restore", archive.toString());
        assertEquals(2, again.awaitExit(Duration.ofSeconds(60)), again.console());
        assertTrue(again.console().contains("is not empty"), again.console());
    }

    @Test
    void resetAdminPasswordGivesANewPasswordAtTheNextStart() throws Exception {
        Path home = RuntimeLifecycleIT.WORK.resolve("reset-" + UUID.randomUUID());
        try (RuntimeProcess runtime = RuntimeProcess.start(HomeUpgradeIT.javaHome(), home, RuntimeProcess.freePort(),
                Map.of("ORRERY_ADMIN_PASSWORD", ADMIN_PASSWORD)).awaitReady()) {
            RuntimeProcess refused = RuntimeProcess.start(HomeUpgradeIT.javaHome(), home, runtime.port, Map.of(),
                    "reset-admin-password");
            assertEquals(2, refused.awaitExit(Duration.ofSeconds(60)), "refused while the runtime runs: " + refused.console());
        }
        RuntimeProcess reset = RuntimeProcess.start(HomeUpgradeIT.javaHome(), home, RuntimeProcess.freePort(), Map.of(),
                "reset-admin-password");
        assertEquals(0, reset.awaitExit(Duration.ofSeconds(60)), reset.console());
        Path passwordFile = home.resolve("etc/initial-admin-password");
        assertTrue(reset.console().contains(passwordFile.toString()), reset.console());
        String password = Files.readString(passwordFile).trim();
        assertEquals(20, password.length());
        try (RuntimeProcess runtime = RuntimeProcess.start(HomeUpgradeIT.javaHome(), home, RuntimeProcess.freePort(),
                Map.of()).awaitReady()) {
            assertEquals(200, runtime.status("/api/v1/tasks", new String[] {"admin", password}));
            assertEquals(401, runtime.status("/api/v1/tasks", new String[] {"admin", ADMIN_PASSWORD}));
        }
    }
}
