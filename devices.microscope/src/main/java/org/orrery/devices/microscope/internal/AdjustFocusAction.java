package org.orrery.devices.microscope.internal;

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
import org.orrery.devices.common.action.Instruments;
import org.orrery.devices.common.action.Moves;
import org.orrery.devices.common.action.Parameters;

/** {@code adjust_focus} (seed 001): moves the microscope's focus drive to a position at a speed. */
@Component(service = Action.class)
public final class AdjustFocusAction extends MicroscopeAction {

    public static final String NAME = "adjust_focus";

    public static final String SCHEMA = """
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "title": "adjust_focus",
              "description": "Where to move the microscope's focus drive.",
              "type": "object",
              "properties": {
                "position": {"type": "integer", "minimum": 0, "maximum": 2147483647,
                  "description": "Absolute focus position in steps, 0 to the drive's maximum."},
                "speed": {"type": "number", "exclusiveMinimum": 0, "maximum": 1, "default": 1,
                  "description": "Speed as a fraction of full speed, above 0 up to 1."}
              },
              "required": ["position"],
              "additionalProperties": false
            }
            """;

    private static final Set<String> KNOWN = Set.of("position", "speed");

    @Activate
    public AdjustFocusAction(@Reference Instruments instruments) {
        super(instruments, NAME,
                "Moves the microscope's focus drive to a position at a speed and verifies it arrived.",
                SCHEMA);
    }

    @Override
    public CompletableFuture<Map<String, Object>> run(ActionContext context) throws TaskParameterException {
        Parameters p = Parameters.of(NAME, context.parameters(), KNOWN);
        long position = p.integer("position", 0, Integer.MAX_VALUE, "steps");
        double speed = p.numberAbove("speed", 0, 1, "full speed", 1.0);
        return microscope(context).thenCompose(m -> {
            Focuser focus = m.focus();
            String label = part("focus", m);
            return Moves.focus(context, instruments, p, "position", focus, label, m, position, speed).thenApply(at -> {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("position", at);
                result.put("speed", speed);
                result.put("microscope", instruments.idOf(m));
                return result;
            });
        });
    }
}
