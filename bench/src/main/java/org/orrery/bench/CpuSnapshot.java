package org.orrery.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Collectors;

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

    /**
     * Waits until the rest of the machine is quiet (other processes below 10 % of the CPU
     * capacity over half a second), at most {@code bench.quietSeconds} (20) seconds, so that a
     * build running beside the benchmark does not end up in the numbers.
     */
    static void awaitQuiet(long quietMillis) throws InterruptedException {
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
}
