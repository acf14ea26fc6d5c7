package org.orrery.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.orrery.bench.StartupBenchmark.Sample;

/**
 * The startup benchmark's results as Markdown: the table of each variant, each run's start times,
 * the ratios to Karaf and the targets of issue 17 (fresh start at most 1.5 s and at least 2x faster
 * than Karaf, restart at most 1.2 s, idle RSS at most 120 MB).
 */
final class StartupReport {

    /** Targets of issue 17 ("Speed"). */
    static final double TARGET_SPEEDUP = 2.0;
    static final long TARGET_FRESH_MILLIS = 1500;
    static final long TARGET_RESTART_MILLIS = 1200;
    static final long TARGET_RSS_MB = 120;

    private final List<String> variants;
    private final Map<String, List<Sample>> samples;
    private final Map<String, String> failures;

    StartupReport(List<String> variants, Map<String, List<Sample>> samples, Map<String, String> failures) {
        this.variants = variants;
        this.samples = samples;
        this.failures = failures;
    }

    /** The table and what follows it; {@code header} (the machine, the JVMs, the runs) goes first. */
    String results(String header) {
        StringBuilder out = new StringBuilder(header);
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
        for (String variant : List.of(StartupBenchmark.KARAF, StartupBenchmark.KARAF_RESTART)) {
            List<Long> jvm = samples.getOrDefault(variant, List.of()).stream().map(Sample::jvmStartMillis)
                    .filter(v -> v >= 0).collect(Collectors.toList());
            if (!jvm.isEmpty()) {
                out.append(String.format(Locale.ROOT,
                        "- %s: the start script took a median %d ms before the Karaf JVM process was created (10 ms resolution)%n",
                        label(variant), median(jvm)));
            }
        }
        out.append('\n');

        Optional<Long> karaf = medianStart(StartupBenchmark.KARAF);
        Optional<Long> fresh = medianStart(StartupBenchmark.ORRERY_FRESH);
        Optional<Long> restart = medianStart(StartupBenchmark.ORRERY_RESTART);
        Optional<Long> karafRestart = medianStart(StartupBenchmark.KARAF_RESTART);
        List<String> ratios = new ArrayList<>();
        karaf.ifPresent(k -> {
            fresh.ifPresent(f -> ratios.add(String.format(Locale.ROOT, "Karaf start / Orrery fresh start = %.2f", k / (double) f)));
            restart.ifPresent(r -> ratios.add(String.format(Locale.ROOT, "Karaf start / Orrery restart = %.2f", k / (double) r)));
        });
        karafRestart.ifPresent(k -> restart.ifPresent(r ->
                ratios.add(String.format(Locale.ROOT, "Karaf restart / Orrery restart = %.2f", k / (double) r))));
        if (samples.containsKey(StartupBenchmark.KARAF) && !samples.get(StartupBenchmark.KARAF).isEmpty()) {
            long karafRss = median(rssMb(StartupBenchmark.KARAF));
            for (String variant : List.of(StartupBenchmark.ORRERY_FRESH, StartupBenchmark.ORRERY_RESTART)) {
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

        if (samples.getOrDefault(StartupBenchmark.ORRERY_FRESH, List.of()).isEmpty() && samples.getOrDefault(StartupBenchmark.ORRERY_RESTART, List.of()).isEmpty()) {
            return out.toString();
        }
        out.append("Targets (issue 17):\n\n");
        karaf.ifPresent(k -> fresh.ifPresent(f -> out.append(target("Orrery fresh start at least 2x faster than Karaf",
                k >= TARGET_SPEEDUP * f, String.format(Locale.ROOT, "%.2fx", k / (double) f)))));
        fresh.ifPresent(f -> out.append(target("Orrery fresh start at most 1.5 s (median)", f <= TARGET_FRESH_MILLIS, f + " ms")));
        restart.ifPresent(r -> out.append(target("Orrery restart at most 1.2 s (median)", r <= TARGET_RESTART_MILLIS, r + " ms")));
        List<Long> orreryRss = new ArrayList<>(rssMb(StartupBenchmark.ORRERY_FRESH));
        orreryRss.addAll(rssMb(StartupBenchmark.ORRERY_RESTART));
        if (!orreryRss.isEmpty()) {
            long med = median(orreryRss);
            long max = orreryRss.stream().max(Long::compare).get();
            out.append(target("Orrery at most 120 MB idle (median; every run)", med <= TARGET_RSS_MB && max <= TARGET_RSS_MB,
                    "median " + med + " MB, max " + max + " MB"));
        }
        return out.toString();
    }

    private static String target(String what, boolean met, String value) {
        return "- " + (met ? "PASS" : "MISS") + " " + what + ": " + value + "\n";
    }

    private static String label(String variant) {
        switch (variant) {
            case StartupBenchmark.ORRERY_FRESH: return "Orrery, fresh home";
            case StartupBenchmark.ORRERY_RESTART: return "Orrery, restart";
            case StartupBenchmark.KARAF: return "Karaf 4.4.8 minimal, fresh";
            case StartupBenchmark.KARAF_RESTART: return "Karaf 4.4.8 minimal, restart";
            case StartupBenchmark.DIST_FRESH: return "Orrery, bin/orrery of the plain archive, fresh home";
            case StartupBenchmark.IMAGE_FRESH: return "Orrery, bin/orrery of the self-contained archive, fresh home";
            default: return variant;
        }
    }

    static void log(String system, String what, int run, Sample s) {
        System.out.printf(Locale.ROOT, "  run %d %-6s %-9s start %5d ms%s  RSS %4d MB  stop %5d ms (exit %d)  other CPU use %4.1f %%%n",
                run, system, what, s.startMillis(),
                s.jvmStartMillis() >= 0 ? String.format(Locale.ROOT, " (script %d ms before JVM)", s.jvmStartMillis()) : "",
                Math.round(s.rssKb() / 1024.0), s.stopMillis(), s.exitCode(), s.otherCpuPercent());
    }

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
}
