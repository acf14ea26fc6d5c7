package org.orrery.core.scheduler.internal;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.orrery.task.ResourceClaim;
import org.orrery.task.ResourceRequirements;
import org.orrery.task.TaskParameterException;
import org.orrery.task.TaskSpec;

/**
 * Seed 004's {@code resource_requirements} as resource claims: shared ({@code READ}) claims on
 * {@code cpu}, {@code memory}, {@code disk} and {@code gpu_memory}, in tenths (0.1 core, 0.1 GB:
 * the ledger counts whole units), amount = ceil(value × 10). Their capacities are configured in
 * cores and GB ({@code resource.capacities}: {@code cpu=4}, {@code memory=16}) and kept ×10; where
 * not configured, they come from this machine: {@code cpu} its available processors,
 * {@code memory} its physical memory (8 GB when the JVM does not tell), {@code disk} the usable
 * space of the Orrery home (the {@code orrery.home} system property, else the working folder),
 * {@code gpu_memory} 0 (a task that needs GPU memory is refused unless it is configured).
 */
final class Requirements {

    static final String CPU = "cpu";
    static final String MEMORY = "memory";
    static final String DISK = "disk";
    static final String GPU_MEMORY = "gpu_memory";
    /** The requirement resources, whose capacities are configured in cores / GB and kept ×10. */
    static final List<String> NAMES = List.of(CPU, MEMORY, DISK, GPU_MEMORY);
    private static final long GB = 1024L * 1024 * 1024;

    private static volatile Map<String, Integer> machine;

    private Requirements() {
    }

    /** The claims of a task's requirements (none for a requirement of 0). */
    static List<ResourceClaim> claims(TaskSpec spec) {
        ResourceRequirements r = spec.resourceRequirements();
        if (r == null || r.none()) {
            return List.of();
        }
        List<ResourceClaim> out = new ArrayList<>(4);
        add(out, CPU, r.cpuCores());
        add(out, MEMORY, r.memoryGb());
        add(out, DISK, r.diskGb());
        add(out, GPU_MEMORY, r.gpuMemoryGb());
        return out;
    }

    private static void add(List<ResourceClaim> out, String name, double value) {
        if (value > 0) {
            out.add(new ResourceClaim(name, type(name), ResourceClaim.Mode.READ, tenths(value)));
        }
    }

    /** The type of a requirement resource ({@code gpu_memory}: GPU); CUSTOM for any other name. */
    static ResourceClaim.Type type(String name) {
        return switch (name) {
            case CPU -> ResourceClaim.Type.CPU;
            case MEMORY -> ResourceClaim.Type.MEMORY;
            case DISK -> ResourceClaim.Type.DISK;
            case GPU_MEMORY -> ResourceClaim.Type.GPU;
            default -> ResourceClaim.Type.CUSTOM;
        };
    }

    /** ceil(value × 10), at most Integer.MAX_VALUE. */
    static int tenths(double value) {
        double t = Math.ceil(value * 10 - 1e-9); // 0.3 × 10 is 3.0000000000000004
        return t >= Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) Math.max(0, t);
    }

    /**
     * Refuses a task that needs more than the whole capacity of a resource, naming the field, the
     * capacity and the value.
     */
    static void check(TaskSpec spec, ResourceLedger ledger) throws TaskParameterException {
        ResourceRequirements r = spec.resourceRequirements();
        if (r == null || r.none()) {
            return;
        }
        check(spec, ledger, "cpu_cores", CPU, r.cpuCores(), "cores");
        check(spec, ledger, "memory_gb", MEMORY, r.memoryGb(), "GB");
        check(spec, ledger, "disk_gb", DISK, r.diskGb(), "GB");
        check(spec, ledger, "gpu_memory_gb", GPU_MEMORY, r.gpuMemoryGb(), "GB");
    }

    private static void check(TaskSpec spec, ResourceLedger ledger, String field, String resource, double value,
            String unit) throws TaskParameterException {
        int capacity = ledger.capacity(resource);
        if (value > 0 && tenths(value) > capacity) {
            throw new TaskParameterException(TaskEngine.describe(spec) + ": resource_requirements." + field + " is "
                    + value + " " + unit + ", more than this scheduler's whole capacity of " + capacity / 10.0 + " " + unit
                    + " (resource.capacities " + resource + "=…)");
        }
    }

    /** Configured capacities, with this machine's for the requirement resources not configured. */
    static Map<String, Integer> withMachineDefaults(Map<String, Integer> configured) {
        Map<String, Integer> out = new HashMap<>(machine());
        out.putAll(configured);
        return Map.copyOf(out);
    }

    /** A configured capacity in cores or GB ({@code cpu=4}, {@code memory=0.5}) as tenths; null if not a number ≥ 0. */
    static Integer configured(String value) {
        try {
            double v = Double.parseDouble(value.trim());
            return v >= 0 && !Double.isInfinite(v) ? tenths(v) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Map<String, Integer> machine() {
        Map<String, Integer> m = machine;
        if (m == null) {
            m = Map.of(CPU, Runtime.getRuntime().availableProcessors() * 10, MEMORY, tenths(physicalMemory() / (double) GB),
                    DISK, tenths(usableDisk() / (double) GB), GPU_MEMORY, 0);
            machine = m;
        }
        return m;
    }

    /**
     * The physical memory, from the operating system bean's {@code getTotalMemorySize} (JDK 14+)
     * or {@code getTotalPhysicalMemorySize}, called through its public interface: importing
     * {@code com.sun.management} would need the system bundle to export it, which it does not.
     * Not through the platform MBean server, which registers every platform bean (hundreds of
     * classes at start) to answer one attribute.
     */
    private static long physicalMemory() {
        Object os = ManagementFactory.getOperatingSystemMXBean();
        List<Class<?>> interfaces = new ArrayList<>();
        for (Class<?> c = os.getClass(); c != null; c = c.getSuperclass()) {
            interfaces.addAll(List.of(c.getInterfaces()));
        }
        for (String method : List.of("getTotalMemorySize", "getTotalPhysicalMemorySize")) {
            for (Class<?> type : interfaces) {
                try {
                    Object v = type.getMethod(method).invoke(os);
                    if (v instanceof Number n && n.longValue() > 0) {
                        return n.longValue();
                    }
                } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                    // not this interface's method: the next, or the default
                }
            }
        }
        return 8 * GB;
    }

    private static long usableDisk() {
        String home = System.getProperty("orrery.home");
        try {
            return Path.of(home == null || home.isBlank() ? "." : home).toFile().getUsableSpace();
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
