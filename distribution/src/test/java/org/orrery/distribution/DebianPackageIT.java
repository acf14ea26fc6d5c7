package org.orrery.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The Debian package: its metadata and files always; as root (CI), installed with dpkg -i, the
 * service's command run as the orrery user (systemd need not run), removed, then purged.
 */
class DebianPackageIT {

    static final Path UNIT = Path.of("/lib/systemd/system/orrery.service");

    @Test
    void metadataFilesAndModes() throws Exception {
        String info = Dist.ok(List.of("dpkg-deb", "--info", Dist.DEB.toString()));
        assertTrue(info.contains("Package: orrery"), info);
        assertTrue(info.contains("Depends: default-jre-headless (>= 2:1.17) | java17-runtime-headless"), info);
        assertTrue(info.contains("Architecture: all"), info);
        String conffiles = Dist.ok(List.of("dpkg-deb", "--info", Dist.DEB.toString(), "conffiles"));
        assertEquals("/etc/default/orrery", conffiles.strip());

        String contents = Dist.ok(List.of("dpkg-deb", "--contents", Dist.DEB.toString()));
        assertEntry(contents, "-rwxr-xr-x root/root", "./opt/orrery/bin/orrery");
        assertEntry(contents, "-rwxr-xr-x root/root", "./opt/orrery/bin/orrery-ready");
        assertEntry(contents, "-rw-r--r-- root/root", "./opt/orrery/lib/orrery.jar");
        assertEntry(contents, "-rw-r--r-- root/root", "./opt/orrery/lib/org.apache.felix.framework.jar");
        assertEntry(contents, "-rw-r--r-- root/root", "./opt/orrery/NOTICES.txt");
        assertEntry(contents, "-rw-r--r-- root/root", "./etc/default/orrery");
        assertEntry(contents, "-rw-r--r-- root/root", "./lib/systemd/system/orrery.service");
        assertTrue(contents.contains("./opt/orrery/etc/orrery.conf -> /etc/default/orrery"), contents);
        assertFalse(contents.contains("orrery.cmd"), "no Windows script in a Debian package");
        long bundles = contents.lines().filter(l -> l.matches(".*\\./opt/orrery/bundle/[^/]+\\.jar$")).count();
        try (Stream<Path> built = Files.list(Path.of(System.getProperty("orrery.runtime.dir", "../runtime/target"), "bundle"))) {
            assertEquals(built.count(), bundles, "every runtime bundle");
        }
    }

    static void assertEntry(String contents, String modeAndOwner, String path) {
        assertTrue(contents.lines().anyMatch(l -> l.startsWith(modeAndOwner) && l.endsWith(" " + path)),
                path + " as " + modeAndOwner + " in:\n" + contents);
    }

    @Test
    void installsRunsAsTheOrreryUserAndPurgeCleans() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")),
                "not root: dpkg -i of the package is tested as root only (CI runs as root)");
        assumeTrue(Dist.run(List.of("dpkg", "-s", "orrery"), null, null).status() != 0,
                "a package orrery is installed on this machine already: not touching it");
        Path scratch = Dist.scratch("deb");
        try {
            String installed = Dist.ok(List.of("dpkg", "-i", Dist.DEB.toString()));
            assertTrue(installed.contains("/var/lib/orrery/etc/initial-admin-password"), "the message says where: " + installed);

            String user = Dist.ok(List.of("getent", "passwd", "orrery"));
            assertTrue(user.contains(":/var/lib/orrery:/usr/sbin/nologin"), user);
            assertOwnerAndMode("/var/lib/orrery", "orrery", "orrery", "rwx------");
            assertOwnerAndMode("/var/log/orrery", "orrery", "adm", "rwxr-x---");
            assertOwnerAndMode("/opt/orrery/bin/orrery", "root", "root", "rwxr-xr-x");
            assertOwnerAndMode("/etc/default/orrery", "root", "root", "rw-r--r--");

            String unit = Files.readString(UNIT);
            for (String line : List.of("Restart=on-failure", "User=orrery", "ProtectSystem=strict", "NoNewPrivileges=yes",
                    "ReadWritePaths=/var/lib/orrery /var/log/orrery", "ExecStartPost=/opt/orrery/bin/orrery-ready")) {
                assertTrue(unit.lines().anyMatch(line::equals), line + " in " + unit);
            }
            if (Dist.run(List.of("sh", "-c", "command -v systemd-analyze"), null, null).status() == 0) {
                Dist.Run verify = Dist.run(List.of("systemd-analyze", "verify", UNIT.toString()), null, null);
                assertEquals(0, verify.status(), verify.output());
            }

            // what systemd would do: the EnvironmentFile's variables, ExecStart as the orrery user
            int port = Dist.freePort();
            Map<String, String> environment = new HashMap<>(Map.of("PATH", "/usr/local/bin:/usr/bin:/bin",
                    "ORRERY_HTTP_PORT", Integer.toString(port)));
            Files.readAllLines(Path.of("/etc/default/orrery")).stream().filter(l -> l.matches("[A-Z_]+=.*"))
                    .forEach(l -> environment.putIfAbsent(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
            assertEquals("/var/lib/orrery", environment.get("ORRERY_HOME"));
            List<String> asOrrery = List.of("setpriv", "--reuid=orrery", "--regid=orrery", "--init-groups", "--no-new-privs");
            try (Dist.Started runtime = Dist.Started.start(command(asOrrery, unit, "ExecStart"), environment, port,
                    scratch.resolve("console.log"))) {
                runtime.awaitHealthy();
                Dist.Run ready = Dist.run(command(asOrrery, unit, "ExecStartPost"), environment, null);
                assertEquals(0, ready.status(), "the readiness check: " + ready.output());
                assertOwnerAndMode("/var/lib/orrery/etc/initial-admin-password", "orrery", "orrery", "rw-------");
                assertOwnerAndMode("/var/log/orrery/orrery.log", "orrery", "orrery", "rw-------");
                assertEquals(0, runtime.stop(), runtime.console());
            }

            Dist.ok(List.of("dpkg", "-r", "orrery"));
            assertFalse(Files.exists(Path.of("/opt/orrery/bin/orrery")));
            assertTrue(Files.exists(Path.of("/var/lib/orrery/etc/initial-admin-password")), "removal keeps the data");
            assertEquals(0, Dist.run(List.of("getent", "passwd", "orrery"), null, null).status(), "removal keeps the user");

            Dist.ok(List.of("dpkg", "--purge", "orrery"));
            assertFalse(Files.exists(Path.of("/var/lib/orrery")), "purge removes the home");
            assertFalse(Files.exists(Path.of("/var/log/orrery")), "purge removes the logs");
            assertTrue(Dist.run(List.of("getent", "passwd", "orrery"), null, null).status() != 0, "purge removes the user");
            assertTrue(Dist.run(List.of("getent", "group", "orrery"), null, null).status() != 0, "purge removes the group");
        } finally {
            Dist.run(List.of("dpkg", "--purge", "orrery"), null, null);
        }
    }

    /** The unit's {@code key=} command line, run through {@code prefix}. */
    static List<String> command(List<String> prefix, String unit, String key) {
        String line = unit.lines().filter(l -> l.startsWith(key + "=")).findFirst().orElseThrow();
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(line.substring(key.length() + 1).trim().split("\\s+")));
        return command;
    }

    static void assertOwnerAndMode(String path, String owner, String group, String mode) throws Exception {
        PosixFileAttributes attributes = Files.readAttributes(Path.of(path), PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        assertEquals(owner + ":" + group + " " + mode, attributes.owner().getName() + ":" + attributes.group().getName() + " "
                + java.nio.file.attribute.PosixFilePermissions.toString(attributes.permissions()), path);
    }
}
