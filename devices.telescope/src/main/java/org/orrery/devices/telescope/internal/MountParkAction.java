package org.orrery.devices.telescope.internal;

import org.orrery.actions.params.ParameterSchema;
import org.orrery.actions.params.Parameters;
import org.orrery.device.Mount;
import org.orrery.devices.common.action.Instruments;
import org.orrery.devices.common.action.Settings;
import org.orrery.task.Action;
import org.orrery.task.ActionProperties;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code mount.park}: Parks a mount and verifies it reports itself parked. */
@Component(service = Action.class)
@ActionProperties(name = MountParkAction.NAME, safeToRerun = true)
public final class MountParkAction extends MountStateAction {

    public static final String NAME = "mount.park";

    public static final ParameterSchema PARAMETERS = mountOnly(NAME);

    @Activate
    public MountParkAction(@Reference Instruments instruments) {
        super(instruments, NAME,
                "Parks a mount and verifies it reports itself parked.",
                PARAMETERS);
    }

    @Override
    public Goal goal(Parameters p, Settings settings) {
        return new Goal("parking", "parked", Mount::parked, Mount::park, settings.parkTimeout(), true);
    }
}
