package org.orrery.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * bin/orrery of the unpacked tar.gz with stand-in Javas (shell scripts that print what they were
 * given): how it finds Java and checks its version, its settings, the arguments it passes on.
 */
class ScriptIT {

    static Path scratch;
    static Path script;

    @BeforeAll
    static void unpack() throws Exception {
        scratch = Dist.scratch("script");
        script = Dist.unpack(Dist.TAR_GZ, scratch).resolve("bin/orrery");
    }

    /** A stand-in JAVA_HOME whose bin/java says it is {@code version} and prints its arguments and settings. */
    static Path fakeJava(String name, String version) throws IOException {
        Path bin = Files.createDirectories(scratch.resolve(name).resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, """
                #!/bin/sh
                if [ "$1" = -version ]; then echo 'openjdk version "%s" 2025-01-01' >&2; exit 0; fi
                echo "ORRERY_HOME=$ORRERY_HOME"
                echo "ORRERY_HTTP_PORT=$ORRERY_HTTP_PORT"
                for a in "$@"; do echo "[$a]"; done
                """.formatted(version));
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin.getParent();
    }

    Map<String, String> environment(Path javaHome) throws IOException {
        Map<String, String> environment = new HashMap<>(Map.of("PATH", Dist.pathWithoutJava(scratch), "HOME", scratch.toString()));
        if (javaHome != null) {
            environment.put("JAVA_HOME", javaHome.toString());
        }
        return environment;
    }

    Dist.Run orrery(Map<String, String> environment, String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(script.toString()));
        command.addAll(List.of(arguments));
        return Dist.run(command, environment, scratch);
    }

    @Test
    void noJavaAnywhereIsSaidClearly() throws Exception {
        Dist.Run run = orrery(environment(null));
        assertEquals(2, run.status(), run.output());
        assertTrue(run.output().contains("no Java found: install a JDK or JRE 17 or newer"), run.output());
    }

    @Test
    void aJavaHomeWithoutJavaIsSaidClearly() throws Exception {
        Dist.Run run = orrery(environment(scratch.resolve("no-such-jdk")));
        assertEquals(2, run.status(), run.output());
        assertTrue(run.output().contains("JAVA_HOME is " + scratch.resolve("no-such-jdk")), run.output());
    }

    @Test
    void aJavaOlderThan17IsRefused() throws Exception {
        for (String old : List.of("11.0.22", "1.8.0_402")) {
            Dist.Run run = orrery(environment(fakeJava("java-" + old, old)));
            assertEquals(2, run.status(), run.output());
            assertTrue(run.output().contains("Orrery needs Java 17 or newer"), run.output());
        }
    }

    @Test
    void argumentsPassUnchangedAndTheHomeDefaultsToDotOrrery() throws Exception {
        Dist.Run run = orrery(environment(fakeJava("java-25", "25")), "backup", "a file.zip", "");
        assertEquals(0, run.status(), run.output());
        assertTrue(run.output().contains("ORRERY_HOME=" + scratch.resolve(".orrery")), run.output());
        assertTrue(run.output().contains("[org.orrery.runtime.launcher.Launcher]\n[backup]\n[a file.zip]\n[]\n"), run.output());
    }

    @Test
    void theConfFileSetsVariablesTheEnvironmentWinsAndJavaOptionsSplitAtSpaces() throws Exception {
        Path conf = scratch.resolve("test.conf");
        Files.writeString(conf, "# a comment\nORRERY_HOME=/srv/orrery\nORRERY_HTTP_PORT=9001\r\n"
                + "ORRERY_JAVA_OPTS=-Xmx64m -Dx=1\nnot a setting\n");
        Map<String, String> environment = environment(fakeJava("java-17", "17.0.15"));
        environment.put("ORRERY_CONF", conf.toString());
        environment.put("ORRERY_HTTP_PORT", "9002");
        Dist.Run run = orrery(environment);
        assertEquals(0, run.status(), run.output());
        assertTrue(run.output().contains("ORRERY_HOME=/srv/orrery\n"), run.output());
        assertTrue(run.output().contains("ORRERY_HTTP_PORT=9002\n"), "the environment wins: " + run.output());
        assertTrue(run.output().contains("[-Xmx64m]\n[-Dx=1]\n[-cp]"), run.output());
        assertTrue(run.output().contains("ignored (not KEY=value): not a setting"), run.output());
    }

    @Test
    void theScriptsAreShellcheckClean() throws Exception {
        assumeTrue(Dist.run(List.of("sh", "-c", "command -v shellcheck"), null, null).status() == 0,
                "shellcheck is not installed (.ci/run installs it)");
        Dist.ok(List.of("shellcheck", Dist.SOURCES.resolve("dist/bin/orrery").toString(),
                Dist.SOURCES.resolve("deb/files/orrery-ready").toString(),
                Dist.SOURCES.resolve("deb/control/postinst").toString(),
                Dist.SOURCES.resolve("deb/control/prerm").toString(),
                Dist.SOURCES.resolve("deb/control/postrm").toString()));
    }
}
