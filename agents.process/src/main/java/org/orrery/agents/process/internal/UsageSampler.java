package org.orrery.agents.process.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import org.orrery.task.TaskExecution.ResourceUsage;

/**
 * CPU time and peak memory of a process tree, sampled while it runs. On Linux from
 * {@code /proc/<pid>/stat} (user + system time of each process of the tree, plus that of the
 * children each already waited for; clock ticks of 1/100 s) and {@code /proc/<pid>/status}
 * ({@code VmHWM}, the peak resident memory, and {@code VmRSS}); elsewhere CPU time from
 * {@link ProcessHandle.Info#totalCpuDuration()} and no memory. A sample can only see processes
 * alive at that moment, so the figures are the most seen: a process shorter than one interval
 * may not be seen at all (then null).
 */
final class UsageSampler {

    /** USER_HZ: Linux reports CPU times in 1/100 s on every architecture Java runs on. */
    static final long TICKS_PER_SECOND = 100;
    private static final Path PROC = Path.of("/proc");

    private Duration cpu;
    private Long peakBytes;

    synchronized void sample(Set<ProcessHandle> tree) {
        Duration total = Duration.ZERO;
        boolean measured = false;
        long rss = 0;
        long hwm = 0;
        boolean memory = false;
        for (ProcessHandle p : tree) {
            Long ticks = procTicks(p.pid());
            if (ticks != null) {
                total = total.plusMillis(ticks * 1000 / TICKS_PER_SECOND);
                measured = true;
            } else if (p.info().totalCpuDuration().isPresent()) {
                total = total.plus(p.info().totalCpuDuration().get());
                measured = true;
            }
            long[] mem = procMemory(p.pid());
            if (mem != null) {
                rss += mem[0];
                hwm = Math.max(hwm, mem[1]);
                memory = true;
            }
        }
        if (measured && (cpu == null || total.compareTo(cpu) > 0)) {
            cpu = total;
        }
        if (memory) {
            long peak = Math.max(rss, hwm);
            peakBytes = peakBytes == null ? peak : Math.max(peakBytes, peak);
        }
    }

    synchronized ResourceUsage usage() {
        return new ResourceUsage(cpu, peakBytes);
    }

    /** utime + stime + cutime + cstime of /proc/pid/stat, or null. */
    static Long procTicks(long pid) {
        String stat;
        try {
            stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
        } catch (IOException | RuntimeException e) {
            return null;
        }
        // the command (field 2) is in parentheses and may hold spaces: count fields after the last ')'
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return null;
        }
        String[] f = stat.substring(close + 2).trim().split(" ");
        // f[0] is field 3 (state); utime..cstime are fields 14..17
        if (f.length < 15) {
            return null;
        }
        try {
            return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** {VmRSS, VmHWM} in bytes from /proc/pid/status, or null. */
    static long[] procMemory(long pid) {
        long rss = -1;
        long hwm = -1;
        try {
            for (String line : Files.readAllLines(PROC.resolve(Long.toString(pid)).resolve("status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = kib(line);
                } else if (line.startsWith("VmHWM:")) {
                    hwm = kib(line);
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return rss < 0 || hwm < 0 ? null : new long[] {rss, hwm};
    }

    private static long kib(String line) {
        String[] parts = line.substring(line.indexOf(':') + 1).trim().split("\\s+");
        return Long.parseLong(parts[0]) * 1024;
    }
}
