package org.orrery.device;

import java.time.Instant;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Says whether it is safe to observe (the roof may be open, the telescope unparked): a weather
 * station, a cloud sensor, a rain detector, or a combination. Unattended nights depend on it:
 * a sequence that watches safety parks the mount and waits while any monitor says unsafe, or
 * has not reported for longer than its allowed silence.
 */
@ProviderType
public interface SafetyMonitor extends Device {

    @Override
    default DeviceType type() {
        return DeviceType.SAFETY_MONITOR;
    }

    /** Safe now, by the device's own judgement. False too while not connected. */
    boolean safe();

    /** Why it is unsafe ({@code "rain 2.1 mm/h above 0"}, {@code "not connected"}); empty while safe. */
    String unsafeReason();

    /** The weather values behind the judgement, where the device has them. */
    Weather weather();

    /** When the device last reported (its judgement or a value); null before the first report. */
    Instant lastReport();

    /**
     * Weather values; each is null when the device does not measure it.
     *
     * @param cloudCoverPercent 0 (clear) to 100 (overcast)
     * @param rainRateMmPerHour rain rate
     * @param windSpeedMetersPerSecond wind speed
     * @param humidityPercent relative humidity
     * @param temperatureCelsius air temperature
     */
    record Weather(Double cloudCoverPercent, Double rainRateMmPerHour, Double windSpeedMetersPerSecond,
            Double humidityPercent, Double temperatureCelsius) {

        public static final Weather NONE = new Weather(null, null, null, null, null);
    }
}
