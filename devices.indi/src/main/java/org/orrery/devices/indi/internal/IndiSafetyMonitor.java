package org.orrery.devices.indi.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.orrery.device.ConnectionState;
import org.orrery.device.SafetyMonitor;
import org.orrery.devices.common.safety.SafetyValues;

/**
 * An INDI weather device (WEATHER_STATUS lights, WEATHER_PARAMETERS numbers) as an Orrery safety
 * monitor: safe only while connected and the WEATHER_STATUS vector is Ok; Idle (no weather update
 * yet), Busy (a value in its warning zone) and Alert (danger) are unsafe, the reason naming each
 * light that is not Ok with its value.
 */
final class IndiSafetyMonitor extends AbstractIndiDevice implements SafetyMonitor {

    static final String STATUS = "WEATHER_STATUS";
    static final String PARAMETERS = "WEATHER_PARAMETERS";
    /** INDI's standard weather parameters measure wind in km/h. */
    private static final double KPH_PER_METER_PER_SECOND = 3.6;

    IndiSafetyMonitor(IndiServer server, String indiName) {
        super(server, indiName);
    }

    @Override
    public boolean safe() {
        IndiVector status = property(STATUS);
        return connectionState() == ConnectionState.CONNECTED && status != null && status.state() == IndiState.OK;
    }

    @Override
    public String unsafeReason() {
        if (connectionState() != ConnectionState.CONNECTED) {
            String status = statusMessage();
            return "not connected" + (status.isEmpty() ? "" : ": " + status);
        }
        IndiVector status = property(STATUS);
        if (status == null) {
            return "no weather status yet";
        }
        if (status.state() == IndiState.OK) {
            return "";
        }
        if (status.state() == IndiState.IDLE) {
            return "weather status idle (no weather update yet)";
        }
        IndiVector parameters = property(PARAMETERS);
        List<String> parts = new ArrayList<>();
        for (IndiElement light : status.elements().values()) {
            IndiState s = IndiState.parse(light.value());
            if (s == IndiState.ALERT || s == IndiState.BUSY) {
                double value = parameters == null ? Double.NaN : parameters.number(light.name());
                parts.add(label(light) + (Double.isNaN(value) ? "" : " " + number(value)) + " "
                        + (s == IndiState.ALERT ? "danger" : "warning"));
            }
        }
        String state = status.state() == null ? "unknown" : status.state().text();
        return parts.isEmpty() ? "weather status " + state.toLowerCase(Locale.ROOT) : String.join(", ", parts);
    }

    private static String label(IndiElement light) {
        return light.label() == null || light.label().isBlank() ? light.name() : light.label();
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
                : String.format(Locale.ROOT, "%.2f", v).replaceAll("0+$", "");
    }

    @Override
    public Weather weather() {
        IndiVector p = property(PARAMETERS);
        if (p == null) {
            return Weather.NONE;
        }
        Double wind = value(p, "WEATHER_WIND_SPEED");
        return new Weather(value(p, "WEATHER_CLOUD_COVER"), value(p, "WEATHER_RAIN_HOUR"),
                wind == null ? null : wind / KPH_PER_METER_PER_SECOND, value(p, "WEATHER_HUMIDITY"),
                value(p, "WEATHER_TEMPERATURE"));
    }

    private static Double value(IndiVector v, String element) {
        double d = v.number(element);
        return Double.isNaN(d) ? null : d;
    }

    /** The newest timestamp of WEATHER_STATUS and WEATHER_PARAMETERS (the driver's UTC time of its last update). */
    @Override
    public Instant lastReport() {
        Instant last = null;
        for (String name : new String[] {STATUS, PARAMETERS}) {
            IndiVector v = property(name);
            Instant t = v == null ? null : timestamp(v.timestamp());
            if (t != null && (last == null || t.isAfter(last))) {
                last = t;
            }
        }
        return last;
    }

    /** An INDI timestamp ({@code 2026-12-05T04:47:57}, UTC, no zone), or null. */
    static Instant timestamp(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(text.trim()).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @Override
    public Map<String, Object> values() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("connection", connectionState().id());
        SafetyValues.put(v, this);
        return v;
    }
}
