package org.orrery.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.orrery.core.scheduler.internal.EngineSettings;

/** What the scheduler benchmarks share: settings, statistics, the machine, the quiet wait. */
final class BenchSupport {

    private BenchSupport() {
    }

    // ---------------------------------------------------------------- settings

    /** key=value arguments (an optional leading -D or bench. is dropped). */
    static Map<String, String> parse(List<String> args) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("arguments are key=value, not '" + arg + "'");
            }
            String key = arg.substring(0, eq).replaceFirst("^-D", "").replaceFirst("^bench\\.scheduler\\.", "")
                    .replaceFirst("^bench\\.", "");
            settings.put(key, arg.substring(eq + 1).trim());
        }
        return settings;
    }

    /**
     * A main method's key=value arguments: those in an {@code extra} argument (split at white
     * space) are added, and blank values are dropped (an unset Maven property).
     */
    static Map<String, String> mainArguments(String[] args) {
        Map<String, String> raw = parse(Arrays.asList(args));
        String extra = raw.remove("extra");
        if (extra != null && !extra.isBlank()) {
            raw.putAll(parse(Arrays.asList(extra.trim().split("\\s+"))));
        }
        raw.values().removeIf(String::isBlank);
        return raw;
    }

    /**
     * A new work folder under the setting {@code folder} (default: the temporary folder), readable
     * by others (a PostgreSQL server run as the user postgres must reach it), and SQLite's
     * temporary files in it.
     */
    static Path workFolder(Settings settings, String prefix) throws IOException {
        Path base = Path.of(settings.get("folder", System.getProperty("java.io.tmpdir"))).toAbsolutePath();
        Files.createDirectories(base);
        Path folder = Files.createTempDirectory(base, prefix);
        Files.setPosixFilePermissions(folder, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        System.setProperty("org.sqlite.tmpdir", Files.createDirectories(folder.resolve("sqlite-tmp")).toString());
        return folder;
    }

    /** Prints a report section and writes it to the file the setting {@code report} names, if any. */
    static void printReport(Settings settings, String section) throws IOException {
        System.out.println();
        System.out.println(section);
        String report = settings.get("report", "");
        if (!report.isBlank()) {
            Path file = Path.of(report).toAbsolutePath();
            Files.createDirectories(file.getParent());
            Files.writeString(file, section, java.nio.charset.StandardCharsets.UTF_8);
            System.out.println("(also written to " + file + ")");
        }
    }

    static final class Settings {
        private final Map<String, String> values;

        Settings(Map<String, String> values) {
            this.values = values;
        }

        String get(String key, String fallback) {
            String v = values.get(key);
            return v == null || v.isBlank() ? fallback : v;
        }

        int integer(String key, int fallback) {
            return Integer.parseInt(get(key, Integer.toString(fallback)).replace("_", ""));
        }

        List<String> list(String key, String fallback) {
            List<String> out = new ArrayList<>();
            for (String s : get(key, fallback).split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
            return out;
        }
    }

    /**
     * The engine's default settings with another task limit and worker count. Copies the record
     * by its components, so that it keeps compiling and working when the record gains one.
     */
    static EngineSettings engineSettings(int maxConcurrentTasks, int workerThreads) {
        EngineSettings base = EngineSettings.defaults().withMaxConcurrentTasks(maxConcurrentTasks);
        try {
            RecordComponent[] components = EngineSettings.class.getRecordComponents();
            Object[] values = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                values[i] = components[i].getName().equals("workerThreads") ? Integer.valueOf(workerThreads)
                        : components[i].getAccessor().invoke(base);
            }
            Constructor<EngineSettings> canonical = EngineSettings.class.getDeclaredConstructor(types);
            return canonical.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot set the worker count of " + base, e);
        }
    }

    // ---------------------------------------------------------------- statistics

    /** Median, min and max of some samples. */
    record Summary(double median, double min, double max, int count) {
        static Summary of(List<Double> samples) {
            if (samples.isEmpty()) {
                return new Summary(Double.NaN, Double.NaN, Double.NaN, 0);
            }
            List<Double> sorted = new ArrayList<>(samples);
            Collections.sort(sorted);
            int n = sorted.size();
            double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
            return new Summary(median, sorted.get(0), sorted.get(n - 1), n);
        }
    }

    static String fmt(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        if (Math.abs(value) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value).replace(',', ' ');
        }
        if (Math.abs(value) >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }

    static String passMiss(boolean met) {
        return met ? "PASS" : "**MISS**";
    }

    // ---------------------------------------------------------------- the machine

    static String jvmLine() {
        return System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.runtime.version") + ", options "
                + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments());
    }

    static String machineLine() {
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpuModel() + "), " + memTotalGb() + " GB RAM, "
                + System.getProperty("os.name") + " " + System.getProperty("os.version");
    }

    static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    static String memTotalGb() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream()
                    .filter(l -> l.startsWith("MemTotal:")).findFirst()
                    .map(l -> String.format(Locale.ROOT, "%.1f", Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0))
                    .orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    /** Used heap after a full collection, in bytes. */
    static long usedHeapAfterGc() {
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return heap.getUsed();
    }

    static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1024.0 / 1024.0);
    }

    // ---------------------------------------------------------------- other load on the machine

    /** CPU time of the machine and of this JVM, to tell how much other processes took during a round. */
    record Cpu(long machineBusy, long self, long nanos) {

        static Cpu now() {
            return new Cpu(CpuSnapshot.machineBusyTicks(),
                    CpuSnapshot.ownTicks(ProcessHandle.current().pid()), System.nanoTime());
        }

        /** Other processes' share of the machine's CPU capacity since this snapshot, in %. */
        double otherPercentUntil(Cpu later) {
            long other = (later.machineBusy - machineBusy) - (later.self - self);
            double capacity = (later.nanos - nanos) / 1e9 * CpuSnapshot.TICKS_PER_SECOND
                    * Runtime.getRuntime().availableProcessors();
            return capacity <= 0 ? 0 : Math.max(0, 100.0 * other / capacity);
        }
    }

    /**
     * Waits until other processes use less than 10 % of the CPU over half a second, at most
     * {@code quietSeconds}; a build beside the benchmark would otherwise end up in the numbers.
     */
    static void awaitQuiet(int quietSeconds) throws InterruptedException {
        if (quietSeconds <= 0) {
            return;
        }
        long deadline = System.nanoTime() + quietSeconds * 1_000_000_000L;
        boolean reported = false;
        while (true) {
            Cpu a = Cpu.now();
            Thread.sleep(500);
            double percent = a.otherPercentUntil(Cpu.now());
            if (percent < 10) {
                return;
            }
            if (System.nanoTime() > deadline) {
                System.out.printf(Locale.ROOT, "    (other processes use %.0f %% of the CPU; measuring anyway)%n", percent);
                return;
            }
            if (!reported) {
                System.out.printf(Locale.ROOT, "    (other processes use %.0f %% of the CPU: waiting up to %d s for quiet)%n",
                        percent, quietSeconds);
                reported = true;
            }
        }
    }
}
