package org.orrery.runtime.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HomeCheckTest {

    @TempDir
    Path tmp;

    List<HomeCheck.Result> check(Path home, int knownSchema, Map<String, String> environment) throws Exception {
        return new HomeCheck(home, environment, new BundleJars(TestHomes.bundleFolder(tmp.resolve("bundle-" + knownSchema), knownSchema))).run();
    }

    static HomeCheck.Result find(List<HomeCheck.Result> results, String what) {
        return results.stream().filter(r -> r.what().equals(what)).findFirst().orElseThrow(() -> new AssertionError(what + " in " + results));
    }

    @Test
    void aHealthyOlderHomeReportsThePendingUpgradesAndNoProblem() throws Exception {
        Path home = TestHomes.home(tmp.resolve("home"), 3, 1);
        Files.setPosixFilePermissions(home.resolve("etc/orrery.properties"),
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        int free;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            free = probe.getLocalPort();
        }
        List<HomeCheck.Result> results = check(home, 5, Map.of("ORRERY_HTTP_PORT", Integer.toString(free)));
        assertTrue(results.stream().allMatch(HomeCheck.Result::ok), results.toString());
        assertTrue(find(results, "task database").detail().contains("has schema 3: a start migrates it to 5 (2 migrations pending)"),
                results.toString());
        assertTrue(find(results, "home format").detail().contains("format 1: a start upgrades it to " + HomeFormat.CURRENT));
        assertTrue(find(results, "modes").detail().contains("not private yet: a start makes them 0600/0700"), results.toString());
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(home.resolve("etc/orrery.properties"))), "check changes no mode");
        assertEquals(false, Files.exists(home.resolve("etc").resolve(HomeFormat.FILE_NAME)), "check changes nothing");
    }

    @Test
    void aNewerDatabaseATakenPortABadSettingAndARunningRuntimeAreProblems() throws Exception {
        Path home = TestHomes.home(tmp.resolve("home"), 6, 1);
        Files.writeString(home.resolve("etc/orrery.properties"), "log.level=loud\n");
        Files.writeString(home.resolve("etc/broken.cfg"), "a=\\u12\n");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            List<HomeCheck.Result> results = check(home, 5, Map.of("ORRERY_HTTP_PORT", Integer.toString(taken.getLocalPort())));
            assertTrue(find(results, "task database").detail().contains("has schema version 6, but this Orrery"), results.toString());
            assertEquals(false, find(results, "http port").ok(), results.toString());
            assertEquals(false, find(results, "settings").ok(), results.toString());
            assertEquals(false, find(results, "configuration").ok(), results.toString());
            assertTrue(find(results, "configuration").detail().contains("broken.cfg"), results.toString());
        }
        try (HomeFolder running = HomeFolder.open(home)) {
            List<HomeCheck.Result> results = check(home, 6, Map.of());
            assertEquals(false, find(results, "lock").ok(), results.toString());
        }
    }

    @Test
    void aShortAdminPasswordIsAProblem() throws Exception {
        List<HomeCheck.Result> results = check(tmp.resolve("new-home"), 5, Map.of(RuntimeSettings.ADMIN_PASSWORD_ENV, "short"));
        assertEquals(false, find(results, "settings").ok(), results.toString());
        assertTrue(find(results, "settings").detail().contains("at least 8"), results.toString());
    }
}
