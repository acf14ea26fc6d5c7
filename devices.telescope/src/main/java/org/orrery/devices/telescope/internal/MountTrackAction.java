package org.orrery.devices.telescope.internal;

import java.util.Set;

import org.orrery.task.Action;
import org.orrery.task.TaskParameterException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.orrery.devices.common.action.Instruments;
import org.orrery.devices.common.action.Parameters;
import org.orrery.devices.common.action.Settings;

/** {@code mount.track}: turns sidereal tracking on or off and verifies the mount reports it. */
@Component(service = Action.class)
public final class MountTrackAction extends MountStateAction {

    public static final String NAME = "mount.track";
    public static final String TRACKING = "tracking";

    public static final String SCHEMA = """
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "title": "mount.track",
              "description": "Tracking on or off.",
              "type": "object",
              "properties": {
                "tracking": {"type": "boolean", "description": "true: sidereal tracking on; false: off."},
                "mount": {"type": "string", "pattern": "^[A-Za-z0-9._-]{1,128}$",
                  "description": "Device id of the mount; default: the first mount by id."}
              },
              "required": ["tracking"],
              "additionalProperties": false
            }
            """;

    @Activate
    public MountTrackAction(@Reference Instruments instruments) {
        super(instruments, NAME,
                "Turns a mount's sidereal tracking on or off and verifies the mount reports it.",
                SCHEMA);
    }

    @Override
    public Set<String> known() {
        return Set.of(TRACKING, MOUNT);
    }

    @Override
    public Goal goal(Parameters p, Settings settings) throws TaskParameterException {
        boolean on = p.bool(TRACKING);
        return new Goal(on ? "turning tracking on" : "turning tracking off", on ? "tracking" : "not tracking",
                m -> m.tracking() == on, m -> m.setTracking(on), settings.trackingTimeout(), false);
    }
}
