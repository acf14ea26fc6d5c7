package org.orrery.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.orrery.bench.BenchSupport.Settings;

/**
 * The scheduler benchmark suite: runs each benchmark of {@link SchedulerBenchmark} in a JVM of
 * its own (same class path, same java), one after the other, and joins their Markdown sections
 * into one report. A benchmark program, not a test (docs/benchmarks.md).
 *
 * <p>Settings ({@code key=value} arguments, also with a {@code bench.scheduler.} prefix):
 * {@code benchmarks} (throughput,dag,waiting,fanin), {@code java} (default: this JVM's),
 * {@code jvmArgs} (for every benchmark JVM; default per benchmark: {@code -Xms2g -Xmx2g} for
 * throughput, dag and fanin, {@code -Xmx512m} for waiting), {@code jvmArgs.<benchmark>},
 * {@code report} (the joined Markdown), {@code extra} (more settings, space-separated
 * key=value, for Maven's single property), and everything {@link SchedulerBenchmark} reads
 * ({@code workers}, {@code maxConcurrent}, {@code quietSeconds}, {@code tasks.*}, rounds ...),
 * passed on unchanged.
 *
 * <p>Exits with 0 when every benchmark measured (missed goals are results), 1 when one failed.
 */
public final class SchedulerSuite {

    static final Map<String, String> DEFAULT_JVM_ARGS = Map.of(
            "throughput", "-Xms2g -Xmx2g",
            "dag", "-Xms2g -Xmx2g",
            "waiting", "-Xmx512m",
            "fanin", "-Xms2g -Xmx2g");

    private SchedulerSuite() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> raw = BenchSupport.mainArguments(args);
        Settings settings = new Settings(raw);
        List<String> benchmarks = settings.list("benchmarks", "throughput,dag,waiting,fanin");
        String java = settings.get("java", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Path report = Path.of(settings.get("report", "target/scheduler-report.md")).toAbsolutePath();
        String classPath = System.getProperty("java.class.path");
        Files.createDirectories(report.getParent());

        StringBuilder out = new StringBuilder();
        out.append("## Scheduler benchmark run ")
                .append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")))
                .append("\n\n");
        out.append("Machine: ").append(BenchSupport.machineLine()).append(".\n");
        out.append("Settings: ").append(raw.isEmpty() ? "defaults" : raw.toString()).append(".\n\n");
        boolean failed = false;
        for (String benchmark : benchmarks) {
            if (!DEFAULT_JVM_ARGS.containsKey(benchmark)) {
                throw new IllegalArgumentException("unknown benchmark '" + benchmark + "': " + DEFAULT_JVM_ARGS.keySet());
            }
            String jvmArgs = settings.get("jvmArgs." + benchmark, settings.get("jvmArgs", DEFAULT_JVM_ARGS.get(benchmark)));
            Path section = report.resolveSibling("scheduler-" + benchmark + ".md");
            Files.deleteIfExists(section);
            List<String> command = new ArrayList<>();
            command.add(java);
            for (String a : jvmArgs.trim().split("\\s+")) {
                if (!a.isEmpty()) {
                    command.add(a);
                }
            }
            command.add("-cp");
            command.add(classPath);
            command.add(SchedulerBenchmark.class.getName());
            command.add(benchmark);
            raw.forEach((k, v) -> {
                if (!k.equals("report") && !k.startsWith("jvmArgs") && !k.equals("java") && !k.equals("benchmarks")) {
                    command.add(k + "=" + v);
                }
            });
            command.add("report=" + section);
            System.out.println();
            System.out.println("=== " + benchmark + " (own JVM: " + java + " " + jvmArgs + ")");
            long started = System.nanoTime();
            Process process = new ProcessBuilder(command).inheritIO().start();
            int exit = process.waitFor();
            System.out.printf("=== %s took %.0f s (exit %d)%n", benchmark, (System.nanoTime() - started) / 1e9, exit);
            if (exit == 0 && Files.isRegularFile(section)) {
                out.append(Files.readString(section, StandardCharsets.UTF_8)).append("\n");
            } else {
                failed = true;
                out.append("### ").append(benchmark).append("\n\nFAILED: the benchmark JVM exited with ").append(exit)
                        .append(" (see the console output).\n\n");
            }
        }
        String text = out.toString();
        Files.writeString(report, text, StandardCharsets.UTF_8);
        System.out.println();
        System.out.println(text);
        System.out.println("(also written to " + report + ")");
        System.exit(failed ? 1 : 0);
    }
}
