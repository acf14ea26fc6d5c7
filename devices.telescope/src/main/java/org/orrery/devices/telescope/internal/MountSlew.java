package org.orrery.devices.telescope.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.orrery.device.Mount;
import org.orrery.devices.common.action.Instruments;
import org.orrery.devices.common.action.Moves;
import org.orrery.devices.common.action.Settings;
import org.orrery.devices.common.action.Texts;
import org.orrery.devices.common.action.Waits;
import org.orrery.devices.common.sky.Angles;
import org.orrery.task.ActionContext;
import org.orrery.task.TaskExecutionException;

/**
 * A slew as {@code mount.slew} and {@code mount.meridian_flip} make it: refused while parked,
 * bounded by the distance over the slew rate plus the margin (aborted when it takes longer), then
 * verified (within the tolerance of the target, and tracking).
 */
final class MountSlew {

    private MountSlew() {
    }

    static CompletableFuture<Void> slew(ActionContext context, Instruments instruments, Mount mount, String label,
            double ra, double dec, double toleranceArcmin) {
        String target = Texts.radec(ra, dec);
        if (mount.parked()) {
            return CompletableFuture.failedFuture(parked(label, "slew to " + target));
        }
        Settings s = instruments.settings();
        double distance = off(mount, ra, dec);
        Duration timeout = s.slewMargin()
                .plus(Duration.ofNanos(Math.round(distance / s.slewRateDegreesPerSecond() * 1e9)));
        double tolerance = toleranceArcmin / 60;
        context.progress(0, "slewing " + label + " to " + target + " (" + Texts.angle(distance) + " away)");
        return Waits.operation(context, instruments, mount, label + " slew to " + target, timeout,
                () -> label + " did not finish the slew to " + target + " within " + Texts.seconds(timeout) + " (now at "
                        + Texts.radec(mount.rightAscension(), mount.declination()) + ", slewing: "
                        + Moves.yesNo(mount.slewing()) + "); the slew was aborted",
                mount::abort, () -> mount.slew(ra, dec))
                .thenCompose(v -> Waits.verify(context, s.settle(),
                        () -> off(mount, ra, dec) <= tolerance && !mount.slewing(),
                        () -> label + " reported the slew done at "
                                + Texts.radec(mount.rightAscension(), mount.declination())
                                + (mount.slewing() ? " and still slewing" : "") + ", "
                                + Texts.angle(off(mount, ra, dec)) + " from the target " + target + " (tolerance "
                                + Texts.number(toleranceArcmin, 2) + "')"))
                .thenCompose(v -> Waits.verify(context, s.settle(), mount::tracking,
                        () -> label + " reached " + target + " but is not tracking; expected tracking on after a slew"))
                .thenRun(() -> context.progress(1, label + " at "
                        + Texts.radec(mount.rightAscension(), mount.declination())));
    }

    /** The failure of an action that would move a parked mount: not worth retrying. */
    static TaskExecutionException parked(String label, String what) {
        return new TaskExecutionException(label + " is parked; expected an unparked mount to " + what
                + " (run mount.unpark first)", false, null);
    }

    /** Degrees between where the mount points and RA/Dec. */
    static double off(Mount mount, double ra, double dec) {
        return Angles.separationDegrees(mount.rightAscension(), mount.declination(), ra, dec);
    }
}
