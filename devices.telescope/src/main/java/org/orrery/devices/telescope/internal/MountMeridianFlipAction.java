package org.orrery.devices.telescope.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.orrery.device.Mount;
import org.orrery.device.Mount.PierSide;
import org.orrery.devices.common.action.Instruments;
import org.orrery.devices.common.action.Waits;
import org.orrery.task.Action;
import org.orrery.task.ActionContext;
import org.orrery.task.ActionProperties;
import org.orrery.task.TaskExecutionException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code mount.meridian_flip}: slews a German equatorial mount to the target again (which makes it
 * flip once the target is past the meridian) and verifies that its pier side changed. A mount that
 * did not flip, or that does not tell its pier side, fails the task: a flip is never reported done
 * without the mount saying so.
 */
@Component(service = Action.class)
@ActionProperties(name = MountMeridianFlipAction.NAME, safeToRerun = true)
public final class MountMeridianFlipAction extends MountTargetAction {

    public static final String NAME = "mount.meridian_flip";

    private final SkyTime sky;

    @Activate
    public MountMeridianFlipAction(@Reference Instruments instruments, @Reference SkyTime sky) {
        super(instruments, NAME,
                "Slews a German equatorial mount to the target again so that it flips, and verifies the pier side changed.",
                "The target to re-acquire after the flip (equatorial coordinates of the date, JNow).");
        this.sky = sky;
    }

    @Override
    protected CompletableFuture<Map<String, Object>> at(ActionContext context, Mount mount, double ra, double dec) {
        String label = label(mount);
        PierSide before = mount.pierSide();
        if (before == null || before == PierSide.UNKNOWN) {
            return CompletableFuture.failedFuture(new TaskExecutionException(label
                    + " does not report its pier side (unknown), so a meridian flip cannot be verified; the mount was"
                    + " not moved", false, null));
        }
        return MountSlew.slew(context, instruments, mount, label, ra, dec, instruments.settings().slewToleranceArcmin())
                .thenCompose(v -> Waits.verify(context, instruments.settings().settle(),
                        () -> flipped(before, mount.pierSide()),
                        () -> label + " did not flip: pier side was " + name(before) + " before the slew and "
                                + (mount.pierSide() == before ? "is still " : "is ") + name(mount.pierSide())
                                + hourAngleText(mount, ra)))
                .thenApply(v -> {
                    PierSide after = mount.pierSide();
                    context.progress(1, label + " flipped from " + name(before) + " to " + name(after));
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put("mount", instruments.idOf(mount));
                    result.put("pier_side_before", name(before));
                    result.put("pier_side_after", name(after));
                    Double ha = sky.hourAngle(ra, mount.site());
                    result.put("hour_angle", ha == null ? null : Math.round(ha * 1000) / 1000.0);
                    result.put("ra", mount.rightAscension());
                    result.put("dec", mount.declination());
                    return result;
                });
    }

    private static boolean flipped(PierSide before, PierSide now) {
        return now != null && now != PierSide.UNKNOWN && now != before;
    }

    private String hourAngleText(Mount mount, double ra) {
        Double ha = sky.hourAngle(ra, mount.site());
        return ha == null ? " (hour angle unknown: no site)"
                : "; hour angle " + String.format(Locale.ROOT, "%+.2f", ha) + " h"
                        + (ha < 0 ? " (the target is not past the meridian yet)" : "");
    }

    private static String name(PierSide side) {
        return (side == null ? PierSide.UNKNOWN : side).name().toLowerCase(Locale.ROOT);
    }
}
