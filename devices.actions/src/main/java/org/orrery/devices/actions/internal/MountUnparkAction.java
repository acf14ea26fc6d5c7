package org.orrery.devices.actions.internal;

import org.orrery.device.Mount;
import org.orrery.task.Action;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code mount.unpark}: Unparks a mount and verifies it reports itself not parked. */
@Component(service = Action.class)
public final class MountUnparkAction extends MountStateAction {

    static final String NAME = "mount.unpark";

    static final String SCHEMA = mountOnlySchema(NAME);

    @Activate
    public MountUnparkAction(@Reference Instruments instruments) {
        super(instruments, NAME,
                "Unparks a mount and verifies it reports itself not parked.",
                SCHEMA);
    }

    @Override
    Goal goal(Parameters p, Settings settings) {
        return new Goal("unparking", "unparked", m -> !m.parked(), Mount::unpark, settings.parkTimeout(), true);
    }
}
