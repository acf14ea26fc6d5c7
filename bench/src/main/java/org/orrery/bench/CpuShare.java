package org.orrery.bench;

import java.util.List;
import java.util.Locale;


/**
 * Who used the machine's CPU during a measured phase, in % of its capacity (all cores = 100 %):
 * the runtime, the client processes, this harness, and other processes (a build beside the
 * benchmark), so that a figure can be read with the load it was taken under.
 */
record CpuShare(double machine, double runtime, double clients, double harness, double seconds) {

    /** CPU milliseconds per unit of work of a share (in % of the machine's {@code cores}) over the phase. */
    double millisPer(double percent, int units, int cores) {
        return units <= 0 ? Double.NaN : percent / 100 * cores * seconds * 1000 / units;
    }

    double other() {
        return Math.max(0, machine - runtime - clients - harness);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "machine %.0f %% busy (runtime %.0f %%, clients %.0f %%, harness %.0f %%, other %.0f %%)",
                machine, runtime, clients, harness, other());
    }

    /** CPU times at the start of a phase. */
    record Meter(long machineTicks, long runtimeTicks, long harnessTicks, long nanos, long runtimePid) {

        static Meter start(long runtimePid) {
            return new Meter(CpuSnapshot.machineBusyTicks(), CpuSnapshot.ownTicks(runtimePid),
                    CpuSnapshot.ownTicks(ProcessHandle.current().pid()), System.nanoTime(), runtimePid);
        }

        /** The shares since the start; {@code clients} were started after it and are still alive. */
        CpuShare stop(List<Process> clients) {
            long clientTicks = 0;
            for (Process c : clients) {
                clientTicks += CpuSnapshot.processTicks(c.pid());
            }
            double seconds = (System.nanoTime() - nanos) / 1e9;
            double capacity = seconds * CpuSnapshot.TICKS_PER_SECOND * Runtime.getRuntime().availableProcessors() / 100;
            if (capacity <= 0) {
                return new CpuShare(0, 0, 0, 0, seconds);
            }
            return new CpuShare((CpuSnapshot.machineBusyTicks() - machineTicks) / capacity,
                    (CpuSnapshot.ownTicks(runtimePid) - runtimeTicks) / capacity, clientTicks / capacity,
                    (CpuSnapshot.ownTicks(ProcessHandle.current().pid()) - harnessTicks) / capacity, seconds);
        }
    }
}
