package org.orrery.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The plain archives, unpacked in a scratch folder, start with bin/orrery on each JDK and stop cleanly. */
class ArchivesIT {

    static List<Path> jdks() throws IOException {
        return Dist.jdks();
    }

    @Test
    void testsRunOnJdk17AndJdk25WhenBothAreInstalled() throws IOException {
        if (Files.isDirectory(Path.of("/usr/lib/jvm/temurin-25-jdk-amd64"))) {
            assertTrue(jdks().size() >= 2, "a JDK 25 is installed but not among " + jdks());
        }
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("jdks")
    void tarGzStartsWithItsScriptAndAnswersHealth(Path javaHome) throws Exception {
        Path scratch = Dist.scratch("tar-" + javaHome.getFileName());
        Path dist = Dist.unpack(Dist.TAR_GZ, scratch);
        assertLayout(dist);
        int port = Dist.freePort();
        Path home = scratch.resolve("home");
        Map<String, String> environment = Map.of("JAVA_HOME", javaHome.toString(), "PATH", Dist.pathWithoutJava(scratch),
                "ORRERY_HOME", home.toString(), "ORRERY_HTTP_PORT", Integer.toString(port));
        Dist.Run version = Dist.run(List.of(dist.resolve("bin/orrery").toString(), "version"), environment, scratch);
        assertEquals(0, version.status(), version.output());
        assertTrue(version.output().contains("Orrery " + Dist.VERSION + "\n"), version.output());
        assertTrue(version.output().contains(javaHome.toRealPath() + ")"), "runs on JAVA_HOME: " + version.output());
        try (Dist.Started runtime = Dist.Started.start(List.of(dist.resolve("bin/orrery").toString()), environment, port,
                scratch.resolve("console.log"))) {
            runtime.awaitHealthy();
            assertTrue(Files.isDirectory(home.resolve("data")), "the home is ORRERY_HOME");
            assertEquals(0, runtime.stop(), runtime.console());
            assertTrue(runtime.console().contains("Orrery stopped"), runtime.console());
        }
    }

    /** The zip; no ORRERY_HOME: the home is ~/.orrery; the port comes from etc/orrery.conf. */
    @Test
    void zipStartsWithItsDefaultHomeAndTheSettingsOfItsConfFile() throws Exception {
        Path scratch = Dist.scratch("zip");
        Path dist = Dist.unpack(Dist.ZIP, scratch);
        assertLayout(dist);
        String cmd = Files.readString(dist.resolve("bin/orrery.cmd"));
        assertTrue(cmd.contains("\r\n"), "bin/orrery.cmd has Windows line ends");
        int port = Dist.freePort();
        Files.writeString(dist.resolve("etc/orrery.conf"), "ORRERY_HTTP_PORT=" + port + "\n", java.nio.file.StandardOpenOption.APPEND);
        Path userHome = Files.createDirectories(scratch.resolve("user"));
        Map<String, String> environment = Map.of("JAVA_HOME", System.getProperty("java.home"),
                "PATH", Dist.pathWithoutJava(scratch), "HOME", userHome.toString());
        try (Dist.Started runtime = Dist.Started.start(List.of(dist.resolve("bin/orrery").toString()), environment, port,
                scratch.resolve("console.log"))) {
            runtime.awaitHealthy();
            assertTrue(Files.isRegularFile(userHome.resolve(".orrery/etc/initial-admin-password")), "the home is ~/.orrery");
            assertEquals(0, runtime.stop(), runtime.console());
        }
    }

    static void assertLayout(Path dist) throws IOException {
        assertEquals("rwxr-xr-x", Dist.mode(dist.resolve("bin/orrery")));
        for (String file : List.of("bin/orrery.cmd", "etc/orrery.conf", "README.md", "NOTICES.txt", "lib/orrery.jar",
                "lib/org.apache.felix.framework.jar")) {
            assertTrue(Files.isRegularFile(dist.resolve(file)), file);
        }
        assertFalse(Files.exists(dist.resolve("runtime")), "the plain archive has no runtime image");
        try (Stream<Path> bundles = Files.list(dist.resolve("bundle"))) {
            assertTrue(bundles.filter(p -> p.toString().endsWith(".jar")).count() > 40, "the runtime bundles");
        }
        String notices = Files.readString(dist.resolve("NOTICES.txt"));
        assertTrue(notices.contains("org.apache.felix.framework.jar") && notices.contains("Apache Felix Framework"), "notices");
        assertTrue(notices.contains("sqlite-jdbc"), "the notices name the bundles too");
    }
}
