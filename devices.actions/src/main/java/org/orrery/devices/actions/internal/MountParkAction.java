package org.orrery.devices.actions.internal;

import java.util.Set;

import org.orrery.device.Mount;
import org.orrery.task.Action;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code mount.park}: Parks a mount and verifies it reports itself parked. */
@Component(service = Action.class)
public final class MountParkAction extends MountStateAction {

    static final String NAME = "mount.park";

    static final String SCHEMA = """
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "title": "mount.park",
              "description": "Which mount.",
              "type": "object",
              "properties": {
                "mount": {"type": "string", "pattern": "^[A-Za-z0-9._-]{1,128}$",
                  "description": "Device id of the mount; default: the first mount by id."}
              },
              "additionalProperties": false
            }
            """;

    @Activate
    public MountParkAction(@Reference Instruments instruments) {
        super(instruments);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Parks a mount and verifies it reports itself parked.";
    }

    @Override
    public String parameterSchema() {
        return SCHEMA;
    }

    @Override
    Set<String> known() {
        return Set.of(MOUNT);
    }

    @Override
    Goal goal(Parameters p, Settings settings) {
        return new Goal("parking", "parked", Mount::parked, Mount::park, settings.parkTimeout(), true);
    }
}
