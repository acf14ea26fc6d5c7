package org.orrery.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Builds samples/driver-example the way a driver author does — {@code mvn package} in its own
 * folder, outside Orrery's reactor — against this build's core.api jar only: the jar is put into a
 * scratch local repository in Maven's layout (this build does not install it anywhere), and every
 * plugin and library comes, offline, from this build's own local repository (read-only, as
 * {@code maven.repo.local.tail}), which holds them because the reactor uses the same versions.
 */
final class DriverExampleBuild {

    static final Path SAMPLE = Path.of(System.getProperty("orrery.e2e.driverExample", "../samples/driver-example"))
            .toAbsolutePath().normalize();
    static final String VERSION = System.getProperty("orrery.version", "0.1.0-SNAPSHOT");
    static final Path CORE_API = Path.of(System.getProperty("orrery.coreApi.jar",
            "../core.api/target/core.api-" + VERSION + ".jar")).toAbsolutePath().normalize();

    private static final String QUICK_JVM = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

    private DriverExampleBuild() {
    }

    /** Checks that the sample's pom builds against this build's core.api and bnd, so a reader's build matches the one tested. */
    static void assertSampleInStep() throws IOException {
        String pom = Files.readString(SAMPLE.resolve("pom.xml"));
        assertEquals(VERSION, property(pom, "orrery.version"),
                "samples/driver-example/pom.xml: <orrery.version> must be this build's core.api version");
        String bnd = System.getProperty("orrery.bnd.version");
        if (bnd != null) {
            assertEquals(bnd, property(pom, "bnd.version"),
                    "samples/driver-example/pom.xml: <bnd.version> must be the bnd version Orrery's build uses");
        }
    }

    private static String property(String pom, String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]*)</").matcher(pom);
        return m.find() ? m.group(1).trim() : null;
    }

    /** Copies the sample into {@code work} and runs {@code mvn package} there; returns the bundle it made. */
    static Path build(Path work) throws IOException, InterruptedException {
        assertTrue(Files.isRegularFile(CORE_API), "core.api's jar " + CORE_API + " is missing: build core.api first");
        Path project = work.resolve("driver-example");
        copySources(project);
        Path repository = work.resolve("m2");
        Path api = repository.resolve("org/orrery/core.api/" + VERSION);
        Files.createDirectories(api);
        Files.copy(CORE_API, api.resolve("core.api-" + VERSION + ".jar"));
        Files.writeString(api.resolve("core.api-" + VERSION + ".pom"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>org.orrery</groupId>
                  <artifactId>core.api</artifactId>
                  <version>%s</version>
                </project>
                """.formatted(VERSION));

        Path log = work.resolve("mvn.log");
        List<String> command = command(repository);
        ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        // a short build: the JIT's first tier only is about twice as fast here (Maven and the test fork)
        builder.environment().put("MAVEN_OPTS", QUICK_JVM);
        Process mvn = builder.start();
        if (!mvn.waitFor(5, TimeUnit.MINUTES)) {
            mvn.destroyForcibly();
            fail(String.join(" ", command) + " took over 5 minutes:\n" + Files.readString(log));
        }
        if (mvn.exitValue() != 0) {
            fail(String.join(" ", command) + " failed (" + mvn.exitValue() + ") in " + project + ":\n"
                    + Files.readString(log));
        }
        String output = Files.readString(log);
        assertTrue(output.contains("Tests run: ") && !output.contains("Tests run: 0,"), "its unit test ran:\n" + output);
        Path jar = project.resolve("target/driver-example-1.0.0.jar");
        assertTrue(Files.isRegularFile(jar), "no " + jar + ":\n" + output);
        return jar;
    }

    /** The sample's files, without a target/ folder a reader's build may have left. */
    private static void copySources(Path to) throws IOException {
        try (Stream<Path> files = Files.walk(SAMPLE)) {
            for (Path from : files.filter(p -> !SAMPLE.relativize(p).startsWith("target")).toList()) {
                Path target = to.resolve(SAMPLE.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(from, target);
                }
            }
        }
    }

    /** Offline: whatever is not in this build's repository fails the build rather than being downloaded. */
    private static List<String> command(Path repository) {
        String mavenHome = System.getProperty("orrery.e2e.mavenHome", System.getProperty("maven.home"));
        if (mavenHome == null || mavenHome.isBlank()) {
            fail("the Maven that runs this build is unknown: set -Dorrery.e2e.mavenHome");
        }
        List<String> tail = new ArrayList<>();
        for (String key : List.of("orrery.e2e.mavenRepo", "orrery.e2e.mavenRepoTail")) {
            String value = System.getProperty(key, "");
            // a property the build did not define reaches us as its own ${…} expression
            if (!value.isBlank() && !value.contains("${")) {
                tail.add(value);
            }
        }
        List<String> command = new ArrayList<>(List.of(Path.of(mavenHome, "bin", "mvn").toString(), "-B", "-o",
                "-Dmaven.repo.local=" + repository, "-DargLine=" + QUICK_JVM, "package"));
        if (!tail.isEmpty()) {
            command.add(command.size() - 1, "-Dmaven.repo.local.tail=" + String.join(",", tail));
        }
        return command;
    }
}
