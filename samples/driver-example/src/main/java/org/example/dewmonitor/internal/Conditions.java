package org.example.dewmonitor.internal;

import java.util.Locale;

/**
 * What the sensor on the telescope tube measures: air temperature and relative humidity, and the
 * dew point that follows from them (Magnus formula with Alduchov and Eskridge's coefficients, good
 * to a few tenths of a degree from -40 °C to 50 °C).
 *
 * @param temperatureCelsius air temperature, -60 to 60 °C
 * @param humidityPercent relative humidity, above 0 up to 100 %
 */
public record Conditions(double temperatureCelsius, double humidityPercent) {

    static final double MIN_TEMPERATURE = -60;
    static final double MAX_TEMPERATURE = 60;

    private static final double B = 17.625;
    private static final double C = 243.04;

    public Conditions {
        if (!(temperatureCelsius >= MIN_TEMPERATURE && temperatureCelsius <= MAX_TEMPERATURE)) {
            throw new IllegalArgumentException("temperature_celsius must be from " + MIN_TEMPERATURE + " to "
                    + MAX_TEMPERATURE + " °C, was " + temperatureCelsius);
        }
        if (!(humidityPercent > 0 && humidityPercent <= 100)) {
            throw new IllegalArgumentException("humidity_percent must be above 0 and at most 100 %, was " + humidityPercent);
        }
    }

    /** The temperature at which this air would saturate and dew would form, °C. */
    public double dewPointCelsius() {
        double gamma = Math.log(humidityPercent / 100) + B * temperatureCelsius / (C + temperatureCelsius);
        return C * gamma / (B - gamma);
    }

    /** How far the air is above its dew point, °C (0 at 100 % humidity). */
    public double spreadCelsius() {
        return temperatureCelsius - dewPointCelsius();
    }

    /** Why dew threatens the optics with this margin, or empty while the spread is at least the margin. */
    String dewWarning(double marginCelsius) {
        double spread = spreadCelsius();
        if (spread >= marginCelsius) {
            return "";
        }
        return String.format(Locale.ROOT, "dew: the air (%.1f °C) is %.1f °C above its dew point (%.1f °C),"
                + " less than the %.1f °C margin", temperatureCelsius, spread, dewPointCelsius(), marginCelsius);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.1f °C, %.1f %% humidity (dew point %.1f °C)", temperatureCelsius,
                humidityPercent, dewPointCelsius());
    }
}
