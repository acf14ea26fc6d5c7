package org.orrery.devices.microscope.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.orrery.device.Microscope;
import org.orrery.device.Stage;
import org.orrery.task.Action;
import org.orrery.task.ActionContext;
import org.orrery.task.TaskParameterException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.orrery.devices.common.action.Instruments;
import org.orrery.devices.common.action.Moves;
import org.orrery.devices.common.action.Parameters;

/** {@code move_stage} (seed 001): moves the microscope's stage to x, y (and z) and returns {@code new_position}. */
@Component(service = Action.class)
public final class MoveStageAction extends MicroscopeAction {

    public static final String NAME = "move_stage";

    public static final String SCHEMA = """
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "title": "move_stage",
              "description": "Where to move the microscope's stage, in micrometres.",
              "type": "object",
              "properties": {
                "x": {"type": "number", "description": "x in µm, within the stage's travel."},
                "y": {"type": "number", "description": "y in µm, within the stage's travel."},
                "z": {"type": "number", "description": "z in µm, within the stage's travel; default: where it is now."}
              },
              "required": ["x", "y"],
              "additionalProperties": false
            }
            """;

    private static final Set<String> KNOWN = Set.of("x", "y", "z");

    @Activate
    public MoveStageAction(@Reference Instruments instruments) {
        super(instruments, NAME,
                "Moves the microscope's stage to x, y (and z) in µm and verifies it arrived.",
                SCHEMA);
    }

    @Override
    public CompletableFuture<Map<String, Object>> run(ActionContext context) throws TaskParameterException {
        Parameters p = Parameters.of(NAME, context.parameters(), KNOWN);
        double x = required(p, "x");
        double y = required(p, "y");
        Double z = p.finiteNumber("z", null);
        return microscope(context).thenCompose(m -> {
            Stage stage = m.stage();
            String label = part("stage", m);
            double targetZ = z != null ? z : stage.position()[2];
            return Moves.stage(context, instruments, p, stage, label, m, x, y, targetZ).thenApply(at -> {
                Map<String, Object> position = new LinkedHashMap<>();
                position.put("x", at[0]);
                position.put("y", at[1]);
                position.put("z", at[2]);
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("new_position", position);
                result.put("microscope", instruments.idOf(m));
                return result;
            });
        });
    }

    private static double required(Parameters p, String name) throws TaskParameterException {
        if (!p.has(name)) {
            throw p.problem("parameter '" + name + "' is missing; expected a number of µm");
        }
        return p.finiteNumber(name, null);
    }
}
