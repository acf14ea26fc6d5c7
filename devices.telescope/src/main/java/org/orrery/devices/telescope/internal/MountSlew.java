package org.orrery.devices.telescope.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

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
 * verified (within the tolerance of the target, and tracking). A mount that ends the slew outside
 * the tolerance is sent to the target once more (a short corrective slew: INDI's telescope
 * simulator ends a long slew a few arc minutes short), then verified.
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
        double tolerance = toleranceArcmin / 60;
        context.progress(0, "slewing " + label + " to " + target + " (" + Texts.angle(off(mount, ra, dec)) + " away)");
        BooleanSupplier arrived = () -> off(mount, ra, dec) <= tolerance && !mount.slewing();
        return move(context, instruments, mount, label, ra, dec)
                .thenCompose(v -> Waits.settle(context, s.settle(), arrived))
                .thenCompose(there -> {
                    if (there) {
                        return CompletableFuture.<Void>completedFuture(null);
                    }
                    context.progress(0.5, label + " ended the slew " + Texts.angle(off(mount, ra, dec)) + " from "
                            + target + ": slewing again");
                    return move(context, instruments, mount, label, ra, dec);
                })
                .thenCompose(v -> Waits.verify(context, s.settle(), arrived,
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

    /**
     * One slew command, bounded by the distance over the slew rate plus the margin (aborted when it
     * takes longer).
     */
    private static CompletableFuture<Void> move(ActionContext context, Instruments instruments, Mount mount,
            String label, double ra, double dec) {
        Settings s = instruments.settings();
        String target = Texts.radec(ra, dec);
        Duration timeout = s.slewMargin()
                .plus(Duration.ofNanos(Math.round(off(mount, ra, dec) / s.slewRateDegreesPerSecond() * 1e9)));
        return Waits.operation(context, instruments, mount, label + " slew to " + target, timeout,
                () -> label + " did not finish the slew to " + target + " within " + Texts.seconds(timeout) + " (now at "
                        + Texts.radec(mount.rightAscension(), mount.declination()) + ", slewing: "
                        + Moves.yesNo(mount.slewing()) + "); the slew was aborted",
                mount::abort, () -> mount.slew(ra, dec));
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
