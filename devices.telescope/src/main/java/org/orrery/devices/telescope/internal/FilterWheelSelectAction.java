package org.orrery.devices.telescope.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.orrery.actions.params.Param;
import org.orrery.actions.params.ParameterSchema;
import org.orrery.actions.params.Parameters;
import org.orrery.device.FilterWheel;
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

/** {@code filterwheel.select}: puts a filter (by slot or by name) in place and verifies it is there. */
@Component(service = Action.class)
@ActionProperties(name = FilterWheelSelectAction.NAME, safeToRerun = true)
public final class FilterWheelSelectAction extends DeviceAction<FilterWheel> {

    public static final String NAME = "filterwheel.select";
    public static final String SLOT = "slot";
    public static final String FILTER_NAME = "name";
    public static final String FILTER_WHEEL = "filter_wheel";

    public static final Param<Long> SLOT_PARAM = Param.integer(SLOT, "", "Slot number, from 1.").range(1, 1000);
    public static final Param<String> NAME_PARAM = Param.string(FILTER_NAME,
            "Filter name as the wheel calls it (case ignored), e.g. \"Ha\".").length(1, 68);
    public static final Param<String> FILTER_WHEEL_PARAM = Param.deviceId(FILTER_WHEEL,
            "Device id of the filter wheel; default: the first filter wheel by id.");
    public static final ParameterSchema PARAMETERS = ParameterSchema.of(NAME,
            "The filter to put in place: give slot or name, not both.", SLOT_PARAM, NAME_PARAM, FILTER_WHEEL_PARAM)
            .exactlyOneOf(SLOT_PARAM, NAME_PARAM);

    @Activate
    public FilterWheelSelectAction(@Reference Instruments instruments) {
        super(instruments, NAME,
                "Puts a filter in place, by slot or by name, and verifies the wheel reports that slot.",
                PARAMETERS, FilterWheel.class, FILTER_WHEEL_PARAM, "filter wheel");
    }

    @Override
    public CompletableFuture<Map<String, Object>> run(ActionContext context) throws TaskParameterException {
        Parameters p = read(context);
        Long slot = p.get(SLOT_PARAM);
        String filterName = p.get(NAME_PARAM);
        Object filter = slot != null ? (Object) slot : filterName;
        return device(context, p).thenCompose(wheel -> {
            String wheelId = instruments.idOf(wheel);
            String label = label(wheel);
            int target;
            try {
                target = Moves.slotOf(p, slot != null ? SLOT : FILTER_NAME, filter, wheel, label);
            } catch (TaskParameterException e) {
                return CompletableFuture.failedFuture(e);
            }
            return Moves.filter(context, instruments, wheel, label, target).thenApply(at -> {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("filter_wheel", wheelId);
                result.put("slot", at);
                String n = Moves.nameOf(wheel, at);
                if (n != null) {
                    result.put("name", n);
                }
                return result;
            });
        });
    }
}
