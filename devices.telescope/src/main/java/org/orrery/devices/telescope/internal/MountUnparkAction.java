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

/** {@code mount.unpark}: Unparks a mount and verifies it reports itself not parked. */
@Component(service = Action.class)
@ActionProperties(name = MountUnparkAction.NAME, safeToRerun = true)
public final class MountUnparkAction extends MountStateAction {

    public static final String NAME = "mount.unpark";

    public static final ParameterSchema PARAMETERS = mountOnly(NAME);

    @Activate
    public MountUnparkAction(@Reference Instruments instruments) {
        super(instruments, NAME,
                "Unparks a mount and verifies it reports itself not parked.",
                PARAMETERS);
    }

    @Override
    public Goal goal(Parameters p, Settings settings) {
        return new Goal("unparking", "unparked", m -> !m.parked(), Mount::unpark, settings.parkTimeout(), true);
    }
}
