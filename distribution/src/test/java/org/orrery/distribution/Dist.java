package org.orrery.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** What the distribution's tests share: the built files, scratch folders, commands, a started runtime. */
final class Dist {

    static final Path TARGET = Path.of(System.getProperty("orrery.dist.dir", "target")).toAbsolutePath();
    static final String VERSION = System.getProperty("orrery.dist.version", "0.1.0-SNAPSHOT");
    static final String PLATFORM = System.getProperty("orrery.dist.platform", "linux-x64");
    static final Path SOURCES = Path.of(System.getProperty("orrery.dist.sources", "src")).toAbsolutePath();
    static final Path TAR_GZ = TARGET.resolve("orrery-" + VERSION + ".tar.gz");
    static final Path ZIP = TARGET.resolve("orrery-" + VERSION + ".zip");
    static final Path IMAGE = TARGET.resolve("orrery-" + VERSION + "-" + PLATFORM + ".tar.gz");
    static final Path DEB = TARGET.resolve("orrery_" + VERSION + "_all.deb");
    static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private Dist() {
    }

    /** A new, empty folder under target/dist-it. */
    static Path scratch(String name) throws IOException {
        return Files.createDirectories(TARGET.resolve("dist-it").resolve(name + "-" + UUID.randomUUID()));
    }

    /** A PATH with no java on it (an empty folder): the scripts need only the shell's built-ins. */
    static String pathWithoutJava(Path scratch) throws IOException {
        return Files.createDirectories(scratch.resolve("empty-bin")).toString();
    }

    /** The JDK running the tests (17 here) and every JDK 25 under /usr/lib/jvm. */
    static List<Path> jdks() throws IOException {
        List<Path> jdks = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"))));
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> list = Files.list(jvms)) {
                list.filter(p -> p.getFileName().toString().matches(".*-25(\\D.*)?")).sorted().forEach(jdks::add);
            }
        }
        return jdks;
    }

    /** The result of a finished command. */
    record Run(int status, String output) {
    }

    /** Runs a command to its end (at most two minutes) with exactly the given environment, output and errors together. */
    static Run run(List<String> command, Map<String, String> environment, Path directory) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (environment != null) {
            builder.environment().clear();
            builder.environment().putAll(environment);
        }
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail(command + " did not end within two minutes");
        }
        return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    /** Runs a command that must succeed; its output. */
    static String ok(List<String> command) throws IOException, InterruptedException {
        Run run = run(command, null, null);
        assertEquals(0, run.status(), command + " failed: " + run.output());
        return run.output();
    }

    /** Unpacks an archive with the system's tar or unzip (they keep the file modes), into {@code into}. */
    static Path unpack(Path archive, Path into) throws IOException, InterruptedException {
        if (!Files.isRegularFile(archive)) {
            fail(archive + " is missing: build it first (./mvnw package -pl distribution -am)");
        }
        if (archive.toString().endsWith(".zip")) {
            ok(List.of("unzip", "-q", archive.toString(), "-d", into.toString()));
        } else {
            ok(List.of("tar", "xzf", archive.toString(), "-C", into.toString()));
        }
        return into.resolve("orrery-" + VERSION);
    }

    static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A runtime started by a command (a script), its console in a file. */
    static final class Started implements AutoCloseable {
        private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        final Process process;
        final Path console;
        final int port;

        private Started(Process process, Path console, int port) {
            this.process = process;
            this.console = console;
            this.port = port;
        }

        static Started start(List<String> command, Map<String, String> environment, int port, Path console)
                throws IOException {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(console.toFile());
            builder.environment().clear();
            builder.environment().putAll(environment);
            return new Started(builder.start(), console, port);
        }

        /**
         * Waits until GET /api/v1/health answers 200; fails with the console otherwise. Call it inside
         * the try-with-resources block, not in its resource: a failure there would leave the process running.
         */
        Started awaitHealthy() throws IOException, InterruptedException {
            Instant end = Instant.now().plus(START_TIMEOUT);
            while (Instant.now().isBefore(end)) {
                if (!process.isAlive()) {
                    fail("the runtime ended with " + process.exitValue() + ": " + console());
                }
                if (status("/api/v1/health", null) == 200) {
                    return this;
                }
                Thread.sleep(250);
            }
            fail("GET /api/v1/health did not answer 200 within " + START_TIMEOUT + ": " + console());
            return this;
        }

        int status(String path, String password) throws InterruptedException {
            try {
                return get(path, password).statusCode();
            } catch (IOException e) {
                return -1;
            }
        }

        HttpResponse<String> get(String path, String password) throws IOException, InterruptedException {
            return send(HttpRequest.newBuilder(uri(path)).GET(), password);
        }

        HttpResponse<String> post(String path, String json, String password) throws IOException, InterruptedException {
            return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)), password);
        }

        private HttpResponse<String> send(HttpRequest.Builder request, String password) throws IOException, InterruptedException {
            request.timeout(Duration.ofSeconds(10));
            if (password != null) {
                request.header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8)));
            }
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        private URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }

        String console() throws IOException {
            return Files.readString(console);
        }

        /** SIGTERM, as systemd and Ctrl-C stop it; the exit status. */
        int stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("the runtime did not stop within 90 s of SIGTERM");
            }
            return process.exitValue();
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
