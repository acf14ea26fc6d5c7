package org.orrery.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.orrery.bench.BenchSupport.Settings;
import org.orrery.bench.BenchSupport.Summary;
import org.orrery.files.Compression;
import org.orrery.files.WriteOptions;
import org.orrery.store.files.internal.LocalFileStore;

/**
 * The file store's throughput (issue 16, "Benchmark"): writes and reads of 1 KB and 10 MB files
 * through {@code LocalFileStore} (plain, gzip, zstd, encrypted, zstd + encrypted), against
 * {@code Files.write} followed by an fsync of the file and {@code Files.readAllBytes} in the same
 * JVM, file by file in turn so that other load on the machine falls on all alike. The store's write
 * is a temporary file, fsync, rename and fsync of the folder; its reads skip the read cache. The
 * content is half text, half noise (compressible about 2:1). A benchmark program, not a test.
 *
 * <pre>
 * java -cp ... org.orrery.bench.FilesBenchmark [key=value ...]
 * </pre>
 *
 * Settings: {@code rounds} (5), {@code smallFiles} (200 per round), {@code largeFiles} (5 per
 * round), {@code readsPerFile} (3), {@code folder} (the temporary folder), {@code report} (a Markdown file).
 */
public final class FilesBenchmark {

    static final double GOAL_RATIO = 1.3;
    static final int SMALL = 1024;
    static final int LARGE = 10 * 1024 * 1024;
    static final String RAW = "raw Files.write + fsync / readAllBytes";
    static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

    record Variant(String name, WriteOptions options) {
    }

    static final List<Variant> VARIANTS = List.of(
            new Variant("store plain", WriteOptions.PLAIN),
            new Variant("store gzip", new WriteOptions(Compression.GZIP, false, true)),
            new Variant("store zstd", new WriteOptions(Compression.ZSTD, false, true)),
            new Variant("store encrypted", new WriteOptions(Compression.NONE, true, true)),
            new Variant("store zstd + encrypted", new WriteOptions(Compression.ZSTD, true, true)));

    public static void main(String[] args) throws Exception {
        Settings settings = new Settings(BenchSupport.mainArguments(args));
        BenchSupport.printReport(settings, run(settings));
        System.exit(0);
    }

    static byte[] content(int n, long seed) {
        byte[] b = new byte[n];
        Random r = new Random(seed);
        byte[] text = "the quick brown fox jumps over the lazy dog; ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = 0; i < n; i++) {
            b[i] = i % 2 == 0 ? text[(i / 2) % text.length] : (byte) r.nextInt(256);
        }
        return b;
    }

    static String run(Settings settings) throws Exception {
        int rounds = settings.integer("rounds", 5);
        int reads = settings.integer("readsPerFile", 3);
        Path work = BenchSupport.workFolder(settings, "files-bench-");
        Map<String, List<Double>> seconds = new LinkedHashMap<>();
        String load = uptime();
        for (int size : new int[] {SMALL, LARGE}) {
            int files = size == SMALL ? settings.integer("smallFiles", 200) : settings.integer("largeFiles", 5);
            byte[] data = content(size, size);
            List<Contender> contenders = new ArrayList<>();
            contenders.add(new Raw(Files.createDirectories(work.resolve(size + "-raw"))));
            for (int v = 0; v < VARIANTS.size(); v++) {
                contenders.add(new Stored(LocalFileStore.open(work.resolve(size + "-store-" + v), KEY, "bench", 0),
                        VARIANTS.get(v)));
            }
            for (int round = -1; round < rounds; round++) { // round -1 warms up
                measureRound(seconds, round < 0 ? null : size, contenders, data, files, reads);
            }
        }
        return report(seconds, rounds, load, uptime());
    }

    /** One way of writing and reading files. */
    interface Contender {
        String name();

        void write(int i, byte[] data) throws Exception;

        int read(int i) throws Exception;
    }

    record Raw(Path folder) implements Contender {
        public String name() {
            return RAW;
        }

        public void write(int i, byte[] data) throws IOException {
            Path file = folder.resolve("f" + i);
            Files.write(file, data);
            try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
                c.force(true);
            }
        }

        public int read(int i) throws IOException {
            return Files.readAllBytes(folder.resolve("f" + i)).length;
        }
    }

    record Stored(LocalFileStore store, Variant variant) implements Contender {
        public String name() {
            return variant.name();
        }

        public void write(int i, byte[] data) throws Exception {
            store.write("f" + i, data, variant.options());
        }

        public int read(int i) throws Exception {
            return store.read("f" + i, false).length;
        }
    }

    /**
     * Writes {@code files} files with every contender, file by file in turn, then reads each
     * {@code reads} times the same way: other load on the machine falls on all alike. Seconds per
     * file are recorded under {@code size} (null: a warm-up round, not recorded).
     */
    private static void measureRound(Map<String, List<Double>> seconds, Integer size, List<Contender> contenders, byte[] data,
            int files, int reads) throws Exception {
        double[] write = new double[contenders.size()];
        double[] read = new double[contenders.size()];
        for (int i = 0; i < files; i++) {
            for (int c = 0; c < contenders.size(); c++) {
                long t0 = System.nanoTime();
                contenders.get(c).write(i, data);
                write[c] += (System.nanoTime() - t0) / 1e9;
            }
        }
        for (int r = 0; r < reads; r++) {
            for (int i = 0; i < files; i++) {
                for (int c = 0; c < contenders.size(); c++) {
                    long t0 = System.nanoTime();
                    int n = contenders.get(c).read(i);
                    read[c] += (System.nanoTime() - t0) / 1e9;
                    if (n != data.length) {
                        throw new IllegalStateException(contenders.get(c).name() + " read " + n + " bytes, expected " + data.length);
                    }
                }
            }
        }
        if (size == null) {
            return;
        }
        for (int c = 0; c < contenders.size(); c++) {
            String name = contenders.get(c).name();
            seconds.computeIfAbsent(key(size, name, "write"), k -> new ArrayList<>()).add(write[c] / files);
            seconds.computeIfAbsent(key(size, name, "read"), k -> new ArrayList<>()).add(read[c] / files / reads);
        }
    }

    private static String key(int size, String variant, String op) {
        return size + "|" + variant + "|" + op;
    }

    static String uptime() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    private static String report(Map<String, List<Double>> seconds, int rounds, String loadBefore, String loadAfter) {
        StringBuilder s = new StringBuilder();
        s.append("### File store throughput (").append(rounds).append(" rounds, median; MB/s of content)\n\n");
        s.append("- ").append(BenchSupport.machineLine()).append("\n- ").append(BenchSupport.jvmLine()).append('\n');
        s.append("- load average (/proc/loadavg) before: ").append(loadBefore).append(", after: ").append(loadAfter).append("\n\n");
        s.append("| size | variant | write MB/s | read MB/s | write time ÷ raw | read time ÷ raw |\n");
        s.append("|---|---|---|---|---|---|\n");
        String rawName = RAW;
        StringBuilder goals = new StringBuilder();
        for (int size : new int[] {SMALL, LARGE}) {
            double rawWrite = Summary.of(seconds.get(key(size, rawName, "write"))).median();
            double rawRead = Summary.of(seconds.get(key(size, rawName, "read"))).median();
            List<String> names = new ArrayList<>();
            names.add(rawName);
            VARIANTS.forEach(v -> names.add(v.name()));
            for (String name : names) {
                double w = Summary.of(seconds.get(key(size, name, "write"))).median();
                double r = Summary.of(seconds.get(key(size, name, "read"))).median();
                s.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", size == SMALL ? "1 KB" : "10 MB", name,
                        BenchSupport.fmt(size / w / 1e6), BenchSupport.fmt(size / r / 1e6), BenchSupport.fmt(w / rawWrite),
                        BenchSupport.fmt(r / rawRead)));
                if (size == LARGE && name.equals("store plain")) {
                    goals.append(String.format(Locale.ROOT, "Goal (10 MB, plain store ≤ %.1f× the raw calls): write %s× %s, read %s× %s%n",
                            GOAL_RATIO, BenchSupport.fmt(w / rawWrite), BenchSupport.passMiss(w / rawWrite <= GOAL_RATIO),
                            BenchSupport.fmt(r / rawRead), BenchSupport.passMiss(r / rawRead <= GOAL_RATIO)));
                }
            }
        }
        return s.append('\n').append(goals).toString();
    }
}
