package org.orrery.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;

/**
 * What the runtime does with things a user gets wrong: it says what is wrong in one line
 * naming the file or setting, and either keeps running or, for the home and the port, exits
 * with status 2.
 */
class BadInputIT {

    static final Path JAVA = Path.of(System.getProperty("java.home"));

    private static Path newHome(String name) {
        return RuntimeLifecycleIT.WORK.resolve(name + "-" + UUID.randomUUID());
    }

    @Test
    void portInUseStopsTheStartWithAClearMessage() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try (RuntimeProcess runtime = RuntimeProcess.start(JAVA, newHome("port"), taken.getLocalPort())) {
                assertEquals(2, runtime.awaitExit(Duration.ofSeconds(60)), runtime.console());
                String console = runtime.console();
                assertTrue(console.contains("orrery: cannot start: port " + taken.getLocalPort() + " on 127.0.0.1 is not available"),
                        console);
                assertTrue(console.contains("ORRERY_HTTP_PORT"), console);
                assertFalse(console.contains("\tat "), "no stack trace:\n" + console);
            }
        }
    }

    @Test
    void homeThatCannotBeAFolderStopsTheStart() throws Exception {
        Path file = newHome("file");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "not a folder");
        try (RuntimeProcess runtime = RuntimeProcess.start(JAVA, file, RuntimeProcess.freePort())) {
            assertEquals(2, runtime.awaitExit(Duration.ofSeconds(60)), runtime.console());
            assertTrue(runtime.console().contains("orrery: cannot start: cannot create " + file.resolve("etc")), runtime.console());
            assertFalse(runtime.console().contains("\tat "), runtime.console());
        }
    }

    @Test
    void tooShortAdminPasswordStopsTheStartWithoutShowingIt() throws Exception {
        try (RuntimeProcess runtime = RuntimeProcess.start(JAVA, newHome("shortpw"), RuntimeProcess.freePort(),
                Map.of("ORRERY_ADMIN_PASSWORD", "Q"))) {
            assertEquals(2, runtime.awaitExit(Duration.ofSeconds(60)), runtime.console());
            assertTrue(runtime.console().contains("orrery: cannot start: ORRERY_ADMIN_PASSWORD holds 1 character; a password"
                    + " needs at least 8"), runtime.console());
        }
    }

    @Test
    void badEnvironmentValueStopsTheStart() throws Exception {
        try (RuntimeProcess runtime = RuntimeProcess.start(JAVA, newHome("env"), RuntimeProcess.freePort(),
                Map.of("ORRERY_HTTP_PORT", "http"))) {
            assertEquals(2, runtime.awaitExit(Duration.ofSeconds(60)), runtime.console());
            assertTrue(runtime.console().contains("ORRERY_HTTP_PORT='http' is not a port number"), runtime.console());
        }
    }

    @Test
    void secondRuntimeOnTheSameHomeIsRefused() throws Exception {
        Path home = newHome("twice");
        try (RuntimeProcess first = RuntimeProcess.start(JAVA, home, RuntimeProcess.freePort()).awaitReady();
                RuntimeProcess second = RuntimeProcess.start(JAVA, home, RuntimeProcess.freePort())) {
            assertEquals(2, second.awaitExit(Duration.ofSeconds(60)), second.console());
            assertTrue(second.console().contains("another Orrery runtime is using the home folder " + home), second.console());
            assertEquals(200, first.status("/api/v1/health", null), "the first runtime is untouched");
        }
    }

    @Test
    void corruptSettingsAndConfigurationFilesAreNamedAndTheRuntimeRuns() throws Exception {
        Path home = newHome("corrupt");
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/orrery.properties"), "http.host=127.0.0.1\nhttp.port=\\u12zz\n");
        Files.writeString(home.resolve("etc/com.example.broken.cfg"), "key=\\u12zz\n");
        try (RuntimeProcess runtime = RuntimeProcess.start(JAVA, home, RuntimeProcess.freePort()).awaitReady()) {
            String console = runtime.console();
            assertTrue(console.contains(home.resolve("etc/orrery.properties") + " cannot be read (illegal argument: Malformed"),
                    console);
            assertTrue(console.contains("Failed to install artifact: " + home.resolve("etc/com.example.broken.cfg")), console);
            assertEquals(200, runtime.status("/api/v1/health", null));
        }
    }

    @Test
    void adminPasswordCanComeFromTheEnvironment() throws Exception {
        Path home = newHome("envpw");
        try (RuntimeProcess runtime = RuntimeProcess.start(JAVA, home, RuntimeProcess.freePort(),
                Map.of("ORRERY_ADMIN_PASSWORD", "correct horse battery")).awaitReady()) {
            assertEquals(200, runtime.get("/system/console/bundles", "admin", "correct horse battery").statusCode());
            assertEquals(401, runtime.get("/system/console/bundles", "admin", "admin").statusCode());
            assertFalse(Files.exists(home.resolve("etc/initial-admin-password")));
            assertFalse(Files.readString(home.resolve("data/users.json")).contains("correct horse"), "stored hashed");
        }
    }

    @Test
    void jarsThatAreNotRunnableBundlesAreNamedWithTheReasonAndTheRuntimeKeepsRunning() throws Exception {
        Path home = newHome("deploy");
        try (RuntimeProcess runtime = RuntimeProcess.start(JAVA, home, RuntimeProcess.freePort()).awaitReady()) {
            Path deploy = home.resolve("deploy");
            Path garbage = Files.writeString(deploy.resolve("garbage.jar"), "this is not a zip file");
            Path plain = jar(deploy.resolve("plain.jar"), Map.of());
            Path unresolvable = jar(deploy.resolve("unresolvable.jar"), Map.of("Bundle-ManifestVersion", "2",
                    "Bundle-SymbolicName", "test.unresolvable", "Bundle-Version", "1.0.0",
                    "Import-Package", "com.example.nowhere"));
            runtime.await("each bad jar is named in the log", Duration.ofSeconds(30), () -> {
                String console = runtime.console();
                return console.contains(garbage + ": not a jar file")
                        && console.contains(plain + ": not an OSGi bundle (its manifest has no Bundle-SymbolicName)")
                        && console.contains(unresolvable + ": bundle test.unresolvable 1.0.0 does not resolve: needs package"
                                + " com.example.nowhere which no installed bundle provides");
            });
            String health = runtime.get("/api/v1/health", "admin", runtime.adminPassword()).body();
            assertTrue(health.contains("bundle test.unresolvable 1.0.0 is not resolved"), health);
            Files.delete(unresolvable);
            runtime.await("health is back to 200 once the broken bundle is removed", Duration.ofSeconds(30),
                    () -> runtime.status("/api/v1/health", null) == 200);
            assertTrue(runtime.alive());
        }
    }

    private static Path jar(Path path, Map<String, String> headers) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        headers.forEach(manifest.getMainAttributes()::putValue);
        Path temp = path.resolveSibling(path.getFileName() + ".part");
        try (OutputStream out = Files.newOutputStream(temp); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.flush();
        }
        return Files.move(temp, path);
    }
}
