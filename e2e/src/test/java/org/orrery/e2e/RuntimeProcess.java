package org.orrery.e2e;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The Orrery runtime jar started as a separate process, the way a user starts it, with a
 * scratch home and a free port; its console output goes to a file the tests can read.
 */
final class RuntimeProcess implements AutoCloseable {

    static final Path JAR = Path.of(System.getProperty("orrery.jar", "../runtime/target/orrery.jar")).toAbsolutePath();
    static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    static {
        // the runtime closes connections idle for 10 s: let the client drop its idle ones first,
        // or a request may go out on a connection the server is closing
        if (System.getProperty("jdk.httpclient.keepalive.timeout") == null) {
            System.setProperty("jdk.httpclient.keepalive.timeout", "5");
        }
    }

    final Path javaHome;
    final Path home;
    final int port;
    final Path output;
    private final Process process;
    /** The admin password given through ORRERY_ADMIN_PASSWORD, or null (then the runtime generates one). */
    private final String givenAdminPassword;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private RuntimeProcess(Path javaHome, Path home, int port, Path output, Process process, String givenAdminPassword) {
        this.javaHome = javaHome;
        this.home = home;
        this.port = port;
        this.output = output;
        this.process = process;
        this.givenAdminPassword = givenAdminPassword;
    }

    /** Starts the runtime; does not wait for it to be ready. */
    static RuntimeProcess start(Path javaHome, Path home, int port, Map<String, String> environment, String... args)
            throws IOException {
        return start(null, javaHome, home, port, environment, args);
    }

    /**
     * Starts the runtime with the given umask (e.g. {@code "022"}, through {@code /bin/sh}, which
     * then becomes the runtime: exec), or with this process's when null.
     */
    static RuntimeProcess start(String umask, Path javaHome, Path home, int port, Map<String, String> environment,
            String... args) throws IOException {
        if (!Files.isRegularFile(JAR)) {
            fail("The runtime jar " + JAR + " is missing: build it first (./mvnw install)");
        }
        List<String> command = new ArrayList<>();
        if (umask != null) {
            command.addAll(List.of("/bin/sh", "-c", "umask " + umask + " && exec \"$0\" \"$@\""));
        }
        command.addAll(List.of(javaHome.resolve("bin/java").toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("ORRERY_"));
        env.put("ORRERY_HOME", home.toString());
        env.put("ORRERY_HTTP_PORT", Integer.toString(port));
        env.putAll(environment);
        Files.createDirectories(home.getParent());
        Path output = home.resolveSibling(home.getFileName() + "-console-" + System.nanoTime() + ".log");
        builder.redirectErrorStream(true).redirectOutput(output.toFile());
        return new RuntimeProcess(javaHome, home, port, output, builder.start(), environment.get("ORRERY_ADMIN_PASSWORD"));
    }

    static RuntimeProcess start(Path javaHome, Path home, int port) throws IOException {
        return start(javaHome, home, port, Map.of());
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Waits until health answers 200; fails with the console output otherwise. */
    RuntimeProcess awaitReady() {
        await("GET /api/v1/health answers 200", START_TIMEOUT, () -> status("/api/v1/health", null) == 200);
        return this;
    }

    /** The admin password: the one given in the environment, else the one the runtime generated. */
    String adminPassword() throws IOException {
        if (givenAdminPassword != null) {
            return givenAdminPassword;
        }
        return Files.readString(home.resolve("etc/initial-admin-password")).trim();
    }

    HttpResponse<String> get(String path, String user, String password) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET();
        if (user != null) {
            request.header("Authorization", basic(user, password));
        }
        return send(request.build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The status of a GET, or -1 when nothing answers. */
    int status(String path, String[] credentials) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).GET();
            if (credentials != null) {
                request.header("Authorization", basic(credentials[0], credentials[1]));
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Polls {@code condition} until it holds; fails naming {@code what} and showing the console. */
    void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            if (!process.isAlive()) {
                fail("The runtime exited with " + process.exitValue() + " while waiting until " + what + ":\n" + console());
            }
            sleep(100);
        }
        fail("Not true within " + timeout.toSeconds() + " s: " + what + "\nConsole:\n" + console());
    }

    String console() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return "(no console output: " + e + ")";
        }
    }

    String logFile() throws IOException {
        return Files.readString(home.resolve("logs/orrery.log"));
    }

    /** Waits for the process to end by itself and returns its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            fail("The runtime did not exit within " + timeout.toSeconds() + " s:\n" + console());
        }
        return process.exitValue();
    }

    /** Stops the runtime the way a service manager does (SIGTERM) and returns its exit code. */
    int stop() throws InterruptedException {
        process.destroy();
        return awaitExit(Duration.ofSeconds(45));
    }

    /** Kills the runtime as a power cut would (SIGKILL: no shutdown hook runs). */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** The runtime's process id (that of {@code /bin/sh} until it execs the JVM, when started with a umask). */
    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The JDKs to run on: this one, and every JDK 25 installed under /usr/lib/jvm (or as named by -Dorrery.e2e.jdks). */
    static List<Path> jdks() throws IOException {
        Map<Path, Path> byRealPath = new HashMap<>();
        String named = System.getProperty("orrery.e2e.jdks", "");
        List<Path> candidates = new ArrayList<>();
        if (!named.isBlank()) {
            for (String home : named.split(",")) {
                candidates.add(Path.of(home.trim()));
            }
        } else {
            candidates.add(Path.of(System.getProperty("java.home")));
            Path jvms = Path.of("/usr/lib/jvm");
            if (Files.isDirectory(jvms)) {
                try (var stream = Files.list(jvms)) {
                    stream.filter(p -> p.getFileName().toString().matches(".*-25(\\D.*)?")).sorted().forEach(candidates::add);
                }
            }
        }
        List<Path> result = new ArrayList<>();
        for (Path home : candidates) {
            Path java = home.resolve("bin/java");
            if (Files.isExecutable(java) && byRealPath.putIfAbsent(java.toRealPath(), home) == null) {
                result.add(home);
            }
        }
        return result;
    }
}
