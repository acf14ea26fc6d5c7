package org.orrery.devices.telescope.internal;


import org.orrery.actions.params.Param;
import org.orrery.actions.params.ParameterSchema;
import org.orrery.actions.params.Parameters;
import org.orrery.devices.common.action.Instruments;
import org.orrery.devices.common.action.Settings;
import org.orrery.task.Action;
import org.orrery.task.ActionProperties;
import org.orrery.task.TaskParameterException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code mount.track}: turns sidereal tracking on or off and verifies the mount reports it. */
@Component(service = Action.class)
@ActionProperties(name = MountTrackAction.NAME, safeToRerun = true)
public final class MountTrackAction extends MountStateAction {

    public static final String NAME = "mount.track";
    public static final String TRACKING = "tracking";

    public static final Param<Boolean> TRACKING_PARAM = Param.bool(TRACKING,
            "true: sidereal tracking on; false: off.").required();
    public static final ParameterSchema PARAMETERS = ParameterSchema.of(NAME, "Tracking on or off.", TRACKING_PARAM,
            MOUNT_PARAM);

    @Activate
    public MountTrackAction(@Reference Instruments instruments) {
        super(instruments, NAME,
                "Turns a mount's sidereal tracking on or off and verifies the mount reports it.",
                PARAMETERS);
    }

    @Override
    public Goal goal(Parameters p, Settings settings) throws TaskParameterException {
        boolean on = p.get(TRACKING_PARAM);
        return new Goal(on ? "turning tracking on" : "turning tracking off", on ? "tracking" : "not tracking",
                m -> m.tracking() == on, m -> m.setTracking(on), settings.trackingTimeout(), false);
    }
}
