package org.orrery.task;

/**
 * Seed 004's {@code resource_requirements}: what a task needs of the machine it runs on. The
 * scheduler turns them into shared claims ({@link ResourceClaim.Mode#READ}) on the resources
 * {@code cpu} (in cores), {@code memory}, {@code disk} and {@code gpu_memory} (in GB), whose
 * capacities are configured; a task starts only when what it needs is free, so a 4-core task
 * does not start where only 2 cores are free. A requirement of 0 claims nothing.
 *
 * @param cpuCores cores (fractions allowed, e.g. 0.5)
 * @param memoryGb memory in GB
 * @param diskGb disk in GB
 * @param gpuMemoryGb GPU memory in GB
 */
public record ResourceRequirements(double cpuCores, double memoryGb, double diskGb, double gpuMemoryGb) {

    public ResourceRequirements {
        check("cpu_cores", cpuCores);
        check("memory_gb", memoryGb);
        check("disk_gb", diskGb);
        check("gpu_memory_gb", gpuMemoryGb);
    }

    private static void check(String field, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(field + " must be a number of at least 0, was " + value);
        }
    }

    /** True when it needs nothing. */
    public boolean none() {
        return cpuCores == 0 && memoryGb == 0 && diskGb == 0 && gpuMemoryGb == 0;
    }
}
