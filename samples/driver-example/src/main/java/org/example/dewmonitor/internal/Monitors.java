package org.example.dewmonitor.internal;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.orrery.task.TaskParameterException;

/** What both actions share: which monitor a task means, and the result they answer with. */
final class Monitors {

    /** The optional parameter naming the monitor. */
    static final String DEVICE = "device";

    private Monitors() {
    }

    /**
     * The monitor the parameter {@code device} names, or the first by id when it names none;
     * null when none is there (nothing to claim yet).
     */
    static DewMonitor pick(List<DewMonitor> monitors, Map<String, Object> parameters) {
        Object wanted = parameters.get(DEVICE);
        return monitors.stream()
                .filter(m -> wanted == null || wanted.equals(m.id()))
                .min(Comparator.comparing(DewMonitor::id))
                .orElse(null);
    }

    /** As {@link #pick}, but a task whose monitor is not there fails, saying which ones are. */
    static DewMonitor require(List<DewMonitor> monitors, Map<String, Object> parameters) throws TaskParameterException {
        DewMonitor monitor = pick(monitors, parameters);
        if (monitor == null) {
            Object wanted = parameters.get(DEVICE);
            throw new TaskParameterException((wanted == null ? "no dew monitor is configured"
                    : "parameter 'device': no dew monitor has the id '" + wanted + "'") + "; there are: "
                    + monitors.stream().map(DewMonitor::id).sorted().toList());
        }
        return monitor;
    }

    /** What a monitor says now, as a task result. */
    static Map<String, Object> reading(DewMonitor monitor) {
        Conditions c = monitor.conditions();
        String reason = c.dewWarning(monitor.marginCelsius());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put(DEVICE, monitor.id());
        result.put("temperature_celsius", c.temperatureCelsius());
        result.put("humidity_percent", c.humidityPercent());
        result.put("dew_point_celsius", SimulatedDewMonitor.round(c.dewPointCelsius()));
        result.put("safe", reason.isEmpty());
        result.put("reason", reason);
        return result;
    }
}
