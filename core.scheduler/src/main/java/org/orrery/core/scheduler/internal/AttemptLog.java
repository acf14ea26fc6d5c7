package org.orrery.core.scheduler.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.orrery.task.TaskExecution;

/**
 * What one attempt leaves for its {@link TaskExecution}: the lines it logged through
 * {@code ActionContext.log()}, bounded, and the CPU time of the threads that ran its code.
 *
 * <p>The bound: at most {@value #MAX_LINES} lines and {@value #MAX_BYTES} bytes (UTF-8) in all. The
 * first lines are kept (up to half of each bound), then always the newest ones in the other half;
 * what falls between is counted and replaced by one line saying how many were left out. A single
 * line is cut at {@value #MAX_LINE_CHARS} characters. Thread-safe (an action logs from any thread).
 */
final class AttemptLog {

    static final int MAX_LINES = 200;
    static final int MAX_BYTES = 64 * 1024;
    static final int MAX_LINE_CHARS = 4096;
    private static final int HEAD_LINES = MAX_LINES / 2;
    private static final int TAIL_LINES = MAX_LINES - HEAD_LINES - 1; // one line says what was left out
    private static final int HALF_BYTES = MAX_BYTES / 2 - 128;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Supplier<Instant> clock;
    private final List<TaskExecution.LogLine> head = new ArrayList<>();
    private final ArrayDeque<TaskExecution.LogLine> tail = new ArrayDeque<>();
    private int headBytes;
    private int tailBytes;
    private boolean headFull;
    private long leftOut;
    /** CPU nanoseconds measured; -1 when this JVM cannot measure a thread's CPU time. */
    private long cpuNanos;

    AttemptLog(Supplier<Instant> clock) {
        this.clock = clock;
        this.cpuNanos = cpuMeasurable() ? 0 : -1;
    }

    /** Keeps a line (within the bound). */
    synchronized void add(String level, String message) {
        String text = message == null ? "" : message;
        if (text.length() > MAX_LINE_CHARS) {
            text = text.substring(0, MAX_LINE_CHARS) + "… (" + (text.length() - MAX_LINE_CHARS) + " more characters)";
        }
        TaskExecution.LogLine line = new TaskExecution.LogLine(clock.get(), level, text);
        int bytes = bytes(line);
        if (!headFull) {
            if (head.size() < HEAD_LINES && headBytes + bytes <= HALF_BYTES) {
                head.add(line);
                headBytes += bytes;
                return;
            }
            headFull = true;
        }
        tail.addLast(line);
        tailBytes += bytes;
        while (tail.size() > TAIL_LINES || tailBytes > HALF_BYTES && tail.size() > 1) {
            tailBytes -= bytes(tail.removeFirst());
            leftOut++;
        }
    }

    /** The lines kept, first ones, then one saying how many were left out (if any), then the newest. */
    synchronized List<TaskExecution.LogLine> lines() {
        List<TaskExecution.LogLine> out = new ArrayList<>(head.size() + tail.size() + 1);
        out.addAll(head);
        if (leftOut > 0) {
            TaskExecution.LogLine first = tail.isEmpty() ? head.get(head.size() - 1) : tail.peekFirst();
            out.add(new TaskExecution.LogLine(first.time(), "WARN", "… " + leftOut + " line(s) left out (an execution"
                    + " keeps at most " + MAX_LINES + " lines, " + MAX_BYTES / 1024 + " KiB: the first and the last) …"));
        }
        out.addAll(tail);
        return out;
    }

    /** The CPU time of the current thread so far, in nanoseconds (-1 when it cannot be measured). */
    static long threadCpu() {
        return cpuMeasurable() ? THREADS.getCurrentThreadCpuTime() : -1;
    }

    /** Adds the CPU time a thread spent on the attempt's code since {@code startCpu} ({@link #threadCpu()}). */
    synchronized void ranSince(long startCpu) {
        long now = threadCpu();
        if (cpuNanos >= 0 && startCpu >= 0 && now >= startCpu) {
            cpuNanos += now - startCpu;
        }
    }

    /** The CPU time measured, or null when it could not be. */
    synchronized Duration cpuTime() {
        return cpuNanos < 0 ? null : Duration.ofNanos(cpuNanos);
    }

    private static boolean cpuMeasurable() {
        try {
            return THREADS.isCurrentThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled();
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    private static int bytes(TaskExecution.LogLine line) {
        return line.message().getBytes(StandardCharsets.UTF_8).length + line.level().length() + 32;
    }
}
