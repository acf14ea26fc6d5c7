package org.orrery.devices.microscope.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.orrery.actions.params.Param;
import org.orrery.actions.params.ParameterSchema;
import org.orrery.actions.params.Parameters;
import org.orrery.device.Focuser;
import org.orrery.devices.common.action.Instruments;
import org.orrery.devices.common.action.Moves;
import org.orrery.task.Action;
import org.orrery.task.ActionContext;
import org.orrery.task.ActionProperties;
import org.orrery.task.TaskParameterException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code adjust_focus} (seed 001): moves the microscope's focus drive to a position at a speed. */
@Component(service = Action.class)
@ActionProperties(name = AdjustFocusAction.NAME, safeToRerun = true)
public final class AdjustFocusAction extends MicroscopeAction {

    public static final String NAME = "adjust_focus";

    public static final Param<Long> POSITION = Param.integer("position", "steps",
            "Absolute focus position in steps, 0 to the drive's maximum.").range(0, Integer.MAX_VALUE).required();
    public static final Param<Double> SPEED = Param.number("speed", "full speed",
            "Speed as a fraction of full speed, above 0 up to 1.").above(0).atMost(1).orElse(1.0);
    public static final ParameterSchema PARAMETERS = ParameterSchema.of(NAME,
            "Where to move the microscope's focus drive.", POSITION, SPEED);

    @Activate
    public AdjustFocusAction(@Reference Instruments instruments) {
        super(instruments, NAME,
                "Moves the microscope's focus drive to a position at a speed and verifies it arrived.",
                PARAMETERS);
    }

    @Override
    public CompletableFuture<Map<String, Object>> run(ActionContext context) throws TaskParameterException {
        Parameters p = read(context);
        long position = p.get(POSITION);
        double speed = p.get(SPEED);
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
