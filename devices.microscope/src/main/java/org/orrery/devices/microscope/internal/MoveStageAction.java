package org.orrery.devices.microscope.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.orrery.actions.params.Param;
import org.orrery.actions.params.ParameterSchema;
import org.orrery.actions.params.Parameters;
import org.orrery.device.Stage;
import org.orrery.devices.common.action.Instruments;
import org.orrery.devices.common.action.Moves;
import org.orrery.task.Action;
import org.orrery.task.ActionContext;
import org.orrery.task.ActionProperties;
import org.orrery.task.TaskParameterException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code move_stage} (seed 001): moves the microscope's stage to x, y (and z) and returns {@code new_position}. */
@Component(service = Action.class)
@ActionProperties(name = MoveStageAction.NAME, safeToRerun = true)
public final class MoveStageAction extends MicroscopeAction {

    public static final String NAME = "move_stage";

    public static final Param<Double> X = Param.number("x", "µm", "x in µm, within the stage's travel.").required();
    public static final Param<Double> Y = Param.number("y", "µm", "y in µm, within the stage's travel.").required();
    public static final Param<Double> Z = Param.number("z", "µm",
            "z in µm, within the stage's travel; default: where it is now.");
    public static final ParameterSchema PARAMETERS = ParameterSchema.of(NAME,
            "Where to move the microscope's stage, in micrometres.", X, Y, Z);

    @Activate
    public MoveStageAction(@Reference Instruments instruments) {
        super(instruments, NAME,
                "Moves the microscope's stage to x, y (and z) in µm and verifies it arrived.",
                PARAMETERS);
    }

    @Override
    public CompletableFuture<Map<String, Object>> run(ActionContext context) throws TaskParameterException {
        Parameters p = read(context);
        double x = p.get(X);
        double y = p.get(Y);
        Double z = p.get(Z);
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
}
