package org.example.dewmonitor.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.orrery.device.Device;
import org.orrery.task.Action;
import org.orrery.task.ActionContext;
import org.orrery.task.ActionProperties;
import org.orrery.task.ResourceClaim;
import org.orrery.task.TaskParameterException;
import org.osgi.service.component.annotations.Component;

/**
 * {@code dewmonitor.simulate}: sets what a simulated dew monitor measures (a damp night in a
 * test, a demonstration), and answers with its new reading. Holds the device while it does.
 */
@Component(service = Action.class)
@ActionProperties(name = SimulateAction.NAME, safeToRerun = true)
public final class SimulateAction extends DewMonitorAction {

    public static final String NAME = "dewmonitor.simulate";
    static final String TEMPERATURE = "temperature_celsius";
    static final String HUMIDITY = "humidity_percent";

    static final String SCHEMA = """
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "type": "object",
              "properties": {
                "temperature_celsius": {"type": "number", "minimum": -60, "maximum": 60,
                  "description": "Air temperature, °C."},
                "humidity_percent": {"type": "number", "exclusiveMinimum": 0, "maximum": 100,
                  "description": "Relative humidity, %."},
                "device": {"type": "string", "description": "Device id of the dew monitor; default: the first by id."}
              },
              "required": ["temperature_celsius", "humidity_percent"],
              "additionalProperties": false
            }""";

    public SimulateAction() {
        super(NAME, "Sets the temperature and humidity a simulated dew monitor measures.", SCHEMA);
    }

    /** The monitor, exclusively: two tasks setting it at once would race. */
    @Override
    public List<ResourceClaim> resources(Map<String, Object> parameters) {
        DewMonitor monitor = Monitors.pick(monitors, parameters);
        Object id = monitor != null ? monitor.id() : parameters.get(Monitors.DEVICE);
        return id == null ? List.of() : List.of(ResourceClaim.exclusive(Device.resourceName(id.toString())));
    }

    @Override
    public CompletionStage<Map<String, Object>> execute(ActionContext context) throws TaskParameterException {
        Map<String, Object> p = context.parameters();
        DewMonitor monitor = Monitors.require(monitors, p);
        Conditions next;
        try {
            next = new Conditions(number(p, TEMPERATURE), number(p, HUMIDITY));
        } catch (IllegalArgumentException e) {
            throw new TaskParameterException(e.getMessage());
        }
        monitor.simulate(next);
        context.log().info("dew monitor '" + monitor.id() + "' now measures " + next);
        return CompletableFuture.completedFuture(Monitors.reading(monitor));
    }

    /** A number parameter; the schema made sure it is one (Orrery's value model: read it through Number). */
    private static double number(Map<String, Object> p, String name) throws TaskParameterException {
        if (p.get(name) instanceof Number n) {
            return n.doubleValue();
        }
        throw new TaskParameterException("parameter '" + name + "' must be a number, was " + p.get(name));
    }
}
