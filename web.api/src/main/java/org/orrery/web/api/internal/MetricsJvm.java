package org.orrery.web.api.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadMXBean;

import javax.management.ObjectName;

/**
 * The JVM figures {@code /api/v1/metrics} shows, from {@code java.lang.management} only (no
 * {@code com.sun.management} import, which the runtime's system bundle does not export: the
 * process CPU time is read as the platform MBean attribute instead).
 *
 * @param heapUsed heap bytes in use
 * @param heapCommitted heap bytes committed
 * @param heapMax largest heap, or -1 when undefined
 * @param nonHeapUsed non-heap bytes in use
 * @param nonHeapCommitted non-heap bytes committed
 * @param nonHeapMax largest non-heap, or -1 when undefined
 * @param threads live threads
 * @param daemonThreads live daemon threads
 * @param peakThreads most live threads since the start
 * @param startTimeSeconds when the JVM started, seconds since the epoch
 * @param uptimeSeconds seconds since the JVM started
 * @param processCpuSeconds CPU time of the process, or NaN when the JVM does not tell
 * @param availableProcessors processors the JVM may use
 * @param version the Java runtime's version
 * @param vendor the Java runtime's vendor
 * @param runtime the Java runtime's name
 */
record MetricsJvm(long heapUsed, long heapCommitted, long heapMax, long nonHeapUsed, long nonHeapCommitted, long nonHeapMax,
        int threads, int daemonThreads, int peakThreads, double startTimeSeconds, double uptimeSeconds,
        double processCpuSeconds, int availableProcessors, String version, String vendor, String runtime) {

    /** The figures of this JVM now. */
    static MetricsJvm now() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        MemoryUsage nonHeap = ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
        return new MetricsJvm(heap.getUsed(), heap.getCommitted(), heap.getMax(), nonHeap.getUsed(), nonHeap.getCommitted(),
                nonHeap.getMax(), threads.getThreadCount(), threads.getDaemonThreadCount(), threads.getPeakThreadCount(),
                runtime.getStartTime() / 1000.0, runtime.getUptime() / 1000.0, readProcessCpuSeconds(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.runtime.version", "unknown"),
                System.getProperty("java.vm.vendor", "unknown"), System.getProperty("java.runtime.name", "unknown"));
    }

    /** {@code ProcessCpuTime} of the OperatingSystem MBean (HotSpot and OpenJ9 have it), in seconds; NaN without it. */
    private static double readProcessCpuSeconds() {
        try {
            Object nanos = ManagementFactory.getPlatformMBeanServer()
                    .getAttribute(new ObjectName(ManagementFactory.OPERATING_SYSTEM_MXBEAN_NAME), "ProcessCpuTime");
            if (nanos instanceof Number n && n.longValue() >= 0) {
                return n.longValue() / 1e9;
            }
        } catch (Exception | LinkageError e) {
            // not offered by this JVM: leave the metric out
        }
        return Double.NaN;
    }
}
