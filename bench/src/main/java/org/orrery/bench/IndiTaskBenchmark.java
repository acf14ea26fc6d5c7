package org.orrery.bench;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Benchmark (a program, not a test): the overhead of a 1 s {@code camera.expose} task through the
 * Orrery runtime against the INDI CCD simulator, from the task's start to its FITS file on disk,
 * compared in the same run with the raw INDI round trip done by {@code indi_setprop} plus
 * {@code indi_getprop} (as devices.indi's IndiExposeBenchmark does it).
 *
 * <p>It starts, inside the private network namespace it must run in (indiserver listens on all
 * interfaces; {@code bench/src/main/sh/indi-task-bench.sh} sets the namespace up):
 * <ul>
 * <li>indiserver A with the CCD, telescope, focuser and filter wheel simulators, which the
 * runtime uses (configuration {@code etc/org.orrery.devices.indi.server-main.cfg});
 * <li>indiserver B with only a CCD simulator, for the raw round trip (so that the runtime's
 * BLOB connection does not receive, and decode, the raw trip's images);
 * <li>the runtime jar as a process with a scratch home.
 * </ul>
 * Then, after warm-ups, alternately: a {@code camera.expose} task (1 s, light, full frame, the
 * four INDI devices named) submitted over REST and polled until it ends; and the raw trip:
 * {@code indi_setprop} starts a 1 s exposure while an already running {@code indi_getprop -m}
 * saves the BLOB to a file.
 *
 * <p>Measured per task: from the task's {@code started_at} to the FITS file's last-modified time
 * (its last byte written; it is then renamed into place), and to the moment the file appears
 * under its final name (inotify, via WatchService, in this process); minus the exposure time.
 * The raw trip: from starting indi_setprop until the BLOB file is complete, minus the exposure
 * time. Also a breakdown of the task from the timestamps the runtime leaves: submit to start,
 * start to DATE-OBS (the driver's exposure start), DATE-OBS + exposure to DATE (the cards built,
 * after download, decoding and statistics), DATE to the FITS file's mtime (FITS written), FITS
 * to PNG mtime (preview), PNG to {@code completed_at}.
 *
 * <p>Arguments {@code key=value}: {@code runs} (10), {@code warmups} (2), {@code seconds} (1),
 * {@code jar} (runtime/target/orrery.jar), {@code java} (this JVM's java, for the runtime),
 * {@code work} (bench/target/indi-task-bench), {@code report} (work/report.md).
 * Only the JDK is needed: the script runs this file with the java launcher's source-file mode.
 */
public final class IndiTaskBenchmark {

    static final String CCD = "CCD Simulator";
    static final String CAMERA = "indi-ccd-simulator";
    static final String MOUNT = "indi-telescope-simulator";
    static final String FOCUSER = "indi-focuser-simulator";
    static final String WHEEL = "indi-filter-simulator";
    static final int PORT_ORRERY = 7624;
    static final int PORT_RAW = 7625;

    private final List<Process> processes = Collections.synchronizedList(new ArrayList<>());
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, Instant> appeared = new ConcurrentHashMap<>();
    private int httpPort;
    private String auth;

    private IndiTaskBenchmark() {
    }

    /** One task: the runtime's timestamps and the files' times. */
    record Task(Instant submitted, Instant started, Instant dateObs, Instant cardsBuilt, Instant fitsModified,
            Instant fitsAppeared, Instant pngModified, Instant completed) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("arguments are key=value, found '" + a + "'");
            }
            options.put(a.substring(0, eq).replaceFirst("^bench\\.", ""), a.substring(eq + 1));
        }
        IndiTaskBenchmark bench = new IndiTaskBenchmark();
        Thread cleanup = new Thread(bench::stopAll, "indi-bench-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            bench.run(options);
        } finally {
            bench.stopAll();
        }
    }

    void run(Map<String, String> o) throws Exception {
        int runs = Integer.parseInt(o.getOrDefault("runs", "10"));
        int warmups = Integer.parseInt(o.getOrDefault("warmups", "2"));
        double seconds = Double.parseDouble(o.getOrDefault("seconds", "1"));
        Path jar = Path.of(o.getOrDefault("jar", "runtime/target/orrery.jar")).toAbsolutePath();
        String java = o.getOrDefault("java", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Path work = Path.of(o.getOrDefault("work", "bench/target/indi-task-bench")).toAbsolutePath()
                .resolve("run-" + LocalDateTime.now(ZoneOffset.UTC).toString().replace(':', '-'));
        Path report = Path.of(o.getOrDefault("report", work.resolve("report.md").toString())).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the runtime jar " + jar + " is missing: ./mvnw install -pl runtime first");
        }
        requirePrivateNetwork();
        Files.createDirectories(work);
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();

        startIndiserver(work.resolve("indi-orrery"), PORT_ORRERY, "indi_simulator_ccd", "indi_simulator_telescope",
                "indi_simulator_focus", "indi_simulator_wheel");
        startIndiserver(work.resolve("indi-raw"), PORT_RAW, "indi_simulator_ccd");
        connectRawCcd();

        Path home = work.resolve("home");
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/org.orrery.devices.indi.server-main.cfg"),
                "host=127.0.0.1\nport=" + PORT_ORRERY + "\n");
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            httpPort = s.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder(java, "-jar", jar.toString()).redirectErrorStream(true)
                .redirectOutput(work.resolve("runtime-console.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().keySet().removeIf(k -> k.startsWith("ORRERY_"));
        pb.environment().put("ORRERY_HOME", home.toString());
        pb.environment().put("ORRERY_HTTP_PORT", Integer.toString(httpPort));
        pb.environment().put("ORRERY_HTTP_HOST", "127.0.0.1");
        Process runtime = pb.start();
        processes.add(runtime);
        await("GET /api/v1/health answers 200", Duration.ofSeconds(90), () -> status("/api/v1/health") == 200, runtime);
        auth = "Basic " + Base64.getEncoder().encodeToString(("admin:"
                + Files.readString(home.resolve("etc/initial-admin-password")).trim()).getBytes(StandardCharsets.UTF_8));
        await("the four INDI devices are connected", Duration.ofSeconds(60), () -> connectedIndiDevices() == 4, runtime);

        // the FITS files appear in images/<UTC date of the exposure>/: watch that folder
        Path day = home.resolve("data/images").resolve(LocalDate.now(ZoneOffset.UTC).toString());
        Files.createDirectories(day);
        WatchService watcher = FileSystems.getDefault().newWatchService();
        day.register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
        Thread watching = new Thread(() -> watch(watcher, day), "indi-bench-watch");
        watching.setDaemon(true);
        watching.start();

        String task = "{\"action\": \"camera.expose\", \"parameters\": {\"exposure\": " + seconds + ", \"object\": \"bench\","
                + " \"camera\": \"" + CAMERA + "\", \"mount\": \"" + MOUNT + "\", \"focuser\": \"" + FOCUSER + "\","
                + " \"filter_wheel\": \"" + WHEEL + "\"}}";
        List<Task> tasks = new ArrayList<>();
        List<Double> raw = new ArrayList<>();
        Path rawDir = Files.createDirectories(work.resolve("raw"));
        System.out.printf(Locale.ROOT, "%d warm-ups and %d runs of a %s s full-frame exposure, alternating"
                + " (Orrery task, raw INDI trip)%n", warmups, runs, Double.toString(seconds));
        for (int i = 0; i < warmups + runs; i++) {
            Task t = orrery(task, home, runtime);
            double r = raw(seconds, rawDir.resolve("run-" + i));
            if (i < warmups) {
                continue;
            }
            tasks.add(t);
            raw.add(r);
            System.out.printf(Locale.ROOT, "run %2d: Orrery task start -> FITS mtime %7.1f ms, -> FITS in place %7.1f ms"
                    + " (submit -> start %5.1f ms, -> completed %7.1f ms); raw setprop+getprop %7.1f ms%n",
                    i - warmups + 1, ms(t.started, t.fitsModified), ms(t.started, t.fitsAppeared),
                    ms(t.submitted, t.started), ms(t.started, t.completed), r);
        }
        watcher.close();
        String loadAfter = Files.readString(Path.of("/proc/loadavg")).trim();

        double exposureMs = seconds * 1000;
        double mtime = median(tasks, t -> ms(t.started, t.fitsModified));
        double inPlace = median(tasks, t -> ms(t.started, t.fitsAppeared));
        double completed = median(tasks, t -> ms(t.started, t.completed));
        double rawTrip = median(raw);
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%nMedians over %d runs of a %s s exposure (full frame 1280x1024x16 bit, light):%n%n",
                runs, Double.toString(seconds)));
        out.append("| measure (median) | time | above the exposure |\n|---|---:|---:|\n");
        row(out, "raw INDI trip: indi_setprop start -> indi_getprop's BLOB file complete", rawTrip, exposureMs);
        row(out, "Orrery task: started_at -> FITS file last modified", mtime, exposureMs);
        row(out, "Orrery task: started_at -> FITS file in place (renamed; inotify)", inPlace, exposureMs);
        row(out, "Orrery task: started_at -> completed_at (FITS + PNG + result stored)", completed, exposureMs);
        out.append(String.format(Locale.ROOT, "%nOverhead above the raw trip (goal < 30 ms): %.1f ms to the FITS file's mtime,"
                + " %.1f ms to the file in place; ratio of the overheads above %s s: %.2f (mtime), %.2f (in place)%n",
                mtime - rawTrip, inPlace - rawTrip, Double.toString(seconds),
                (mtime - exposureMs) / (rawTrip - exposureMs), (inPlace - exposureMs) / (rawTrip - exposureMs)));
        out.append("\nWhere an Orrery task's time goes (medians of each step):\n\n| step | median | min | max |\n|---|---:|---:|---:|\n");
        step(out, "submit (client) -> started_at (scheduler start latency; not in the measure)", tasks,
                t -> ms(t.submitted, t.started));
        step(out, "started_at -> DATE-OBS (device checks, CCD_EXPOSURE sent, driver starts)", tasks,
                t -> ms(t.started, t.dateObs));
        step(out, "DATE-OBS + exposure -> DATE (readout, BLOB download, decode, statistics)", tasks,
                t -> ms(t.dateObs, t.cardsBuilt) - exposureMs);
        step(out, "DATE -> FITS mtime (FITS written)", tasks, t -> ms(t.cardsBuilt, t.fitsModified));
        step(out, "FITS mtime -> FITS in place (rename, seen by inotify)", tasks, t -> ms(t.fitsModified, t.fitsAppeared));
        step(out, "FITS mtime -> PNG mtime (preview written)", tasks, t -> ms(t.fitsModified, t.pngModified));
        step(out, "PNG mtime -> completed_at (result stored)", tasks, t -> ms(t.pngModified, t.completed));
        out.append(String.format(Locale.ROOT, "%nMachine: %s; load average before %s, after %s%n", machine(java), loadBefore,
                loadAfter));
        System.out.print(out);
        Files.createDirectories(report.getParent());
        Files.writeString(report, out.toString());
        System.out.println("\nReport: " + report + "; runtime home and logs: " + work);
    }

    // ------------------------------------------------------------------ one Orrery task

    Task orrery(String body, Path home, Process runtime) throws Exception {
        Instant submitted = Instant.now();
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/api/v1/tasks")).header("Authorization", auth)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
        if (r.statusCode() != 201 && r.statusCode() != 200) {
            throw new IllegalStateException("POST /api/v1/tasks -> " + r.statusCode() + " " + r.body());
        }
        String id = (String) Json.object(r.body()).get("id");
        Map<String, Object> t = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            Thread.sleep(100); // light polling: the measure comes from the runtime's and the files' times
            t = Json.object(send(HttpRequest.newBuilder(uri("/api/v1/tasks/" + id)).header("Authorization", auth).GET()
                    .build()).body());
            String status = (String) t.get("status");
            if (status.equals("completed") || status.equals("failed") || status.equals("cancelled")) {
                break;
            }
            if (!runtime.isAlive()) {
                throw new IllegalStateException("the runtime exited");
            }
        }
        if (t == null || !"completed".equals(t.get("status"))) {
            throw new IllegalStateException("task " + id + " did not complete: " + t);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) t.get("result");
        @SuppressWarnings("unchecked")
        List<Object> files = (List<Object>) result.get("files");
        Path fits = home.resolve((String) files.get(0));
        Path png = home.resolve((String) files.get(1));
        Map<String, String> headers = headers(fits);
        Instant appearedAt = null;
        for (int i = 0; i < 50 && appearedAt == null; i++) {
            appearedAt = appeared.get(fits.getFileName().toString());
            if (appearedAt == null) {
                Thread.sleep(10);
            }
        }
        return new Task(submitted, Instant.parse((String) t.get("started_at")), fitsTime(headers.get("DATE-OBS")),
                fitsTime(headers.get("DATE")), Files.getLastModifiedTime(fits).toInstant(), appearedAt,
                Files.getLastModifiedTime(png).toInstant(), Instant.parse((String) t.get("completed_at")));
    }

    private void watch(WatchService watcher, Path day) {
        try {
            while (true) {
                WatchKey key = watcher.take();
                Instant now = Instant.now();
                for (WatchEvent<?> e : key.pollEvents()) {
                    if (e.context() instanceof Path p && p.toString().endsWith(".fits")) {
                        appeared.putIfAbsent(p.toString(), now);
                    }
                }
                key.reset();
            }
        } catch (InterruptedException | java.nio.file.ClosedWatchServiceException e) {
            // done
        }
    }

    static Instant fitsTime(String value) {
        return value == null ? null : LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
    }

    /** The primary header's key/value cards (strings unquoted). */
    static Map<String, String> headers(Path fits) throws IOException {
        Map<String, String> h = new LinkedHashMap<>();
        byte[] bytes = new byte[2880 * 4];
        int n;
        try (var in = Files.newInputStream(fits)) {
            n = in.readNBytes(bytes, 0, bytes.length);
        }
        String text = new String(bytes, 0, n, StandardCharsets.US_ASCII);
        for (int i = 0; i + 80 <= text.length(); i += 80) {
            String card = text.substring(i, i + 80);
            if (card.startsWith("END ")) {
                break;
            }
            if (card.length() > 10 && card.charAt(8) == '=') {
                String value = card.substring(10);
                int slash = value.indexOf(" /");
                h.put(card.substring(0, 8).trim(), (slash >= 0 ? value.substring(0, slash) : value).trim()
                        .replace("'", "").trim());
            }
        }
        return h;
    }

    // ------------------------------------------------------------------ the raw INDI round trip

    double raw(double seconds, Path dir) throws Exception {
        Files.createDirectories(dir);
        Path file = dir.resolve(CCD + ".CCD1.CCD1.fits");
        Process monitor = new ProcessBuilder("indi_getprop", "-m", "-t", "30", "-p", Integer.toString(PORT_RAW),
                CCD + ".CCD1.CCD1").directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("getprop.log").toFile()).start();
        processes.add(monitor);
        try {
            Thread.sleep(500); // connected and monitoring before the clock starts
            long t0 = System.nanoTime();
            Process set = new ProcessBuilder("indi_setprop", "-p", Integer.toString(PORT_RAW),
                    CCD + ".CCD_EXPOSURE.CCD_EXPOSURE_VALUE=" + seconds).redirectErrorStream(true).start();
            if (!set.waitFor(10, TimeUnit.SECONDS) || set.exitValue() != 0) {
                throw new IOException("indi_setprop failed: " + new String(set.getInputStream().readAllBytes()));
            }
            long deadline = t0 + TimeUnit.SECONDS.toNanos(30);
            while (!complete(file)) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("indi_getprop saved no complete image within 30 s");
                }
                Thread.sleep(0, 200_000);
            }
            return (System.nanoTime() - t0) / 1e6;
        } finally {
            monitor.destroy();
            monitor.waitFor(5, TimeUnit.SECONDS);
            processes.remove(monitor);
        }
    }

    /** Connects the raw server's CCD simulator (no Orrery client does it there) and waits for its exposure property. */
    static void connectRawCcd() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String last = "";
        while (System.nanoTime() < deadline) {
            Process set = new ProcessBuilder("indi_setprop", "-p", Integer.toString(PORT_RAW),
                    CCD + ".CONNECTION.CONNECT=On").redirectErrorStream(true).start();
            set.waitFor(10, TimeUnit.SECONDS);
            Process get = new ProcessBuilder("indi_getprop", "-1", "-t", "2", "-p", Integer.toString(PORT_RAW),
                    CCD + ".CCD_EXPOSURE.CCD_EXPOSURE_VALUE").redirectErrorStream(true).start();
            last = new String(get.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (get.waitFor(10, TimeUnit.SECONDS) && get.exitValue() == 0 && !last.isEmpty()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IOException("the raw server's CCD simulator did not connect: " + last);
    }

    /** indi_getprop writes the file in one go: complete once it holds the full-frame data in 2880-byte blocks. */
    static boolean complete(Path file) {
        try {
            long size = Files.size(file);
            return size >= 1280L * 1024 * 2 && size % 2880 == 0;
        } catch (IOException e) {
            return false;
        }
    }

    // ------------------------------------------------------------------ processes

    void startIndiserver(Path dir, int port, String... drivers) throws Exception {
        Files.createDirectories(dir);
        // -u: each indiserver needs its own local (abstract unix) socket in the namespace
        List<String> command = new ArrayList<>(List.of("indiserver", "-p", Integer.toString(port), "-u",
                "/tmp/indiserver-" + port));
        command.addAll(List.of(drivers));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("indiserver.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("HOME", dir.toString()); // the drivers' config files stay out of the real home
        Process p = pb.start();
        processes.add(p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException("indiserver on port " + port + " does not accept connections: "
                            + Files.readString(dir.resolve("indiserver.log")));
                }
                Thread.sleep(50);
            }
        }
    }

    /** Stops what this program started, by pid: the runtime first, then indiserver and its drivers. */
    synchronized void stopAll() {
        List<Process> all = new ArrayList<>(processes);
        Collections.reverse(all);
        for (Process p : all) {
            List<ProcessHandle> children = p.toHandle().descendants().toList();
            p.destroy();
            try {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
                for (ProcessHandle c : children) {
                    if (c.isAlive() && !c.onExit().isDone()) {
                        try {
                            c.onExit().get(3, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            c.destroyForcibly();
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
        processes.clear();
    }

    static void requirePrivateNetwork() throws IOException {
        List<String> others = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/net/dev"))) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.substring(0, colon).trim().equals("lo")) {
                others.add(line.substring(0, colon).trim());
            }
        }
        if (!others.isEmpty()) {
            throw new IllegalStateException("this benchmark starts indiserver, which listens on all interfaces: run it in"
                    + " a private network namespace (bench/src/main/sh/indi-task-bench.sh), not here, where " + others
                    + " are visible");
        }
    }

    // ------------------------------------------------------------------ HTTP

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    int status(String path) {
        try {
            return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    int connectedIndiDevices() {
        try {
            HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/api/v1/devices")).header("Authorization", auth)
                    .GET().build());
            if (r.statusCode() != 200) {
                return 0;
            }
            int n = 0;
            for (Object d : Json.array(r.body())) {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) d;
                if ("indi".equals(m.get("driver")) && "connected".equals(m.get("connection"))) {
                    n++;
                }
            }
            return n;
        } catch (IOException | InterruptedException e) {
            return 0;
        }
    }

    interface Check {
        boolean holds() throws Exception;
    }

    static void await(String what, Duration timeout, Check check, Process process) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!check.holds()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the runtime exited with " + process.exitValue() + " before " + what);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not within " + timeout.toSeconds() + " s: " + what);
            }
            Thread.sleep(100);
        }
    }

    // ------------------------------------------------------------------ figures

    static double ms(Instant from, Instant to) {
        return from == null || to == null ? Double.NaN : Duration.between(from, to).toNanos() / 1e6;
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values.stream().filter(v -> !v.isNaN()).toList());
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static double median(List<Task> tasks, ToDoubleFunction<Task> f) {
        return median(tasks.stream().map(t -> f.applyAsDouble(t)).toList());
    }

    static void row(StringBuilder out, String what, double median, double exposureMs) {
        out.append(String.format(Locale.ROOT, "| %s | %.1f ms | %.1f ms |%n", what, median, median - exposureMs));
    }

    static void step(StringBuilder out, String what, List<Task> tasks, ToDoubleFunction<Task> f) {
        List<Double> v = tasks.stream().map(t -> f.applyAsDouble(t)).filter(d -> !d.isNaN()).sorted().toList();
        if (v.isEmpty()) {
            out.append("| ").append(what).append(" | n/a | | |\n");
            return;
        }
        out.append(String.format(Locale.ROOT, "| %s | %.1f ms | %.1f ms | %.1f ms |%n", what, median(v), v.get(0),
                v.get(v.size() - 1)));
    }

    static String machine(String java) {
        StringBuilder m = new StringBuilder();
        try {
            String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
            long memKb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .findFirst().map(l -> Long.parseLong(l.replaceAll("\\D", ""))).orElse(0L);
            m.append(Runtime.getRuntime().availableProcessors()).append(" cores (").append(cpu).append("), ")
                    .append(String.format(Locale.ROOT, "%.1f GB RAM", memKb / 1024.0 / 1024.0)).append(", Linux ")
                    .append(System.getProperty("os.version"));
        } catch (IOException e) {
            m.append("?");
        }
        m.append("; runtime on ").append(java).append(" (this JVM: ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.runtime.version")).append(')');
        return m.toString();
    }

    // ------------------------------------------------------------------ a minimal JSON reader (the JDK has none)

    static final class Json {
        private final String s;
        private int i;

        private Json(String s) {
            this.s = s;
        }

        @SuppressWarnings("unchecked")
        static Map<String, Object> object(String text) {
            return (Map<String, Object>) new Json(text).value();
        }

        @SuppressWarnings("unchecked")
        static List<Object> array(String text) {
            return (List<Object>) new Json(text).value();
        }

        private Object value() {
            skip();
            char c = s.charAt(i);
            switch (c) {
                case '{': {
                    i++;
                    Map<String, Object> m = new LinkedHashMap<>();
                    skip();
                    if (s.charAt(i) == '}') {
                        i++;
                        return m;
                    }
                    while (true) {
                        skip();
                        String key = string();
                        skip();
                        expect(':');
                        m.put(key, value());
                        skip();
                        if (s.charAt(i) == ',') {
                            i++;
                        } else {
                            expect('}');
                            return m;
                        }
                    }
                }
                case '[': {
                    i++;
                    List<Object> l = new ArrayList<>();
                    skip();
                    if (s.charAt(i) == ']') {
                        i++;
                        return l;
                    }
                    while (true) {
                        l.add(value());
                        skip();
                        if (s.charAt(i) == ',') {
                            i++;
                        } else {
                            expect(']');
                            return l;
                        }
                    }
                }
                case '"':
                    return string();
                default:
                    int start = i;
                    while (i < s.length() && ",}] \t\r\n".indexOf(s.charAt(i)) < 0) {
                        i++;
                    }
                    String word = s.substring(start, i);
                    return switch (word) {
                        case "true" -> Boolean.TRUE;
                        case "false" -> Boolean.FALSE;
                        case "null" -> null;
                        default -> Double.valueOf(word);
                    };
            }
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return b.toString();
                }
                if (c == '\\') {
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n' -> b.append('\n');
                        case 't' -> b.append('\t');
                        case 'r' -> b.append('\r');
                        case 'b' -> b.append('\b');
                        case 'f' -> b.append('\f');
                        case 'u' -> {
                            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            i += 4;
                        }
                        default -> b.append(e);
                    }
                } else {
                    b.append(c);
                }
            }
        }

        private void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private void expect(char c) {
            if (s.charAt(i) != c) {
                throw new IllegalArgumentException("JSON: expected '" + c + "' at " + i + " in " + s);
            }
            i++;
        }
    }
}
