package org.orrery.devices.telescope.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.orrery.device.Mount;
import org.orrery.devices.common.action.Instruments;
import org.orrery.devices.common.action.Settings;
import org.orrery.devices.common.action.Texts;
import org.orrery.devices.common.action.Waits;
import org.orrery.task.Action;
import org.orrery.task.ActionContext;
import org.orrery.task.ActionProperties;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code mount.sync}: tells a mount it points at RA/Dec (JNow) now, and verifies that it then
 * reports that position (within the slew tolerance). Refused while the mount is parked.
 */
@Component(service = Action.class)
@ActionProperties(name = MountSyncAction.NAME, safeToRerun = true)
public final class MountSyncAction extends MountTargetAction {

    public static final String NAME = "mount.sync";

    @Activate
    public MountSyncAction(@Reference Instruments instruments) {
        super(instruments, NAME,
                "Syncs a mount to RA/Dec (tells it where it points) and verifies it reports that position.",
                "Where the mount points now (equatorial coordinates of the date, JNow), for example from a plate solve.");
    }

    @Override
    protected CompletableFuture<Map<String, Object>> at(ActionContext context, Mount mount, double ra, double dec) {
        String label = label(mount);
        String target = Texts.radec(ra, dec);
        if (mount.parked()) {
            return CompletableFuture.failedFuture(MountSlew.parked(label, "sync to " + target));
        }
        Settings s = instruments.settings();
        double beforeRa = mount.rightAscension();
        double beforeDec = mount.declination();
        double toleranceArcmin = s.slewToleranceArcmin();
        context.progress(0, "syncing " + label + " to " + target);
        return Waits.operation(context, instruments, mount, label + " sync to " + target, s.trackingTimeout(),
                () -> label + " did not finish the sync to " + target + " within " + Texts.seconds(s.trackingTimeout()),
                () -> { }, () -> mount.sync(ra, dec))
                .thenCompose(v -> Waits.verify(context, s.settle(),
                        () -> MountSlew.off(mount, ra, dec) <= toleranceArcmin / 60,
                        () -> label + " reported the sync done but points at "
                                + Texts.radec(mount.rightAscension(), mount.declination()) + ", "
                                + Texts.angle(MountSlew.off(mount, ra, dec)) + " from " + target + " (tolerance "
                                + Texts.number(toleranceArcmin, 2) + "')"))
                .thenApply(v -> {
                    context.progress(1, label + " synced to " + target);
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put("mount", instruments.idOf(mount));
                    result.put("ra", mount.rightAscension());
                    result.put("dec", mount.declination());
                    result.put("before_ra", beforeRa);
                    result.put("before_dec", beforeDec);
                    result.put("shift_arcmin",
                            Math.round(org.orrery.devices.common.sky.Angles.separationDegrees(beforeRa, beforeDec, ra, dec)
                                    * 60 * 1000) / 1000.0);
                    return result;
                });
    }
}
