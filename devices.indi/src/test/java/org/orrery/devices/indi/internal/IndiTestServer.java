package org.orrery.devices.indi.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code indiserver} (Debian's indi-bin) with simulator drivers, for tests. It must run in
 * a private network namespace (indiserver listens on all interfaces): the surefire fork runs under
 * src/test/netns/bin/java, and this class refuses to start anywhere that has a network interface
 * other than loopback.
 */
final class IndiTestServer implements AutoCloseable {

    static final List<String> SIMULATORS = List.of("indi_simulator_ccd", "indi_simulator_telescope",
            "indi_simulator_focus", "indi_simulator_wheel");

    private final Path home;
    private final int port;
    private final List<String> drivers;
    private Process process;
    private Path extraPath;

    IndiTestServer(int port, List<String> drivers) throws IOException {
        checkPrivateNetwork();
        this.port = port;
        this.drivers = List.copyOf(drivers);
        this.home = Files.createTempDirectory("indi-test");
    }

    /** Fails unless loopback is the only network interface: the tests never expose an INDI server. */
    static void checkPrivateNetwork() throws IOException {
        // /proc/self/net is this process's network namespace (/sys/class/net is the mounter's)
        List<String> others = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/net/dev"))) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                String name = line.substring(0, colon).trim();
                if (!name.equals("lo")) {
                    others.add(name);
                }
            }
        }
        if (!others.isEmpty()) {
            throw new IllegalStateException("the INDI tests must run in a private network namespace (only 'lo'), "
                    + "but this one has " + others + ": run them through Maven (surefire's jvm is "
                    + "src/test/netns/bin/java) or prefix the JVM with 'unshare --net'");
        }
    }

    int port() {
        return port;
    }

    Path home() {
        return home;
    }

    /** Puts {@code dir} first on the PATH of indiserver and its drivers (a stand-in program for them to find). */
    IndiTestServer withPathFirst(Path dir) {
        this.extraPath = dir;
        return this;
    }

    /** Starts indiserver and waits until it accepts connections. */
    IndiTestServer start() throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(which("indiserver"), "-v", "-p", Integer.toString(port)));
        cmd.addAll(drivers);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("indiserver.log").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("HOME", home.toString()); // driver config files stay out of the real home
        if (extraPath != null) {
            pb.environment().put("PATH", extraPath + ":" + pb.environment().getOrDefault("PATH", "/usr/bin:/bin"));
        }
        process = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("localhost", port), 500);
                return this;
            } catch (IOException e) {
                if (!process.isAlive()) {
                    throw new IOException("indiserver exited with " + process.exitValue() + ": " + log());
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("indiserver did not accept connections on port " + port + " within 10 s");
                }
                Thread.sleep(50);
            }
        }
    }

    /** Kills one driver process (SIGKILL, by its pid): indiserver restarts it, and it comes back disconnected. */
    long killDriver(String executable) {
        ProcessHandle driver = process.toHandle().children()
                .filter(p -> p.info().command().map(c -> c.endsWith("/" + executable) || c.equals(executable))
                        .orElse(false))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no running " + executable + " under indiserver pid "
                        + process.pid()));
        driver.destroyForcibly();
        return driver.pid();
    }

    Optional<Long> driverPid(String executable) {
        return process.toHandle().children()
                .filter(p -> p.info().command().map(c -> c.endsWith("/" + executable)).orElse(false))
                .map(ProcessHandle::pid).findFirst();
    }

    /** Stops indiserver (its drivers end with it) and waits for them. */
    void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        List<ProcessHandle> children = process.toHandle().descendants().toList();
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        for (ProcessHandle child : children) {
            child.onExit();
            if (child.isAlive()) {
                try {
                    child.onExit().get(3, TimeUnit.SECONDS);
                } catch (Exception e) {
                    child.destroyForcibly();
                }
            }
        }
        process = null;
    }

    String log() {
        try {
            return Files.readString(home.resolve("indiserver.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    static String which(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new IllegalStateException(program + " is not installed (apt-get install indi-bin fitsverify; "
                + ".ci/run does it)");
    }

    @Override
    public void close() throws Exception {
        stop();
        try (java.util.stream.Stream<Path> files = Files.walk(home)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
