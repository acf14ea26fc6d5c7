package org.orrery.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Issue 17's check that start-up stays lean: the runtime jar, started on a fresh home the way a
 * user starts it (with its simulated instruments configured), and left idle, has activated only
 * the components that start must activate, and runs only threads of the pools named below. A
 * bundle that starts work at activation that could wait — a simulator or driver activated because
 * something bound it, a thread pool filled before its first task — fails this test, with a message
 * that names the component or thread and says what to do.
 *
 * <p>Components are read as SCR reports them (the Web Console's Declarative Services plugin, which
 * shows {@code ServiceComponentRuntime}'s DTOs); threads with {@code jcmd Thread.print} of the
 * runtime's JVM.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IdleStartIT {

    static final Path WORK = Path.of(System.getProperty("orrery.e2e.dir", "target/e2e")).toAbsolutePath();
    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Components that may be ACTIVE in an idle runtime (a regular expression on the component
     * name), each with the reason. Anything else that is active was activated without a user.
     */
    static final Map<String, String> ACTIVE_AT_START = Map.ofEntries(
            Map.entry("org\\.orrery\\.web\\.api\\.internal\\..*",
                    "the REST API's servlets, filters and listeners: the HTTP whiteboard initialises each at"
                            + " registration, and a request must find them ready"),
            Map.entry("org\\.orrery\\.web\\.console\\.internal\\..*",
                    "the Web Console's plugin, security provider and listeners: the console and the whiteboard get"
                            + " them at registration"),
            Map.entry("org\\.orrery\\.auth\\.internal\\.UserDirectory",
                    "creates the first administrator and says where its password is (the first start must)"),
            Map.entry("org\\.orrery\\.auth\\.internal\\.AuditLogger", "the audit log the API's listeners write to"),
            Map.entry("org\\.orrery\\.auth\\.internal\\.PrivateConfigurationFiles",
                    "makes the configuration files (secrets) owner-only at start and after each change"),
            Map.entry("org\\.orrery\\.log\\.bridge\\.internal\\.LogToSlf4j",
                    "forwards the OSGi log to the log files from the first bundle on"),
            Map.entry("org\\.orrery\\.core\\.scheduler\\.internal\\.SchedulerComponent",
                    "the scheduler: takes up the stored tasks a restart interrupted and runs what is due"),
            Map.entry("org\\.orrery\\.core\\.sequence\\.internal\\.SequenceManagerComponent",
                    "takes up the unfinished sequences (durable progress) and watches the safety monitors"),
            Map.entry("org\\.orrery\\.store\\.jdbc\\.internal\\.JdbcTaskStore",
                    "the task store: the scheduler's recovery reads it at start"),
            Map.entry("org\\.orrery\\.store\\.files",
                    "the file store: finishes or removes the files of writes a crash interrupted"),
            Map.entry("org\\.orrery\\.agents\\.process",
                    "the process agent: the scheduler binds every local agent to read its id, type and capabilities"
                            + " (agents have no service properties for them yet; actions do, and stay inactive until"
                            + " a task needs them)"),
            Map.entry("org\\.orrery\\.devices\\.telescope\\.internal\\.SimulatedSafetyMonitor",
                    "a safety monitor: the sequence manager watches every one from the start"),
            Map.entry("org\\.orrery\\.astro\\.sky\\.internal\\.ClockComponent",
                    "the sky clock (a few fields): the simulated safety monitor and the sequences servlet bind it;"
                            + " the sky and the catalog are got on first use"),
            Map.entry("org\\.orrery\\.agents\\.codegen\\.internal\\.CodegenComponent",
                    "registers the codegen agent, so code_analysis tasks can be routed (JavaParser loads with the"
                            + " first analysis)"),
            Map.entry("org\\.orrery\\.devices\\.alpaca\\.internal\\.AlpacaDiscoveryComponent",
                    "sends nothing unless scan.on.activate or scan.interval.s is configured, which must run"
                            + " without a user"));

    /**
     * Threads an idle runtime may run (a regular expression on the thread name), each with the
     * pool it belongs to. A pool of Orrery's that starts its threads before its first task does
     * not belong here: start them on demand and let them end when idle.
     */
    static final Map<String, String> THREADS = Map.ofEntries(
            Map.entry("main|orrery-deploy-monitor", "the launcher: waits for the framework, watches deploy/"),
            Map.entry("Reference Handler|Finalizer|Signal Dispatcher|Service Thread|Monitor Deflation Thread"
                    + "|C[12] CompilerThread\\d+|Sweeper thread|Common-Cleaner|Notification Thread|Attach Listener",
                    "the JVM's own (Attach Listener answers this test's jcmd)"),
            Map.entry("process reaper", "the JDK's waiter for a started child process; ends 60 s after it"),
            Map.entry("Felix(StartLevel|DispatchQueue|FrameworkWiring|LogListener|Resolver-\\d+)", "the framework"),
            Map.entry("SCR Component Actor", "Declarative Services"),
            Map.entry("CM (Configuration Updater|Event Dispatcher)", "Config Admin"),
            Map.entry("EventAdminAsyncThread #[1-4]",
                    "Event Admin's asynchronous delivery pool, grown to its size by the framework events of the start"
                            + " and kept: 4 threads (half of org.apache.felix.eventadmin.ThreadPoolSize, 8 by the"
                            + " launcher; 10 by default)"),
            Map.entry("fileinstall-.*|FileSystemWatchService", "File Install watching etc/ and deploy/"),
            Map.entry("qtp\\d+-\\d+(-acceptor-.*)?|Scheduler-\\d+-\\d+|Apache Felix Http Runtime Timer",
                    "Jetty: its request pool (minimum size in the HTTP service's configuration) and scheduler"),
            Map.entry("orrery-task-store-writer", "the task store's one writer (group commit), durable submits need it"),
            Map.entry("orrery-event-stream-timer-\\d+",
                    "the event stream's ping and credential re-check timer (web.api EventStreamHub)"));

    /** How long the runtime is watched for quiet after it answers health. */
    static final Duration SETTLE = Duration.ofSeconds(60);
    private static final Pattern THREAD_LINE = Pattern.compile("^\"(.*)\" #\\d+ ");

    static final Path JAVA_HOME = Path.of(System.getProperty("java.home"));
    static RuntimeProcess runtime;
    static String password;
    /** The runtime JVM's {@code java.io.tmpdir}: its own, to see what the runtime leaves there. */
    static Path systemTemp;

    @BeforeAll
    static void start() throws IOException {
        String name = "idle-start-" + UUID.randomUUID();
        systemTemp = Files.createDirectories(WORK.resolve(name + "-system-tmp"));
        runtime = RuntimeProcess.start(JAVA_HOME, WORK.resolve(name), RuntimeProcess.freePort(),
                Map.of("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + systemTemp)).awaitReady();
        password = runtime.adminPassword();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    @Order(1)
    void anIdleRuntimeHasActivatedOnlyWhatStartNeedsAndRunsOnlyNamedPools() throws Exception {
        // idle: the start's work is done (what is active stays the same between two looks) and the
        // threads that end when idle have ended; what is still wrong after SETTLE is reported
        Map<String, String> active = Map.of();
        List<String> problems;
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (true) {
            Map<String, String> now = activeComponents(runtime, password);
            boolean settled = now.equals(active);
            active = now;
            problems = problems(now, threads(runtime, JAVA_HOME));
            if (settled && problems.isEmpty() || System.nanoTime() - deadline > 0) {
                break;
            }
            RuntimeProcess.sleep(2000);
        }
        assertTrue(problems.isEmpty(), problems.size() + " start-up problem(s):\n- " + String.join("\n- ", problems));
    }

    @Test
    @Order(2)
    void theSimulatorsAreActivatedWhenFirstAsked() throws Exception {
        String mount = "org.orrery.devices.telescope.internal.SimulatedMount";
        assertEquals(null, activeComponents(runtime, password).get(mount), "the mount is not active before use");

        JsonNode devices = JSON.readTree(runtime.get("/api/v1/devices", "admin", password).body());
        Set<String> ids = new TreeSet<>();
        devices.forEach(d -> ids.add(d.path("id").asText() + " " + d.path("connection").asText()));
        assertTrue(ids.contains("sim-mount connected"), "GET /devices shows the simulated mount, connected: " + ids);
        assertTrue(activeComponents(runtime, password).containsKey(mount), "listing the devices activated it");
    }

    /** What is wrong with these active components and threads, each named with what to do. */
    static List<String> problems(Map<String, String> active, List<String> threads) {
        List<String> problems = new ArrayList<>();
        active.forEach((name, bundle) -> {
            if (ACTIVE_AT_START.keySet().stream().noneMatch(name::matches)) {
                problems.add("component " + name + " (bundle " + bundle + ") is ACTIVE in an idle runtime, and no"
                        + " one has used it: its activation is start-up work that could wait. Let DS delay it"
                        + " (no immediate=true; a component without a service is always immediate), or have"
                        + " whatever binds it get it on first use (a ComponentServiceObjects reference, as the"
                        + " Instruments of devices.common do with devices; an action: declare it with"
                        + " @ActionProperties); if a user would notice the delay,"
                        + " add it to IdleStartIT.ACTIVE_AT_START with the reason");
            }
        });
        for (String thread : threads) {
            if (THREADS.keySet().stream().noneMatch(thread::matches)) {
                problems.add("thread '" + thread + "' runs in an idle runtime and belongs to no pool named in"
                        + " IdleStartIT.THREADS: start it with the first work and let it end when idle"
                        + " (ThreadPoolExecutor.allowCoreThreadTimeOut, no prestartAllCoreThreads), or, if it"
                        + " must run from the start, add its pool there with the reason");
            }
        }
        return problems;
    }

    /** The ACTIVE components by name, with their bundle id. */
    static Map<String, String> activeComponents(RuntimeProcess runtime, String password) {
        String body = runtime.get("/system/console/components/.json", "admin", password).body();
        Map<String, String> active = new TreeMap<>();
        try {
            for (JsonNode component : JSON.readTree(body).path("data")) {
                if ("active".equals(component.path("state").asText())) {
                    active.put(component.path("name").asText(), component.path("bundleId").asText());
                }
            }
        } catch (IOException e) {
            fail("The Web Console's component list is not JSON: " + body, e);
        }
        return active;
    }

    /** The names of the runtime JVM's Java threads. */
    static List<String> threads(RuntimeProcess runtime, Path javaHome) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(javaHome.resolve("bin/jcmd").toString(), Long.toString(runtime.pid()),
                "Thread.print").redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
            fail("jcmd " + runtime.pid() + " Thread.print failed:\n" + out);
        }
        List<String> names = new ArrayList<>();
        for (String line : out.split("\n")) {
            Matcher m = THREAD_LINE.matcher(line);
            if (m.find()) {
                names.add(m.group(1));
            }
        }
        assertTrue(names.contains("main"), "jcmd listed the runtime's threads:\n" + out);
        return names;
    }

    /**
     * File Install's watchers (etc/ and deploy/) work in the home: by default each made a new
     * {@code fileinstall-<n>} folder in the system's temporary folder at every start and left it there.
     */
    @Test
    @Order(3)
    void fileInstallWorksInTheHomeNotInTheSystemsTemporaryFolder() throws IOException {
        try (Stream<Path> left = Files.list(systemTemp)) {
            List<String> names = left.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("fileinstall")).toList();
            assertEquals(List.of(), names, "File Install's folders in " + systemTemp);
        }
        assertTrue(Files.isDirectory(runtime.home.resolve("data/tmp/fileinstall")), "data/tmp/fileinstall in the home");
    }
}
