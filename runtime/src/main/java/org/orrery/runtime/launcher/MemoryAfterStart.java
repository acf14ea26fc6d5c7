package org.orrery.runtime.launcher;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import javax.management.JMException;
import javax.management.ObjectName;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * Gives back to the system what starting used and an idle runtime does not need, once, on a
 * thread of its own shortly after the start (never on the start path: the management classes
 * it loads cost about 0.1 s of CPU).
 *
 * <p>Starting allocates far more than the runtime keeps (the live heap after start is about
 * 17 MB of some 80 MB committed), and the JIT compilers leave freed memory in glibc's arenas.
 * Without JVM options (the command is {@code java -jar orrery.jar}) the JVM still lets itself
 * be told at run time:
 * <ol>
 * <li>the heap: {@code MinHeapFreeRatio} and {@code MaxHeapFreeRatio} are manageable flags; set
 * low for one full collection, G1 shrinks the heap to the live data plus 20 % and uncommits the
 * rest; then they are set back to what they were, so the heap grows and shrinks afterwards as
 * it always did (no lasting effect on throughput);</li>
 * <li>native memory: the diagnostic command {@code System.trim_native_heap} (JDK 17.0.9 and
 * later, 21, 25) has glibc return its free arena memory ({@code malloc_trim}).</li>
 * </ol>
 * Each step is skipped (with a debug line) where the JVM does not offer it.
 */
final class MemoryAfterStart {

    /** After this long the first requests (the benchmark's, a browser's) have been served. */
    static final long DELAY_MILLIS = 1_000;
    /**
     * The later trims, after the first. HotSpot keeps the arena chunks its compilers freed in a pool
     * that a periodic task empties into malloc every 5 s (counted from the JVM's start); only then
     * can a trim give them back. The start's compilations fill that pool, so a trim right after the
     * start found 1–3 MB to return, and one past the next emptying 10–16 MB (measured, a fresh
     * home). Two later trims, 2.5 s apart, so that one of them follows an emptying by less than
     * 2.5 s, whenever the start ended.
     */
    static final int LATER_TRIMS = 2;
    /** The pause before each later trim. */
    static final long LATER_TRIM_PAUSE_MILLIS = 2_500;
    /** The free share of the heap G1 keeps after the one collection: 10 to 20 %. */
    static final String MIN_FREE_PERCENT = "10";
    static final String MAX_FREE_PERCENT = "20";

    private static final Logger LOG = LoggerFactory.getLogger(MemoryAfterStart.class);

    private MemoryAfterStart() {
    }

    /**
     * Starts the daemon thread that waits {@link #DELAY_MILLIS}, runs {@code first} (other work that
     * can wait until after the start: its garbage goes with the collection), {@link #release()}s,
     * and trims the native heap {@link #LATER_TRIMS} times more, {@link #LATER_TRIM_PAUSE_MILLIS} apart; then the
     * thread ends.
     */
    static void releaseSoon(Runnable first) {
        Thread thread = new Thread(() -> {
            try {
                Thread.sleep(DELAY_MILLIS);
                first.run();
                List<String> done = release();
                LOG.debug("Memory after start: {}", done);
                for (int i = 0; i < LATER_TRIMS; i++) {
                    Thread.sleep(LATER_TRIM_PAUSE_MILLIS);
                    LOG.debug("Memory after start, again: {}", trimNativeHeap());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | LinkageError e) {
                LOG.debug("Memory after start not released: {}", e.toString());
            }
        }, "orrery-after-start");
        thread.setDaemon(true);
        thread.start();
    }

    /** Shrinks the heap with one full collection and trims the native heap; says what it did. */
    static List<String> release() {
        List<String> done = new ArrayList<>();
        HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        String minFree = hotspot.getVMOption("MinHeapFreeRatio").getValue();
        String maxFree = hotspot.getVMOption("MaxHeapFreeRatio").getValue();
        try {
            // Min first: the JVM refuses a Max below the current Min
            hotspot.setVMOption("MinHeapFreeRatio", MIN_FREE_PERCENT);
            hotspot.setVMOption("MaxHeapFreeRatio", MAX_FREE_PERCENT);
            System.gc();
            done.add("heap shrunk to " + ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted() / 1024 / 1024
                    + " MB committed");
        } catch (IllegalArgumentException e) {
            done.add("heap not shrunk (" + e.getMessage() + ")");
        } finally {
            // Max first on the way back: it rises above the Min being restored
            restore(hotspot, "MaxHeapFreeRatio", maxFree);
            restore(hotspot, "MinHeapFreeRatio", minFree);
        }
        done.add(trimNativeHeap());
        return done;
    }

    private static void restore(HotSpotDiagnosticMXBean hotspot, String flag, String value) {
        try {
            hotspot.setVMOption(flag, value);
        } catch (IllegalArgumentException e) {
            LOG.debug("{} not set back to {}: {}", flag, value, e.getMessage());
        }
    }

    /** {@code jcmd <pid> System.trim_native_heap}, from inside. */
    private static String trimNativeHeap() {
        try {
            Object result = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "systemTrimNativeHeap",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
            return String.valueOf(result).strip();
        } catch (JMException e) {
            return "native heap not trimmed (" + e.getMessage() + ")";
        }
    }
}
