package org.orrery.devices.telescope.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.orrery.actions.params.Param;
import org.orrery.actions.params.ParameterSchema;
import org.orrery.actions.params.Parameters;
import org.orrery.device.Focuser;
import org.orrery.devices.common.action.DeviceAction;
import org.orrery.devices.common.action.Instruments;
import org.orrery.devices.common.action.Moves;
import org.orrery.task.Action;
import org.orrery.task.ActionContext;
import org.orrery.task.ActionProperties;
import org.orrery.task.TaskParameterException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code focuser.move}: moves a focuser to an absolute position and verifies it arrived. */
@Component(service = Action.class)
@ActionProperties(name = FocuserMoveAction.NAME, safeToRerun = true)
public final class FocuserMoveAction extends DeviceAction<Focuser> {

    public static final String NAME = "focuser.move";
    public static final String POSITION = "position";
    public static final String SPEED = "speed";
    public static final String FOCUSER = "focuser";

    public static final Param<Long> POSITION_PARAM = Param.integer(POSITION, "steps",
            "Absolute position in steps, 0 to the focuser's maximum.").range(0, Integer.MAX_VALUE).required();
    public static final Param<Double> SPEED_PARAM = Param.number(SPEED, "full speed",
            "Speed as a fraction of full speed, above 0 up to 1 (ignored by focusers that cannot set it).")
            .above(0).atMost(1).orElse(1.0);
    public static final Param<String> FOCUSER_PARAM = Param.deviceId(FOCUSER,
            "Device id of the focuser; default: the first focuser by id.");
    public static final ParameterSchema PARAMETERS = ParameterSchema.of(NAME, "Where to move the focuser.",
            POSITION_PARAM, SPEED_PARAM, FOCUSER_PARAM);

    @Activate
    public FocuserMoveAction(@Reference Instruments instruments) {
        super(instruments, NAME,
                "Moves a focuser to an absolute position and verifies it arrived within the tolerance.",
                PARAMETERS, Focuser.class, FOCUSER_PARAM, "focuser");
    }

    @Override
    public CompletableFuture<Map<String, Object>> run(ActionContext context) throws TaskParameterException {
        Parameters p = read(context);
        long position = p.get(POSITION_PARAM);
        double speed = p.get(SPEED_PARAM);
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
