package org.orrery.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
 * {@code bench.jvmOptions} (JVM options before {@code -jar} for orrery-fresh and orrery-restart,
 * space-separated; none by default: {@code java -jar} is the command users run, this only shows
 * what options would change),
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

    private final Map<String, String> settings;
    private final int runs;
    private final long idleMillis;
    private final long quietMillis;
    private final Path java;
    private final Path karafJava;
    /** JVM options put before {@code -jar} for the Orrery variants started with {@code java -jar} (none by default). */
    private final List<String> orreryJvmOptions;
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
        this.orreryJvmOptions = Arrays.stream(setting("jvmOptions", "").split("\\s+")).filter(s -> !s.isEmpty()).toList();
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
        String text = new StartupReport(benchmark.variants, benchmark.samples, benchmark.failures).results(benchmark.header());
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
            System.out.println("Orrery JVM: " + java + " (" + ChildProcesses.javaVersion(java) + ")");
        }
        if (usesKaraf()) {
            System.out.println("Karaf JVM: " + karafJava + " (" + ChildProcesses.javaVersion(karafJava) + ")");
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
            FileTrees.deleteTree(orreryHome);
            FileTrees.deleteTree(karafCopy);
        }
    }

    /** Removes what an earlier run left in the work folder (only that: the folder may be one a user named). */
    private void cleanWorkDir() throws IOException {
        Files.createDirectories(workDir);
        try (var entries = Files.list(workDir)) {
            for (Path entry : entries.collect(Collectors.toList())) {
                if (entry.getFileName().toString().matches("runtime|orrery-home-\\d+|karaf-\\d+|(orrery|karaf)-\\d+-\\w+\\.console\\.log")) {
                    FileTrees.deleteTree(entry);
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
                FileTrees.deleteTree(orreryHome);
                return measureOrrery(orreryHome, run, "fresh");
            case DIST_FRESH:
                FileTrees.deleteTree(orreryHome);
                return measureOrrery(orreryHome, run, "dist", distScript);
            case IMAGE_FRESH:
                FileTrees.deleteTree(orreryHome);
                return measureOrrery(orreryHome, run, "image", imageScript);
            case ORRERY_RESTART:
                if (!Files.isDirectory(orreryHome)) { // no fresh start in this run: make the home now
                    measureOrrery(orreryHome, run, "(prepare)");
                }
                return measureOrrery(orreryHome, run, "restart");
            case KARAF:
                FileTrees.deleteTree(karafCopy);
                FileTrees.copyTree(karafDir, karafCopy);
                return measureKaraf(karafCopy, run, "fresh");
            case KARAF_RESTART:
                if (!Files.isDirectory(karafCopy.resolve("data/cache"))) { // no fresh start in this run
                    FileTrees.deleteTree(karafCopy);
                    FileTrees.copyTree(karafDir, karafCopy);
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
                FileTrees.copyTree(source.resolve(folder), target.resolve(folder));
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
        int port = ChildProcesses.freePort();
        List<String> command = new ArrayList<>();
        if (script == null) {
            command.add(java.toString());
            command.addAll(orreryJvmOptions);
            command.add("-jar");
            command.add(orreryJar.toString());
        } else {
            command.add(script.toString());
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        Map<String, String> env = builder.environment();
        ChildProcesses.cleanEnvironment(env);
        if (script != null) {
            env.put("JAVA_HOME", java.toRealPath().getParent().getParent().toString());
        }
        env.put("ORRERY_HOME", home.toString());
        env.put("ORRERY_HTTP_PORT", Integer.toString(port));
        env.put("ORRERY_HTTP_HOST", "127.0.0.1");
        Path console = workDir.resolve("orrery-" + run + "-" + what.replaceAll("\\W", "") + ".console.log");
        builder.redirectErrorStream(true).redirectOutput(console.toFile());
        URI health = URI.create("http://127.0.0.1:" + port + "/api/v1/health");

        CpuSnapshot.awaitQuiet(quietMillis);
        CpuSnapshot cpu0 = CpuSnapshot.now();
        long t0 = System.nanoTime();
        Process process = builder.start();
        try {
            long ready = ChildProcesses.awaitCondition(process, t0, () -> httpStatus(health) == 200, "GET " + health + " answers 200", console);
            long startMillis = TimeUnit.NANOSECONDS.toMillis(ready - t0);
            double otherCpu = cpu0.otherPercent(CpuSnapshot.now(), process, ready - t0);
            Thread.sleep(idleMillis);
            long rss = ChildProcesses.rssKb(process.pid());
            long s0 = System.nanoTime();
            int exit = ChildProcesses.stopTree(process);
            long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - s0);
            Sample sample = new Sample(startMillis, -1, rss, stopMillis, exit, otherCpu);
            StartupReport.log("orrery", what, run, sample);
            return sample;
        } finally {
            ChildProcesses.killTree(process);
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
        int sshPort = ChildProcesses.freePort();
        KarafSetup.configureKaraf(karaf, sshPort);
        ProcessBuilder builder = new ProcessBuilder(karaf.resolve("bin/karaf").toString(), "server").directory(karaf.toFile());
        Map<String, String> env = builder.environment();
        ChildProcesses.cleanEnvironment(env);
        env.put("JAVA_HOME", karafJavaHome.toString());
        Path console = workDir.resolve("karaf-" + run + "-" + what.replaceAll("\\W", "") + ".console.log");
        builder.redirectErrorStream(true).redirectOutput(console.toFile());
        InetSocketAddress ssh = new InetSocketAddress(InetAddress.getLoopbackAddress(), sshPort);

        CpuSnapshot.awaitQuiet(quietMillis);
        CpuSnapshot cpu0 = CpuSnapshot.now();
        long t0 = System.nanoTime();
        Process process = builder.start();
        try {
            long ready = ChildProcesses.awaitCondition(process, t0, () -> ChildProcesses.accepts(ssh), "the SSH port " + sshPort + " accepts a connection", console);
            long startMillis = TimeUnit.NANOSECONDS.toMillis(ready - t0);
            double otherCpu = cpu0.otherPercent(CpuSnapshot.now(), process, ready - t0);
            ProcessHandle jvm = KarafSetup.findJvm(process);
            // both instants come from /proc (ticks since boot), so their difference is exact to 10 ms
            // even where that clock and the wall clock disagree
            long jvmStartMillis = jvm.pid() == process.pid() ? -1 : jvm.info().startInstant()
                    .flatMap(j -> process.toHandle().info().startInstant().map(s -> j.toEpochMilli() - s.toEpochMilli()))
                    .orElse(-1L);
            Thread.sleep(idleMillis);
            long rss = ChildProcesses.rssKb(jvm.pid());
            long s0 = System.nanoTime();
            int exit = ChildProcesses.stopTree(process);
            long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - s0);
            Sample sample = new Sample(startMillis, jvmStartMillis, rss, stopMillis, exit, otherCpu);
            StartupReport.log("karaf", what, run, sample);
            return sample;
        } finally {
            ChildProcesses.killTree(process);
        }
    }


    /** Loads and JITs nothing much, but takes the class loading of the HTTP client and sockets out of the first measurement. */
    private void warmUpClients() throws IOException {
        int port = ChildProcesses.freePort();
        for (int i = 0; i < 3; i++) {
            httpStatus(URI.create("http://127.0.0.1:" + port + "/api/v1/health"));
            ChildProcesses.accepts(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        }
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            ChildProcesses.accepts(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
        }
    }

    /** The lines before the results table: the machine, the JVMs, what was started, the runs. */
    private String header() {
        StringBuilder out = new StringBuilder();
        out.append("## Results (").append(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))).append(")\n\n");
        out.append("- Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores (")
                .append(BenchSupport.cpuModel()).append("), ").append(BenchSupport.memTotalGb()).append(" GB RAM, ")
                .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version")).append('\n');
        if (usesOrrery()) {
            out.append("- JVM for Orrery: ").append(ChildProcesses.javaVersion(java)).append(" (").append(java).append("), ")
                    .append(orreryJvmOptions.isEmpty() ? "default JVM options" : "JVM options " + String.join(" ", orreryJvmOptions)
                            + " (before -jar; not the scripts' variants)").append('\n');
        }
        if (usesKaraf()) {
            out.append("- JVM for Karaf: ").append(ChildProcesses.javaVersion(karafJava)).append(" (JAVA_HOME=").append(karafJavaHome)
                    .append("), the options of Karaf's script\n");
        }
        if (usesOrrery()) {
            out.append("- Orrery: ").append(orreryJarAsBuilt).append(", built ").append(orreryBuilt).append('\n');
        }
        if (usesKaraf()) {
            out.append("- Karaf: ").append(karafDir).append(", started with `bin/karaf server`\n");
        }
        out.append("- Runs: ").append(runs).append(" per variant, interleaved; RSS read after ").append(idleMillis).append(" ms idle\n\n");
        return out.toString();
    }

}
