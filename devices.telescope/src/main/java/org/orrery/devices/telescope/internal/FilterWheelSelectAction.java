package org.orrery.devices.telescope.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.orrery.device.FilterWheel;
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

/** {@code filterwheel.select}: puts a filter (by slot or by name) in place and verifies it is there. */
@Component(service = Action.class)
public final class FilterWheelSelectAction extends DeviceAction<FilterWheel> {

    public static final String NAME = "filterwheel.select";
    public static final String SLOT = "slot";
    public static final String FILTER_NAME = "name";
    public static final String FILTER_WHEEL = "filter_wheel";

    public static final String SCHEMA = """
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "title": "filterwheel.select",
              "description": "The filter to put in place: give slot or name, not both.",
              "type": "object",
              "properties": {
                "slot": {"type": "integer", "minimum": 1, "maximum": 1000,
                  "description": "Slot number, from 1."},
                "name": {"type": "string", "minLength": 1, "maxLength": 68,
                  "description": "Filter name as the wheel calls it (case ignored), e.g. \\"Ha\\"."},
                "filter_wheel": {"type": "string", "pattern": "^[A-Za-z0-9._-]{1,128}$",
                  "description": "Device id of the filter wheel; default: the first filter wheel by id."}
              },
              "oneOf": [{"required": ["slot"]}, {"required": ["name"]}],
              "additionalProperties": false
            }
            """;

    private static final Set<String> KNOWN = Set.of(SLOT, FILTER_NAME, FILTER_WHEEL);

    @Activate
    public FilterWheelSelectAction(@Reference Instruments instruments) {
        super(instruments, NAME,
                "Puts a filter in place, by slot or by name, and verifies the wheel reports that slot.",
                SCHEMA, FilterWheel.class, FILTER_WHEEL, "filter wheel");
    }

    @Override
    public CompletableFuture<Map<String, Object>> run(ActionContext context) throws TaskParameterException {
        Parameters p = Parameters.of(NAME, context.parameters(), KNOWN);
        Long slot = p.integer(SLOT, 1, 1000, "", null);
        String filterName = p.text(FILTER_NAME, 68, null);
        if ((slot == null) == (filterName == null)) {
            throw p.problem("give either 'slot' or 'name', " + (slot == null ? "found neither" : "found both"));
        }
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
