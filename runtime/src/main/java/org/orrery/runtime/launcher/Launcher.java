package org.orrery.runtime.launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar orrery.jar}: prepares the home folder, starts Apache Felix with the
 * runtime's bundles (from the {@code bundle/} folder beside this jar) and runs until the
 * framework stops or the process is told to end.
 *
 * <p>Exit codes: 0 after a normal stop, 2 when the runtime cannot start (the message says why).
 * Subcommands ({@code version}, {@code check}, {@code backup}, …): {@link Subcommands}.
 */
public final class Launcher {

    static final int EXIT_CANNOT_START = 2;
    static final String WEB_CONSOLE_PROVIDER = "orrery";
    /** Jetty's idle timeout: how long a request body (or an idle connection) may stay silent. */
    static final int HTTP_IDLE_TIMEOUT_MILLIS = 10_000;
    /** Felix's buffer for copying a jar into its cache. */
    static final int CACHE_BUFFER_BYTES = 64 * 1024;

    private Launcher() {
    }

    public static void main(String[] args) {
        List<String> arguments = List.of(args);
        Optional<Integer> done = new Subcommands(System.getenv(), Path.of(""), System.out, System.err).run(arguments);
        if (done.isPresent()) {
            System.exit(done.get());
            return;
        }
        long started = System.nanoTime();
        // the hook is in place before the framework exists: a SIGTERM that comes while start() is still
        // returning (health may already answer 200) stops the framework cleanly too, instead of making
        // addShutdownHook throw "Shutdown in progress" and the JVM exit 143 with the framework running
        AtomicReference<Framework> created = new AtomicReference<>();
        Thread stopper = new Thread(() -> {
            Framework running = created.get();
            if (running != null) {
                stop(running);
            }
        }, "orrery-shutdown");
        Runtime.getRuntime().addShutdownHook(stopper);
        Framework framework;
        HomeFolder home;
        try {
            home = HomeFolder.open(HomeFolder.locate(System.getenv(), Path.of("")));
            framework = start(home, System.getenv(), arguments, started, created::set);
        } catch (LaunchException e) {
            created.set(null); // exit with EXIT_CANNOT_START, not the hook's status
            System.err.println("orrery: cannot start: " + e.getMessage());
            LoggerFactory.getLogger(Launcher.class).error("Cannot start: {}", e.getMessage());
            Logging.stop();
            System.exit(EXIT_CANNOT_START);
            return;
        }
        int exit = 0;
        try {
            FrameworkEvent event = framework.waitForStop(0);
            if (event.getType() == FrameworkEvent.ERROR) {
                exit = 1;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(stopper);
        } catch (IllegalStateException e) {
            return; // the JVM is already shutting down; the hook does the rest
        }
        LoggerFactory.getLogger(Launcher.class).info("Orrery stopped");
        home.close();
        Logging.stop();
        System.exit(exit);
    }

    /** Starts the framework; {@code created} learns of it as soon as it exists (for the shutdown hook). */
    static Framework start(HomeFolder home, Map<String, String> environment, List<String> arguments, long startedNanos,
            Consumer<Framework> created) throws LaunchException {
        RuntimeSettings settings = RuntimeSettings.read(home.etc(), environment, arguments);
        String loggingProblem = Logging.configure(home.etc(), home.logs(), settings.logLevel());
        Logger log = LoggerFactory.getLogger(Launcher.class);
        log.info("Orrery starting: home {}{}", home.root(), home.fresh() ? " (new)" : "");
        if (loggingProblem != null) {
            log.error(loggingProblem);
        }
        settings.problems().forEach(log::error);
        home.modeProblems().forEach(problem -> log.warn("Not private to its owner: {}", problem));
        HomeFormat.requireKnown(home.etc());
        HomeDatabase.requireKnownSchema(home.root(), new BundleJars(bundleFolder()));
        try {
            RuntimeSettings.writeDefaultFile(home.etc());
            DeployFolder.writeWatcherConfiguration(home.etc());
            LegacyConfigurations.migrate(home.etc()).forEach(m -> log.info("Configuration migrated: {}", m));
            if (home.fresh()) {
                SimulatedInstruments.configure(home.etc());
                log.info("Simulated instruments configured in {} (sim-camera, sim-mount, sim-focuser,"
                        + " sim-filterwheel, sim-safety, sim-microscope)", home.etc());
            }
            HomeFormat.record(home.etc(), home.fresh()).ifPresent(change -> log.info("Home format: {}", change));
        } catch (IOException e) {
            throw new LaunchException("cannot write to " + home.etc() + " (" + HomeFolder.describe(e) + ")");
        }
        checkPortFree(settings.httpHost(), settings.httpPort());

        Map<String, Object> properties = frameworkProperties(home, settings);
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new LaunchException("no OSGi framework on the class path"));
        @SuppressWarnings({"unchecked", "rawtypes"})
        Framework framework = factory.newFramework((Map) properties);
        created.accept(framework);
        Map<String, RuntimeBundles.BundleJar> bundleJars;
        RuntimeBundles.Stamps stamps;
        try {
            framework.init();
            log.debug("Framework initialised");
            if (log.isDebugEnabled()) {
                logBundleStartTimes(framework.getBundleContext(), log);
            }
            Map<String, RuntimeBundles.BundleJar> jars = RuntimeBundles.scan(bundleFolder(), settings.shell());
            stamps = new RuntimeBundles.Stamps(home.data().resolve("runtime-bundles.properties"));
            RuntimeBundles.synchronize(framework.getBundleContext(), jars, stamps);
            bundleJars = jars;
            log.debug("Runtime bundles synchronised");
            framework.start();
            new DeployFolderMonitor(framework.getBundleContext(), home.deploy()).start();
        } catch (BundleException e) {
            throw new LaunchException("the OSGi framework did not start: " + e.getMessage(), e);
        }
        long millis = (System.nanoTime() - startedNanos) / 1_000_000;
        String url = "http://" + displayHost(settings.httpHost()) + ":" + settings.httpPort();
        log.info("Orrery started in {} ms: Web Console {}/system/console, API {}/api/v1", millis, url, url);
        MemoryAfterStart.releaseSoon(() -> recordDigests(bundleJars, stamps, log));
        return framework;
    }

    /** Felix Event Admin's list of handler classes it calls without its timeout (and its extra thread). */
    static final String EVENT_ADMIN_IGNORE_TIMEOUT = "org.apache.felix.eventadmin.IgnoreTimeout";
    /** web.api's event stream handler, which never blocks (it only enqueues). */
    static final String EVENT_STREAM_HANDLER = "org.orrery.web.api.internal.EventStreamServlet";

    /** Felix Event Admin's pool size: sync and async pools (async: half of it). */
    static final String EVENT_ADMIN_THREAD_POOL_SIZE = "org.apache.felix.eventadmin.ThreadPoolSize";
    static final int EVENT_ADMIN_THREADS = 8;

    static Map<String, Object> frameworkProperties(HomeFolder home, RuntimeSettings settings) throws LaunchException {
        RunInstructions run = RunInstructions.fromClassPath();
        Map<String, Object> p = new HashMap<>();
        p.put(Constants.FRAMEWORK_STORAGE, home.data().resolve("framework").toString());
        p.put(Constants.FRAMEWORK_STORAGE_CLEAN, "none");
        p.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, run.systemPackages());
        p.put(Constants.FRAMEWORK_SYSTEMCAPABILITIES_EXTRA, run.systemCapabilities());
        p.put("felix.log.logger", new FrameworkLog());
        p.put("felix.log.level", "2");
        // installing copies each jar into the cache through this buffer (default 4 KB: 16 000 calls for 32 MB)
        p.put("felix.cache.bufsize", Integer.toString(CACHE_BUFFER_BYTES));
        p.put("orrery.home", home.root().toString());
        // SCR keeps the parsed component descriptions of every bundle in its data folder when it stops
        // and reads them back at the next start instead of parsing each bundle's XML again; an entry
        // counts only while its bundle's last-modified time is unchanged (an updated bundle is parsed)
        p.put("ds.cache.metadata", "true");
        // HTTP (Felix HTTP Jetty 12), with Jakarta WebSocket
        p.put("org.apache.felix.http.host", settings.httpHost());
        p.put("org.osgi.service.http.port", Integer.toString(settings.httpPort()));
        p.put("org.apache.felix.http.enable", "true");
        // a client that stops sending (a stalled request body) is answered 408 after this, not 60 s
        p.put("org.apache.felix.http.timeout", Integer.toString(HTTP_IDLE_TIMEOUT_MILLIS));
        p.put("org.apache.felix.jakarta.websocket.enable", "true");
        // Event Admin calls each handler on a thread of its own to time it out (5 s) unless told not
        // to: a hand-off per event that made up a third of the event stream's latency
        // (docs/benchmarks.md). The stream's handler only enqueues, so it needs no timeout.
        p.put(EVENT_ADMIN_IGNORE_TIMEOUT, EVENT_STREAM_HANDLER);
        // its asynchronous pool is half of this (10 by default) and keeps every thread it ever made: the
        // framework events of the start made all 10, and an idle runtime kept them. Orrery posts task,
        // sequence, scheduler and agent events from a few threads; one handler (the event stream) listens
        p.put(EVENT_ADMIN_THREAD_POOL_SIZE, Integer.toString(EVENT_ADMIN_THREADS));
        // The Web Console serves nothing until Orrery's security provider is there: no admin/admin
        p.put("felix.webconsole.security.providers", WEB_CONSOLE_PROVIDER);
        // File Install: etc/ holds configuration; etc/ names the deploy folder's own watcher
        p.put("felix.fileinstall.dir", home.etc().toString());
        p.put("felix.fileinstall.filter", ".*\\.(cfg|config)");
        p.put("felix.fileinstall.poll", "1000");
        p.put("felix.fileinstall.noInitialDelay", "true");
        p.put("felix.fileinstall.enableConfigSave", "true");
        p.put("felix.fileinstall.log.level", "3");
        p.put("felix.fileinstall.log.default", "jul"); // before the Log Service is up; JUL reaches SLF4J
        p.put("felix.fileinstall.tmpdir", home.root().resolve(DeployFolder.WORK_FOLDER).toString());
        p.put("gosh.args", settings.shell() ? "" : "--nointeractive");
        p.put("gosh.home", home.root().toString());
        p.putAll(settings.frameworkProperties());
        return p;
    }

    /**
     * Fails the start with a clear message when another program holds the HTTP port (the HTTP
     * bundle would otherwise only log a bind error and run without a server).
     */
    static void checkPortFree(String host, int port) throws LaunchException {
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new LaunchException("HTTP host '" + host + "' is not an address of this machine: set ORRERY_HTTP_HOST "
                    + "or http.host in etc/orrery.properties");
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(address, port));
        } catch (IOException e) {
            throw new LaunchException("port " + port + " on " + host + " is not available (" + e.getMessage()
                    + "): another program uses it; set ORRERY_HTTP_PORT or http.port in etc/orrery.properties");
        }
    }

    /**
     * The {@code bundle/} folder beside the launcher jar (or beside the classes, in a build), or
     * beside the jar's folder (an installed distribution: {@code lib/orrery.jar} and {@code bundle/}).
     */
    static Path bundleFolder() throws LaunchException {
        try {
            return bundleFolder(Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException | SecurityException e) {
            throw new LaunchException("cannot find where the launcher jar is: " + e.getMessage());
        }
    }

    static Path bundleFolder(Path code) throws LaunchException {
        Path beside = code.getParent().resolve("bundle");
        for (Path folder : List.of(beside, code.getParent().resolveSibling("bundle"))) {
            if (Files.isDirectory(folder)) {
                return folder;
            }
        }
        throw new LaunchException("the runtime's bundle folder " + beside + " is missing: run './mvnw install'");
    }

    /** The digests of the bundles this start installed: off the start path (see RuntimeBundles.recordDigests). */
    private static void recordDigests(Map<String, RuntimeBundles.BundleJar> jars, RuntimeBundles.Stamps stamps, Logger log) {
        try {
            int recorded = RuntimeBundles.recordDigests(jars, stamps);
            if (recorded > 0) {
                log.debug("Digests of {} runtime bundle(s) recorded", recorded);
            }
        } catch (LaunchException e) {
            log.warn("Digests of the runtime bundles not recorded: {}", e.getMessage());
        }
    }

    /** At debug level, how long each bundle took to start: the first place to look when a start is slow. */
    private static void logBundleStartTimes(org.osgi.framework.BundleContext context, Logger log) {
        Map<Long, Long> starting = new java.util.concurrent.ConcurrentHashMap<>();
        context.addBundleListener((org.osgi.framework.SynchronousBundleListener) event -> {
            long id = event.getBundle().getBundleId();
            if (event.getType() == org.osgi.framework.BundleEvent.STARTING) {
                starting.put(id, System.nanoTime());
            } else if (event.getType() == org.osgi.framework.BundleEvent.STARTED && starting.containsKey(id)) {
                log.debug("Started {} in {} ms", event.getBundle().getSymbolicName(),
                        (System.nanoTime() - starting.remove(id)) / 1_000_000);
            }
        });
    }

    private static String displayHost(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    /** The shutdown hook: stops the framework cleanly, then ends the process with 0 (a clean stop is not a failure). */
    private static void stop(Framework framework) {
        Logger log = LoggerFactory.getLogger(Launcher.class);
        int exit = 0;
        try {
            log.info("Orrery stopping");
            framework.stop();
            FrameworkEvent event = framework.waitForStop(30_000);
            if (event.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                log.warn("The framework did not stop within 30 s; exiting anyway");
                exit = 1;
            } else {
                log.info("Orrery stopped");
            }
        } catch (BundleException e) {
            log.error("Stopping the framework failed: {}", e.getMessage());
            exit = 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exit = 1;
        } finally {
            Logging.stop();
        }
        // without this, a JVM ended by SIGTERM reports 143 even after a clean stop
        Runtime.getRuntime().halt(exit);
    }
}
