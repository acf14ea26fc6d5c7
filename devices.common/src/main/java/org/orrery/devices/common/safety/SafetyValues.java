package org.orrery.devices.common.safety;

import java.time.Instant;
import java.util.Map;

import org.orrery.device.SafetyMonitor;
import org.orrery.device.SafetyMonitor.Weather;

/**
 * The values every safety monitor shows ({@code Device.values()}, so the REST API and the console
 * list them the same way whatever the driver): {@code safe}, {@code reason} (empty while safe), the
 * weather values the device measures, and {@code last_report} (ISO instant, null before the first).
 */
public final class SafetyValues {

    private SafetyValues() {
    }

    /** Puts the values of {@code monitor}, read once each. */
    public static void put(Map<String, Object> v, SafetyMonitor monitor) {
        put(v, monitor.safe(), monitor.unsafeReason(), monitor.weather(), monitor.lastReport());
    }

    /** Puts the values; a weather value that is null (not measured) is left out. */
    public static void put(Map<String, Object> v, boolean safe, String reason, Weather weather, Instant lastReport) {
        v.put("safe", safe);
        v.put("reason", safe || reason == null ? "" : reason);
        Weather w = weather == null ? Weather.NONE : weather;
        putIf(v, "cloud_cover_percent", w.cloudCoverPercent());
        putIf(v, "rain_rate_mm_per_hour", w.rainRateMmPerHour());
        putIf(v, "wind_speed_meters_per_second", w.windSpeedMetersPerSecond());
        putIf(v, "humidity_percent", w.humidityPercent());
        putIf(v, "temperature_celsius", w.temperatureCelsius());
        v.put("last_report", lastReport == null ? null : lastReport.toString());
    }

    private static void putIf(Map<String, Object> v, String key, Double value) {
        if (value != null) {
            v.put(key, value);
        }
    }
}
