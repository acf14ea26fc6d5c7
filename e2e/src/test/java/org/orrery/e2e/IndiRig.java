package org.orrery.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Debian's real {@code indiserver} with INDI simulators and the runtime jar configured to use it
 * ({@code etc/org.orrery.devices.indi.server-main.cfg}), for the ITs of the failsafe execution
 * {@code indi}. indiserver listens on all interfaces, so it refuses to start unless this JVM sees
 * only loopback (the execution's JVM is devices.indi's {@code src/test/netns/bin/java}). A
 * shutdown hook ends what it started (by pid) even if the fork is ended early.
 */
final class IndiRig {

    static final String CAMERA = "indi-ccd-simulator";
    static final String MOUNT = "indi-telescope-simulator";
    static final String FOCUSER = "indi-focuser-simulator";
    static final String WHEEL = "indi-filter-simulator";
    static final String WEATHER = "indi-weather-simulator";
    static final List<String> DRIVERS = List.of("indi_simulator_ccd", "indi_simulator_telescope",
            "indi_simulator_focus", "indi_simulator_wheel", "indi_simulator_weather");
    /** devices.indi's stand-in for the Guide Star Catalog's {@code gsc}: with it the CCD simulator draws stars. */
    static final Path GSC = Path.of(System.getProperty("orrery.e2e.gsc", "../devices.indi/src/test/gsc"))
            .toAbsolutePath().normalize();

    final InstrumentApi api;
    final Process indiserver;
    final int port;
    final Path indiHome;
    private final Thread cleanupOnExit;
    private boolean closed;

    private IndiRig(InstrumentApi api, Process indiserver, int port, Path indiHome, Thread cleanupOnExit) {
        this.api = api;
        this.indiserver = indiserver;
        this.port = port;
        this.indiHome = indiHome;
        this.cleanupOnExit = cleanupOnExit;
    }

    /**
     * Starts indiserver with the five simulators and the runtime, and waits until the runtime sees
     * the five INDI devices connected.
     *
     * @param name         the start of the scratch home's folder name
     * @param withGsc      the stand-in {@code gsc} first on indiserver's PATH (frames with stars)
     * @param simulatorsToo false: the new home gets no simulated Orrery instruments (a {@code data}
     *                     folder makes it not new), so the INDI devices are the only ones of their types
     */
    static IndiRig start(String name, boolean withGsc, boolean simulatorsToo) throws Exception {
        requirePrivateNetwork();
        Path home = RuntimeLifecycleIT.WORK.resolve(name + "-" + UUID.randomUUID());
        Path indiHome = home.resolveSibling(home.getFileName() + "-indiserver");
        Files.createDirectories(indiHome);
        int port = RuntimeProcess.freePort();
        Process indiserver = startIndiserver(indiHome, port, withGsc);
        Holder holder = new Holder();
        holder.indiserver = indiserver;
        Thread hook = new Thread(holder::close, "indi-e2e-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Files.createDirectories(home.resolve("etc"));
            if (!simulatorsToo) {
                Files.createDirectories(home.resolve("data"));
            }
            Files.writeString(home.resolve("etc/org.orrery.devices.indi.server-main.cfg"),
                    "host=127.0.0.1\nport=" + port + "\n");
            holder.api = new InstrumentApi(RuntimeProcess.start(Path.of(System.getProperty("java.home")), home,
                    RuntimeProcess.freePort()).awaitReady());
        } catch (Exception | Error e) {
            holder.close();
            Runtime.getRuntime().removeShutdownHook(hook);
            throw e;
        }
        IndiRig rig = new IndiRig(holder.api, indiserver, port, indiHome, hook);
        try {
            rig.api.runtime.await("the five INDI simulators are connected", Duration.ofSeconds(30),
                    () -> rig.indiDevices().values().stream()
                            .filter(d -> d.path("connection").asText().equals("connected")).count() == 5);
        } catch (RuntimeException | Error e) {
            rig.close();
            throw e;
        }
        return rig;
    }

    /** What the shutdown hook and {@link #close} end: the runtime, then indiserver and its drivers. */
    private static final class Holder {
        InstrumentApi api;
        Process indiserver;

        synchronized void close() {
            if (api != null) {
                try {
                    api.runtime.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                api = null;
            }
            if (indiserver != null) {
                stopIndiserver(indiserver);
                indiserver = null;
            }
        }
    }

    /** Ends the runtime, then indiserver and its drivers (by pid, only what this rig started). */
    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupOnExit);
        } catch (IllegalStateException e) {
            // the JVM is shutting down already: the hook does it
            return;
        }
        cleanupOnExit.run();
    }

    private static void stopIndiserver(Process indiserver) {
        List<ProcessHandle> drivers = indiserver.toHandle().descendants().toList();
        indiserver.destroy();
        try {
            if (!indiserver.waitFor(5, TimeUnit.SECONDS)) {
                indiserver.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            for (ProcessHandle driver : drivers) {
                if (driver.isAlive()) {
                    driver.onExit().get(3, TimeUnit.SECONDS); // they end when indiserver closes their pipes
                }
            }
        } catch (Exception e) {
            drivers.forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** Fails unless loopback is the only interface this JVM sees: indiserver must never be reachable from outside. */
    static void requirePrivateNetwork() throws IOException {
        List<String> others = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/net/dev"))) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.substring(0, colon).trim().equals("lo")) {
                others.add(line.substring(0, colon).trim());
            }
        }
        if (!others.isEmpty()) {
            fail("the INDI ITs start indiserver, which listens on all interfaces, so they must run in a private network"
                    + " namespace with only loopback, but this JVM sees " + others + ": run them through Maven (the"
                    + " failsafe execution 'indi' of e2e/pom.xml uses devices.indi/src/test/netns/bin/java as its JVM)");
        }
    }

    private static Process startIndiserver(Path indiHome, int port, boolean withGsc) throws Exception {
        List<String> command = new ArrayList<>(List.of("indiserver", "-v", "-p", Integer.toString(port)));
        command.addAll(DRIVERS);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(indiHome.resolve("indiserver.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put("HOME", indiHome.toString()); // the drivers' config files stay out of the real home
        if (withGsc) {
            assertTrue(Files.isExecutable(GSC.resolve("gsc")), "no executable stand-in gsc in " + GSC);
            builder.environment().put("PATH", GSC + ":" + builder.environment().getOrDefault("PATH", "/usr/bin:/bin"));
        }
        Process indiserver;
        try {
            indiserver = builder.start();
        } catch (IOException e) {
            throw new AssertionError("indiserver could not be started (apt-get install indi-bin; .ci/run does it): "
                    + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return indiserver;
            } catch (IOException e) {
                if (!indiserver.isAlive() || System.nanoTime() > deadline) {
                    stopIndiserver(indiserver);
                    fail("indiserver does not accept connections on port " + port + ": " + log(indiHome));
                }
                Thread.sleep(50);
            }
        }
    }

    String indiserverLog() {
        return log(indiHome);
    }

    private static String log(Path indiHome) {
        try {
            return Files.readString(indiHome.resolve("indiserver.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** The devices with driver "indi", by id. */
    Map<String, JsonNode> indiDevices() {
        Map<String, JsonNode> found = new TreeMap<>();
        var response = api.call("GET", "/devices", null);
        if (response.statusCode() == 200) {
            for (JsonNode d : InstrumentApi.json(response)) {
                if (d.path("driver").asText().equals("indi")) {
                    found.put(d.get("id").asText(), d);
                }
            }
        }
        return found;
    }

    JsonNode device(String id) {
        return api.ok(api.call("GET", "/devices/" + id, null));
    }

    /** The FITS files a task's result names (each checked to be there). */
    List<Path> fitsFiles(JsonNode task) {
        List<Path> fits = new ArrayList<>();
        for (JsonNode file : task.at("/result/files")) {
            Path path = api.runtime.home.resolve(file.asText());
            assertTrue(Files.isRegularFile(path), "the result names " + path + ", which is not there");
            if (file.asText().endsWith(".fits")) {
                fits.add(path);
            }
        }
        return fits;
    }

    /** The pid of the running driver program {@code executable}, a child of indiserver. */
    ProcessHandle driver(String executable) {
        return indiserver.toHandle().children()
                .filter(p -> p.info().command().map(c -> c.equals(executable) || c.endsWith("/" + executable)).orElse(false))
                .findFirst().orElseThrow(() -> new AssertionError("no " + executable + " runs under indiserver pid "
                        + indiserver.pid() + ":\n" + indiserverLog()));
    }

    /** Sets the weather simulator's precipitation with indi_setprop and makes it update its weather now. */
    void rain(String mm) throws Exception {
        setprop("Weather Simulator.WEATHER_CONTROL.Precip=" + mm);
        setprop("Weather Simulator.WEATHER_REFRESH.REFRESH=On");
    }

    void setprop(String assignment) throws Exception {
        Process p = new ProcessBuilder("indi_setprop", "-p", Integer.toString(port), assignment)
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "indi_setprop " + assignment + ": " + out);
    }
}
