package org.orrery.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Start time and idle memory of the Orrery runtime, compared with a minimal Apache Karaf
 * started the same way (a benchmark program, not a test; see docs/benchmarks.md).
 *
 * <p>For each of N rounds, interleaved:
 * <ol>
 * <li><b>orrery-fresh</b>: {@code java -jar orrery.jar} with a new, empty home; time from
 * process start to the first HTTP 200 of {@code GET /api/v1/health};</li>
 * <li><b>orrery-restart</b>: the same again with the home of (1) (framework cache reused);</li>
 * <li><b>karaf</b>: {@code bin/karaf server} from a fresh copy of the unpacked Karaf; time
 * from process start until its SSH port accepts a TCP connection;</li>
 * <li><b>karaf-restart</b> (optional, not run by default): Karaf again on the copy of (3).</li>
 * </ol>
 * After the start each waits {@code bench.idleSeconds} (5) seconds and reads VmRSS of the JVM
 * from {@code /proc/<pid>/status}, then stops the process (SIGTERM, SIGKILL after 30 s).
 *
 * <p>Settings (system properties, or {@code key=value} arguments with or without the
 * {@code bench.} prefix): {@code bench.runs} (5), {@code bench.idleSeconds} (5),
 * {@code bench.java} (the java executable for the child processes; default: this JVM's),
 * {@code bench.karafJava} (the java for Karaf, as JAVA_HOME; default: {@code bench.java}),
 * {@code bench.variants} (orrery-fresh,orrery-restart,karaf), {@code bench.quietSeconds} (20:
 * how long to wait before each start for other processes to leave the CPU), {@code bench.orreryJar},
 * {@code bench.karafDir} (the unpacked Karaf), {@code bench.workDir}, {@code bench.report}
 * (a Markdown copy of the results), {@code bench.distScript} and {@code bench.imageScript} (the
 * {@code bin/orrery} of an unpacked plain and self-contained distribution, for the variants
 * <b>dist-fresh</b>: the plain one with {@code JAVA_HOME} the JDK of {@code bench.java}, and
 * <b>image-fresh</b>: the self-contained one on its own runtime image; both with a new home).
 *
 * <p>It always exits with 0 when it could measure: a missed target is a result, not an error.
 */
public final class StartupBenchmark {

    static final String ORRERY_FRESH = "orrery-fresh";
    static final String ORRERY_RESTART = "orrery-restart";
    static final String KARAF = "karaf";
    static final String KARAF_RESTART = "karaf-restart";
    static final String DIST_FRESH = "dist-fresh";
    static final String IMAGE_FRESH = "image-fresh";
    static final List<String> ALL_VARIANTS = List.of(ORRERY_FRESH, ORRERY_RESTART, KARAF, KARAF_RESTART, DIST_FRESH, IMAGE_FRESH);

    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    static final long POLL_MILLIS = 10;

    /** Targets of the issue. */
    static final double TARGET_SPEEDUP = 3.0;
    static final long TARGET_START_MILLIS = 1000;
    static final long TARGET_MAX_START_MILLIS = 2000;
    static final long TARGET_RSS_MB = 150;

    private final Map<String, String> settings;
    private final int runs;
    private final long idleMillis;
    private final long quietMillis;
    private final Path java;
    private final Path karafJava;
    private final Path karafJavaHome;
    private final Map<String, String> failures = new LinkedHashMap<>();
    private final List<String> variants;
    private final Path orreryJarAsBuilt;
    private final Path distScript;
    private final Path imageScript;
    private Path orreryJar;
    private String orreryBuilt = "?";
    private final Path karafDir;
    private final Path workDir;
    private final Path report;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofMillis(500))
            .build();
    private final Map<String, List<Sample>> samples = new LinkedHashMap<>();

    /** One measured start. */
    record Sample(long startMillis, long jvmStartMillis, long rssKb, long stopMillis, int exitCode, double otherCpuPercent) {
    }

    StartupBenchmark(Map<String, String> settings) {
        this.settings = settings;
        this.runs = Integer.parseInt(setting("runs", "5"));
        this.idleMillis = Math.round(Double.parseDouble(setting("idleSeconds", "5")) * 1000);
        this.quietMillis = Math.round(Double.parseDouble(setting("quietSeconds", "20")) * 1000);
        this.java = Path.of(setting("java", Path.of(System.getProperty("java.home"), "bin", "java").toString()))
                .toAbsolutePath();
        this.karafJava = Path.of(setting("karafJava", java.toString())).toAbsolutePath();
        for (Path executable : List.of(java, karafJava)) {
            if (!Files.isExecutable(executable)) {
                throw new IllegalArgumentException("bench.java / bench.karafJava: no java executable at " + executable);
            }
        }
        try {
            this.karafJavaHome = karafJava.toRealPath().getParent().getParent();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.variants = Arrays.stream(setting("variants", ORRERY_FRESH + "," + ORRERY_RESTART + "," + KARAF).split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toList());
        for (String variant : variants) {
            if (!ALL_VARIANTS.contains(variant)) {
                throw new IllegalArgumentException("bench.variants: unknown variant " + variant + " (known: " + ALL_VARIANTS + ")");
            }
        }
        this.orreryJarAsBuilt = Path.of(setting("orreryJar", "runtime/target/orrery.jar")).toAbsolutePath().normalize();
        this.orreryJar = orreryJarAsBuilt;
        this.distScript = Path.of(setting("distScript", "dist/bin/orrery")).toAbsolutePath().normalize();
        this.imageScript = Path.of(setting("imageScript", "image/bin/orrery")).toAbsolutePath().normalize();
        this.karafDir = Path.of(setting("karafDir", "bench/target/karaf/apache-karaf-minimal-4.4.8")).toAbsolutePath().normalize();
        this.workDir = Path.of(setting("workDir", System.getProperty("java.io.tmpdir") + "/orrery-bench")).toAbsolutePath().normalize();
        String reportSetting = setting("report", "");
        this.report = reportSetting.isBlank() ? null : Path.of(reportSetting).toAbsolutePath().normalize();
        variants.forEach(v -> samples.put(v, new ArrayList<>()));
    }

    private String setting(String key, String fallback) {
        String value = settings.get(key);
        if (value == null) {
            value = System.getProperty("bench." + key);
        }
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                System.err.println("Arguments are key=value (runs=5 idleSeconds=5 java=/path/to/java variants=... orreryJar=... karafDir=...)");
                System.exit(2);
            }
            String key = arg.substring(0, eq).replaceFirst("^-D", "").replaceFirst("^bench\\.", "");
            settings.put(key, arg.substring(eq + 1));
        }
        StartupBenchmark benchmark = new StartupBenchmark(settings);
        benchmark.checkInputs();
        benchmark.run();
        String text = benchmark.results();
        System.out.println();
        System.out.println(text);
        if (benchmark.report != null) {
            Files.createDirectories(benchmark.report.getParent());
            Files.writeString(benchmark.report, text, StandardCharsets.UTF_8);
            System.out.println("(also written to " + benchmark.report + ")");
        }
        if (!benchmark.failures.isEmpty()) {
            System.exit(1); // a start that failed is not a measurement
        }
    }

    private void checkInputs() {
        if (usesOrrery() && !Files.isRegularFile(orreryJarAsBuilt)) {
            throw new IllegalStateException("No Orrery runtime jar at " + orreryJarAsBuilt + ": build it first (./mvnw -B install -DskipTests)");
        }
        if (usesKaraf() && !Files.isExecutable(karafDir.resolve("bin/karaf"))) {
            throw new IllegalStateException("No unpacked Karaf at " + karafDir + " (the profile 'bench' unpacks it: ./mvnw -B -f bench/pom.xml -Pbench verify)");
        }
        if (!Files.isReadable(Path.of("/proc/self/status"))) {
            throw new IllegalStateException("This benchmark reads /proc/<pid>/status: it runs on Linux only");
        }
    }

    private boolean usesOrrery() {
        return variants.contains(ORRERY_FRESH) || variants.contains(ORRERY_RESTART);
    }

    private boolean usesKaraf() {
        return variants.contains(KARAF) || variants.contains(KARAF_RESTART);
    }

    void run() throws Exception {
        System.out.printf(Locale.ROOT, "Startup benchmark: %d run(s) of %s, %d ms idle before reading RSS%n", runs, variants, idleMillis);
        if (usesOrrery()) {
            System.out.println("Orrery JVM: " + java + " (" + javaVersion(java) + ")");
        }
        if (usesKaraf()) {
            System.out.println("Karaf JVM: " + karafJava + " (" + javaVersion(karafJava) + ")");
            System.out.println("Karaf:     " + karafDir);
        }
        cleanWorkDir();
        if (usesOrrery()) {
            snapshotRuntime();
        }
        warmUpClients();
        for (int run = 1; run <= runs; run++) {
            Path orreryHome = workDir.resolve("orrery-home-" + run);
            Path karafCopy = workDir.resolve("karaf-" + run);
            for (String variant : variants) {
                if (failures.containsKey(variant)) {
                    continue;
                }
                try {
                    samples.get(variant).add(measure(variant, run, orreryHome, karafCopy));
                } catch (IllegalStateException e) {
                    System.out.println("  run " + run + " " + variant + " FAILED: " + e.getMessage());
                    failures.put(variant, e.getMessage().lines().findFirst().orElse("").replaceFirst("; console:$", "") + ": "
                            + firstErrorLine(e.getMessage()));
                }
            }
            // keep the disk use small: a run's Orrery home and Karaf copy are not needed any more
            deleteTree(orreryHome);
            deleteTree(karafCopy);
        }
    }

    /** Removes what an earlier run left in the work folder (only that: the folder may be one a user named). */
    private void cleanWorkDir() throws IOException {
        Files.createDirectories(workDir);
        try (var entries = Files.list(workDir)) {
            for (Path entry : entries.collect(Collectors.toList())) {
                if (entry.getFileName().toString().matches("runtime|orrery-home-\\d+|karaf-\\d+|(orrery|karaf)-\\d+-\\w+\\.console\\.log")) {
                    deleteTree(entry);
                }
            }
        }
    }

    private static String firstErrorLine(String message) {
        List<String> lines = message.lines().skip(1).map(String::trim).collect(Collectors.toList());
        return lines.stream().filter(l -> l.matches("^[\\w.$]+(Error|Exception)\\b.*")).findFirst()
                .or(() -> lines.stream().filter(l -> !l.isEmpty()).findFirst()).orElse("");
    }

    private Sample measure(String variant, int run, Path orreryHome, Path karafCopy) throws Exception {
        switch (variant) {
            case ORRERY_FRESH:
                deleteTree(orreryHome);
                return measureOrrery(orreryHome, run, "fresh");
            case DIST_FRESH:
                deleteTree(orreryHome);
                return measureOrrery(orreryHome, run, "dist", distScript);
            case IMAGE_FRESH:
                deleteTree(orreryHome);
                return measureOrrery(orreryHome, run, "image", imageScript);
            case ORRERY_RESTART:
                if (!Files.isDirectory(orreryHome)) { // no fresh start in this run: make the home now
                    measureOrrery(orreryHome, run, "(prepare)");
                }
                return measureOrrery(orreryHome, run, "restart");
            case KARAF:
                deleteTree(karafCopy);
                copyTree(karafDir, karafCopy);
                return measureKaraf(karafCopy, run, "fresh");
            case KARAF_RESTART:
                if (!Files.isDirectory(karafCopy.resolve("data/cache"))) { // no fresh start in this run
                    deleteTree(karafCopy);
                    copyTree(karafDir, karafCopy);
                    measureKaraf(karafCopy, run, "(prepare)");
                }
                return measureKaraf(karafCopy, run, "restart");
            default:
                throw new IllegalArgumentException(variant);
        }
    }

    // ---------------------------------------------------------------- Orrery

    /**
     * Copies the runtime (the jar, and its lib/ and bundle/ folders beside it) into the work
     * folder and runs that copy: a rebuild of runtime/target while the benchmark runs does not
     * change what it measures.
     */
    private void snapshotRuntime() throws IOException {
        Path source = orreryJarAsBuilt.getParent();
        Path target = workDir.resolve("runtime");
        Files.createDirectories(target);
        Files.copy(orreryJarAsBuilt, target.resolve(orreryJarAsBuilt.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
        for (String folder : List.of("lib", "bundle")) {
            if (Files.isDirectory(source.resolve(folder))) {
                copyTree(source.resolve(folder), target.resolve(folder));
            }
        }
        orreryJar = target.resolve(orreryJarAsBuilt.getFileName());
        orreryBuilt = Files.getLastModifiedTime(orreryJarAsBuilt).toInstant().truncatedTo(ChronoUnit.SECONDS).toString();
        System.out.println("Orrery:    " + orreryJarAsBuilt + " (built " + orreryBuilt + "), run from a copy in " + target);
    }

    private Sample measureOrrery(Path home, int run, String what) throws Exception {
        return measureOrrery(home, run, what, null);
    }

    /** {@code script}: a distribution's bin/orrery to start instead of {@code java -jar orrery.jar}. */
    private Sample measureOrrery(Path home, int run, String what, Path script) throws Exception {
        int port = freePort();
        List<String> command = script == null ? List.of(java.toString(), "-jar", orreryJar.toString())
                : List.of(script.toString());
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        Map<String, String> env = builder.environment();
        cleanEnvironment(env);
        if (script != null) {
            env.put("JAVA_HOME", java.toRealPath().getParent().getParent().toString());
        }
        env.put("ORRERY_HOME", home.toString());
        env.put("ORRERY_HTTP_PORT", Integer.toString(port));
        env.put("ORRERY_HTTP_HOST", "127.0.0.1");
        Path console = workDir.resolve("orrery-" + run + "-" + what.replaceAll("\\W", "") + ".console.log");
        builder.redirectErrorStream(true).redirectOutput(console.toFile());
        URI health = URI.create("http://127.0.0.1:" + port + "/api/v1/health");

        awaitQuiet();
        CpuSnapshot cpu0 = CpuSnapshot.now();
        long t0 = System.nanoTime();
        Process process = builder.start();
        try {
            long ready = awaitCondition(process, t0, () -> httpStatus(health) == 200, "GET " + health + " answers 200", console);
            long startMillis = TimeUnit.NANOSECONDS.toMillis(ready - t0);
            double otherCpu = cpu0.otherPercent(CpuSnapshot.now(), process, ready - t0);
            Thread.sleep(idleMillis);
            long rss = rssKb(process.pid());
            long s0 = System.nanoTime();
            int exit = stopTree(process);
            long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - s0);
            Sample sample = new Sample(startMillis, -1, rss, stopMillis, exit, otherCpu);
            log("orrery", what, run, sample);
            return sample;
        } finally {
            killTree(process);
        }
    }

    private int httpStatus(URI uri) {
        try {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- Karaf

    private Sample measureKaraf(Path karaf, int run, String what) throws Exception {
        int sshPort = freePort();
        configureKaraf(karaf, sshPort);
        ProcessBuilder builder = new ProcessBuilder(karaf.resolve("bin/karaf").toString(), "server").directory(karaf.toFile());
        Map<String, String> env = builder.environment();
        cleanEnvironment(env);
        env.put("JAVA_HOME", karafJavaHome.toString());
        Path console = workDir.resolve("karaf-" + run + "-" + what.replaceAll("\\W", "") + ".console.log");
        builder.redirectErrorStream(true).redirectOutput(console.toFile());
        InetSocketAddress ssh = new InetSocketAddress(InetAddress.getLoopbackAddress(), sshPort);

        awaitQuiet();
        CpuSnapshot cpu0 = CpuSnapshot.now();
        long t0 = System.nanoTime();
        Process process = builder.start();
        try {
            long ready = awaitCondition(process, t0, () -> accepts(ssh), "the SSH port " + sshPort + " accepts a connection", console);
            long startMillis = TimeUnit.NANOSECONDS.toMillis(ready - t0);
            double otherCpu = cpu0.otherPercent(CpuSnapshot.now(), process, ready - t0);
            ProcessHandle jvm = findJvm(process);
            // both instants come from /proc (ticks since boot), so their difference is exact to 10 ms
            // even where that clock and the wall clock disagree
            long jvmStartMillis = jvm.pid() == process.pid() ? -1 : jvm.info().startInstant()
                    .flatMap(j -> process.toHandle().info().startInstant().map(s -> j.toEpochMilli() - s.toEpochMilli()))
                    .orElse(-1L);
            Thread.sleep(idleMillis);
            long rss = rssKb(jvm.pid());
            long s0 = System.nanoTime();
            int exit = stopTree(process);
            long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - s0);
            Sample sample = new Sample(startMillis, jvmStartMillis, rss, stopMillis, exit, otherCpu);
            log("karaf", what, run, sample);
            return sample;
        } finally {
            killTree(process);
        }
    }

    /** SSH on a free loopback port; the RMI ports too if the distribution has the management feature's file. */
    private void configureKaraf(Path karaf, int sshPort) throws IOException {
        Path shell = karaf.resolve("etc/org.apache.karaf.shell.cfg");
        String text = Files.readString(shell, StandardCharsets.ISO_8859_1);
        text = setProperty(text, "sshPort", Integer.toString(sshPort));
        text = setProperty(text, "sshHost", "127.0.0.1");
        Files.writeString(shell, text, StandardCharsets.ISO_8859_1);
        Path management = karaf.resolve("etc/org.apache.karaf.management.cfg");
        if (Files.isRegularFile(management)) {
            String m = Files.readString(management, StandardCharsets.ISO_8859_1);
            m = setProperty(m, "rmiRegistryPort", Integer.toString(freePort()));
            m = setProperty(m, "rmiServerPort", Integer.toString(freePort()));
            m = setProperty(m, "rmiRegistryHost", "127.0.0.1");
            m = setProperty(m, "rmiServerHost", "127.0.0.1");
            Files.writeString(management, m, StandardCharsets.ISO_8859_1);
        }
    }

    static String setProperty(String text, String key, String value) {
        Pattern pattern = Pattern.compile("(?m)^\\s*#?\\s*" + Pattern.quote(key) + "\\s*[=:].*$");
        Matcher matcher = pattern.matcher(text);
        String line = key + " = " + value;
        if (matcher.find()) {
            return matcher.replaceFirst(Matcher.quoteReplacement(line));
        }
        return text + (text.endsWith("\n") ? "" : "\n") + line + "\n";
    }

    private static boolean accepts(InetSocketAddress address) {
        try (Socket socket = new Socket()) {
            socket.connect(address, 500);
            return true;
        } catch (ConnectException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** The Karaf script runs java as its child (no exec): the JVM is the java descendant. */
    private ProcessHandle findJvm(Process process) {
        List<ProcessHandle> candidates = new ArrayList<>();
        candidates.add(process.toHandle());
        process.descendants().forEach(candidates::add);
        return candidates.stream()
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .findFirst()
                .orElse(process.toHandle());
    }

    // ---------------------------------------------------------------- processes

    @FunctionalInterface
    interface Check {
        boolean test() throws Exception;
    }

    /** Polls every 10 ms; returns the System.nanoTime() at which the condition first held. */
    private long awaitCondition(Process process, long t0, Check condition, String what, Path console) throws Exception {
        long deadline = t0 + START_TIMEOUT.toNanos();
        while (true) {
            long before = System.nanoTime();
            if (condition.test()) {
                return System.nanoTime();
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("The process exited with " + process.exitValue() + " before " + what + "; console:\n" + tail(console));
            }
            if (before > deadline) {
                throw new IllegalStateException("Not within " + START_TIMEOUT.toSeconds() + " s: " + what + "; console:\n" + tail(console));
            }
            long sleep = POLL_MILLIS - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before);
            if (sleep > 0) {
                Thread.sleep(sleep);
            }
        }
    }

    /**
     * SIGTERM to the process's descendants (deepest first: the Karaf JVM under its start
     * script), then to the process itself if it has not ended because of that; SIGKILL for
     * whatever is left after the timeout. Returns the exit code, or -1 if it had to be killed.
     */
    private static int stopTree(Process process) throws InterruptedException {
        List<ProcessHandle> descendants = process.descendants().collect(Collectors.toList());
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        if (descendants.isEmpty()) {
            process.destroy();
        } else {
            for (int i = descendants.size() - 1; i >= 0; i--) {
                descendants.get(i).destroy();
            }
            for (ProcessHandle d : descendants) {
                try {
                    d.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (Exception e) {
                    break;
                }
            }
            // the script ends by itself when its JVM has ended; give it a moment, then ask it too
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroy();
            }
        }
        boolean exited = process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
                && descendants.stream().noneMatch(ProcessHandle::isAlive);
        if (!exited) {
            System.out.println("  (did not stop within " + STOP_TIMEOUT.toSeconds() + " s after SIGTERM: killed)");
            killTree(process);
            return -1;
        }
        return process.exitValue();
    }

    private static void killTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("No VmRSS in /proc/" + pid + "/status");
    }

    private static void cleanEnvironment(Map<String, String> env) {
        env.keySet().removeIf(k -> k.startsWith("ORRERY_") || k.startsWith("KARAF_")
                || k.equals("JAVA_OPTS") || k.equals("EXTRA_JAVA_OPTS") || k.equals("JAVA_TOOL_OPTIONS")
                || k.equals("JDK_JAVA_OPTIONS") || k.equals("_JAVA_OPTIONS") || k.equals("JAVA_HOME")
                || k.startsWith("MAVEN_"));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Loads and JITs nothing much, but takes the class loading of the HTTP client and sockets out of the first measurement. */
    private void warmUpClients() throws IOException {
        int port = freePort();
        for (int i = 0; i < 3; i++) {
            httpStatus(URI.create("http://127.0.0.1:" + port + "/api/v1/health"));
            accepts(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        }
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            accepts(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
        }
    }

    private static String javaVersion(Path java) {
        try {
            Process p = new ProcessBuilder(java.toString(), "-XshowSettings:properties", "-version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            String version = find(out, "java\\.runtime\\.version = (.*)");
            String vendor = find(out, "java\\.vm\\.vendor = (.*)");
            String vm = find(out, "java\\.vm\\.name = (.*)");
            return vendor + " " + vm + " " + version;
        } catch (IOException e) {
            return "unknown: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? m.group(1).trim() : "?";
    }

    private static void log(String system, String what, int run, Sample s) {
        System.out.printf(Locale.ROOT, "  run %d %-6s %-9s start %5d ms%s  RSS %4d MB  stop %5d ms (exit %d)  other CPU use %4.1f %%%n",
                run, system, what, s.startMillis(),
                s.jvmStartMillis() >= 0 ? String.format(Locale.ROOT, " (script %d ms before JVM)", s.jvmStartMillis()) : "",
                Math.round(s.rssKb() / 1024.0), s.stopMillis(), s.exitCode(), s.otherCpuPercent());
    }

    // ---------------------------------------------------------------- other load on the machine

    /**
     * CPU time of the whole machine and of this JVM, from /proc, in clock ticks. The CPU use of
     * other processes during a start (another build on the same machine) is what the machine
     * spent minus this JVM and the measured process tree; it is reported with every sample.
     */
    record CpuSnapshot(long machineBusy, long self) {

        static final double TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux platform Java runs on

        static CpuSnapshot now() {
            return new CpuSnapshot(machineBusyTicks(), ownTicks(ProcessHandle.current().pid()));
        }

        /** Other processes' share of the machine's CPU capacity between this snapshot and {@code later}, in %. */
        double otherPercent(CpuSnapshot later, Process measured, long elapsedNanos) {
            long tree = processTicks(measured.pid());
            for (ProcessHandle d : measured.descendants().collect(Collectors.toList())) {
                tree += processTicks(d.pid());
            }
            long other = (later.machineBusy - machineBusy) - (later.self - self) - tree;
            double capacity = elapsedNanos / 1e9 * TICKS_PER_SECOND * Runtime.getRuntime().availableProcessors();
            return capacity <= 0 ? 0 : Math.max(0, 100.0 * other / capacity);
        }

        static long machineBusyTicks() {
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                // cpu user nice system idle iowait irq softirq steal ...
                long busy = 0;
                for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                    busy += i < f.length ? Long.parseLong(f[i]) : 0;
                }
                return busy;
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }

        /** utime + stime: the benchmark's own threads (its children are counted when they run, not when reaped). */
        static long ownTicks(long pid) {
            return ticks(pid, 2);
        }

        /** utime + stime + cutime + cstime (the last two: children it waited for, like the Karaf script's java -version). */
        static long processTicks(long pid) {
            return ticks(pid, 4);
        }

        /** The sum of {@code fields} fields of /proc/pid/stat from utime on; 0 if it cannot be read. */
        private static long ticks(long pid, int fields) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
                // f[0] is field 3 (state): utime is field 14 -> f[11]
                long sum = 0;
                for (int k = 11; k < 11 + fields; k++) {
                    sum += Long.parseLong(f[k]);
                }
                return sum;
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }
    }

    /**
     * Waits until the rest of the machine is quiet (other processes below 10 % of the CPU
     * capacity over half a second), at most {@code bench.quietSeconds} (20) seconds, so that a
     * build running beside the benchmark does not end up in the numbers.
     */
    private void awaitQuiet() throws InterruptedException {
        long deadline = System.nanoTime() + quietMillis * 1_000_000L;
        boolean reported = false;
        while (true) {
            CpuSnapshot a = CpuSnapshot.now();
            long t = System.nanoTime();
            Thread.sleep(500);
            CpuSnapshot b = CpuSnapshot.now();
            long other = (b.machineBusy() - a.machineBusy()) - (b.self() - a.self());
            double capacity = (System.nanoTime() - t) / 1e9 * CpuSnapshot.TICKS_PER_SECOND * Runtime.getRuntime().availableProcessors();
            double percent = 100.0 * other / capacity;
            if (percent < 10 || quietMillis <= 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                System.out.printf(Locale.ROOT, "  (the machine is busy with other work: %.0f %% of its CPU; measuring anyway)%n", percent);
                return;
            }
            if (!reported) {
                System.out.printf(Locale.ROOT, "  (other processes use %.0f %% of the CPU: waiting up to %d s for quiet)%n", percent, quietMillis / 1000);
                reported = true;
            }
        }
    }

    // ---------------------------------------------------------------- files

    static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no console output: " + e + ")";
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var stream = Files.walk(root)) {
            for (Path p : stream.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.deleteIfExists(p);
            }
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()),
                        StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    // ---------------------------------------------------------------- results

    static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().collect(Collectors.toList());
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : Math.round((sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0);
    }

    private List<Long> starts(String variant) {
        return samples.getOrDefault(variant, List.of()).stream().map(Sample::startMillis).collect(Collectors.toList());
    }

    private List<Long> rssMb(String variant) {
        return samples.getOrDefault(variant, List.of()).stream().map(s -> Math.round(s.rssKb() / 1024.0)).collect(Collectors.toList());
    }

    private Optional<Long> medianStart(String variant) {
        List<Long> s = starts(variant);
        return s.isEmpty() ? Optional.empty() : Optional.of(median(s));
    }

    String results() {
        StringBuilder out = new StringBuilder();
        out.append("## Results (").append(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))).append(")\n\n");
        out.append("- Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores (")
                .append(BenchSupport.cpuModel()).append("), ").append(BenchSupport.memTotalGb()).append(" GB RAM, ")
                .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version")).append('\n');
        if (usesOrrery()) {
            out.append("- JVM for Orrery: ").append(javaVersion(java)).append(" (").append(java).append("), default JVM options\n");
        }
        if (usesKaraf()) {
            out.append("- JVM for Karaf: ").append(javaVersion(karafJava)).append(" (JAVA_HOME=").append(karafJavaHome)
                    .append("), the options of Karaf's script\n");
        }
        if (usesOrrery()) {
            out.append("- Orrery: ").append(orreryJarAsBuilt).append(", built ").append(orreryBuilt).append('\n');
        }
        if (usesKaraf()) {
            out.append("- Karaf: ").append(karafDir).append(", started with `bin/karaf server`\n");
        }
        out.append("- Runs: ").append(runs).append(" per variant, interleaved; RSS read after ").append(idleMillis).append(" ms idle\n\n");
        out.append("| variant | measured until | median start | min | max | median idle RSS | max idle RSS | median stop | other CPU use (max) |\n");
        out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String variant : variants) {
            List<Sample> list = samples.get(variant);
            if (list.isEmpty()) {
                continue;
            }
            List<Long> start = starts(variant);
            List<Long> rss = rssMb(variant);
            List<Long> stop = list.stream().map(Sample::stopMillis).collect(Collectors.toList());
            double otherCpu = list.stream().mapToDouble(Sample::otherCpuPercent).max().orElse(0);
            out.append(String.format(Locale.ROOT, "| %s | %s | %d ms | %d ms | %d ms | %d MB | %d MB | %d ms | %.0f %% |%n",
                    label(variant), !variant.startsWith("karaf") ? "first 200 of /api/v1/health" : "SSH port accepts",
                    median(start), start.stream().min(Long::compare).get(), start.stream().max(Long::compare).get(),
                    median(rss), rss.stream().max(Long::compare).get(), median(stop), otherCpu));
        }
        out.append('\n');
        failures.forEach((variant, why) -> out.append("- ").append(label(variant)).append(": FAILED to start: ").append(why).append('\n'));
        if (!failures.isEmpty()) {
            out.append('\n');
        }
        out.append("Each run's start times (ms):\n\n");
        for (String variant : variants) {
            if (samples.get(variant).isEmpty()) {
                continue;
            }
            out.append("- ").append(label(variant)).append(": ").append(starts(variant)).append('\n');
        }
        for (String variant : List.of(KARAF, KARAF_RESTART)) {
            List<Long> jvm = samples.getOrDefault(variant, List.of()).stream().map(Sample::jvmStartMillis)
                    .filter(v -> v >= 0).collect(Collectors.toList());
            if (!jvm.isEmpty()) {
                out.append(String.format(Locale.ROOT,
                        "- %s: the start script took a median %d ms before the Karaf JVM process was created (10 ms resolution)%n",
                        label(variant), median(jvm)));
            }
        }
        out.append('\n');

        Optional<Long> karaf = medianStart(KARAF);
        Optional<Long> fresh = medianStart(ORRERY_FRESH);
        Optional<Long> restart = medianStart(ORRERY_RESTART);
        Optional<Long> karafRestart = medianStart(KARAF_RESTART);
        List<String> ratios = new ArrayList<>();
        karaf.ifPresent(k -> {
            fresh.ifPresent(f -> ratios.add(String.format(Locale.ROOT, "Karaf start / Orrery fresh start = %.2f", k / (double) f)));
            restart.ifPresent(r -> ratios.add(String.format(Locale.ROOT, "Karaf start / Orrery restart = %.2f", k / (double) r)));
        });
        karafRestart.ifPresent(k -> restart.ifPresent(r ->
                ratios.add(String.format(Locale.ROOT, "Karaf restart / Orrery restart = %.2f", k / (double) r))));
        if (samples.containsKey(KARAF) && !samples.get(KARAF).isEmpty()) {
            long karafRss = median(rssMb(KARAF));
            for (String variant : List.of(ORRERY_FRESH, ORRERY_RESTART)) {
                if (samples.containsKey(variant) && !samples.get(variant).isEmpty()) {
                    long rss = median(rssMb(variant));
                    ratios.add(String.format(Locale.ROOT, "idle RSS Orrery %s / Karaf = %.2f", variant.substring(7), rss / (double) karafRss));
                }
            }
        }
        if (!ratios.isEmpty()) {
            out.append("Ratios (medians):\n\n");
            ratios.forEach(r -> out.append("- ").append(r).append('\n'));
            out.append('\n');
        }

        if (!usesOrrery()) {
            return out.toString();
        }
        out.append("Targets:\n\n");
        karaf.ifPresent(k -> {
            fresh.ifPresent(f -> out.append(target("Orrery fresh start at least 3x faster than Karaf",
                    k >= TARGET_SPEEDUP * f, String.format(Locale.ROOT, "%.2fx", k / (double) f))));
            restart.ifPresent(r -> out.append(target("Orrery restart at least 3x faster than Karaf",
                    k >= TARGET_SPEEDUP * r, String.format(Locale.ROOT, "%.2fx", k / (double) r))));
        });
        fresh.ifPresent(f -> out.append(target("Orrery fresh start under 1 s (median)", f < TARGET_START_MILLIS, f + " ms")));
        restart.ifPresent(r -> out.append(target("Orrery restart under 1 s (median)", r < TARGET_START_MILLIS, r + " ms")));
        List<Long> allOrrery = new ArrayList<>(starts(ORRERY_FRESH));
        allOrrery.addAll(starts(ORRERY_RESTART));
        if (!allOrrery.isEmpty()) {
            long max = allOrrery.stream().max(Long::compare).get();
            out.append(target("Orrery never more than 2 s (slowest of all runs)", max <= TARGET_MAX_START_MILLIS, max + " ms"));
        }
        List<Long> orreryRss = new ArrayList<>(rssMb(ORRERY_FRESH));
        orreryRss.addAll(rssMb(ORRERY_RESTART));
        if (!orreryRss.isEmpty()) {
            long med = median(orreryRss);
            long max = orreryRss.stream().max(Long::compare).get();
            out.append(target("Orrery under 150 MB idle (median; every run)", med < TARGET_RSS_MB && max < TARGET_RSS_MB,
                    "median " + med + " MB, max " + max + " MB"));
        }
        return out.toString();
    }

    private static String target(String what, boolean met, String value) {
        return "- " + (met ? "PASS" : "MISS") + " " + what + ": " + value + "\n";
    }

    private static String label(String variant) {
        switch (variant) {
            case ORRERY_FRESH: return "Orrery, fresh home";
            case ORRERY_RESTART: return "Orrery, restart";
            case KARAF: return "Karaf 4.4.8 minimal, fresh";
            case KARAF_RESTART: return "Karaf 4.4.8 minimal, restart";
            case DIST_FRESH: return "Orrery, bin/orrery of the plain archive, fresh home";
            case IMAGE_FRESH: return "Orrery, bin/orrery of the self-contained archive, fresh home";
            default: return variant;
        }
    }
}
