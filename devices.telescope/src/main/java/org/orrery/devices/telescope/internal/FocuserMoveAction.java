package org.orrery.devices.telescope.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.orrery.device.Focuser;
import org.orrery.task.Action;
import org.orrery.task.ActionContext;
import org.orrery.task.TaskParameterException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.orrery.devices.common.action.DeviceAction;
import org.orrery.devices.common.action.Instruments;
import org.orrery.devices.common.action.Moves;
import org.orrery.devices.common.action.Parameters;

/** {@code focuser.move}: moves a focuser to an absolute position and verifies it arrived. */
@Component(service = Action.class)
public final class FocuserMoveAction extends DeviceAction<Focuser> {

    public static final String NAME = "focuser.move";
    public static final String POSITION = "position";
    public static final String SPEED = "speed";
    public static final String FOCUSER = "focuser";

    public static final String SCHEMA = """
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "title": "focuser.move",
              "description": "Where to move the focuser.",
              "type": "object",
              "properties": {
                "position": {"type": "integer", "minimum": 0, "maximum": 2147483647,
                  "description": "Absolute position in steps, 0 to the focuser's maximum."},
                "speed": {"type": "number", "exclusiveMinimum": 0, "maximum": 1, "default": 1,
                  "description": "Speed as a fraction of full speed, above 0 up to 1 (ignored by focusers that cannot set it)."},
                "focuser": {"type": "string", "pattern": "^[A-Za-z0-9._-]{1,128}$",
                  "description": "Device id of the focuser; default: the first focuser by id."}
              },
              "required": ["position"],
              "additionalProperties": false
            }
            """;

    private static final Set<String> KNOWN = Set.of(POSITION, SPEED, FOCUSER);

    @Activate
    public FocuserMoveAction(@Reference Instruments instruments) {
        super(instruments, NAME,
                "Moves a focuser to an absolute position and verifies it arrived within the tolerance.",
                SCHEMA, Focuser.class, FOCUSER, "focuser");
    }

    @Override
    public CompletableFuture<Map<String, Object>> run(ActionContext context) throws TaskParameterException {
        Parameters p = Parameters.of(NAME, context.parameters(), KNOWN);
        long position = p.integer(POSITION, 0, Integer.MAX_VALUE, "steps");
        double speed = p.numberAbove(SPEED, 0, 1, "full speed", 1.0);
        return device(context, p).thenCompose(focuser -> Moves
                .focus(context, instruments, p, POSITION, focuser, label(focuser), focuser, position, speed)
                .thenApply(at -> {
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put("focuser", instruments.idOf(focuser));
                    result.put("position", at);
                    result.put("target", position);
                    return result;
                }));
    }
}
