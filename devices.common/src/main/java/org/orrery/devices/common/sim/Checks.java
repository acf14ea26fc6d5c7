package org.orrery.devices.common.sim;

import java.util.Locale;
import java.util.regex.Pattern;

/** Range checks whose messages say what was expected and what was seen. */
public final class Checks {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]+");

    private Checks() {
    }

    /** Throws {@link IllegalArgumentException} unless {@code min <= value <= max}. */
    public static double range(String what, String unit, double min, double max, double value) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(what + " must be " + fmt(min) + " to " + fmt(max) + unit + ", was "
                    + fmt(value));
        }
        return value;
    }

    public static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%s", v);
    }

    /** The device id, checked against the contract: letters, digits, '.', '_' and '-'. */
    public static String deviceId(String id) {
        String t = id == null ? "" : id.trim();
        if (!ID.matcher(t).matches()) {
            throw new IllegalArgumentException(
                    "device.id must be letters, digits, '.', '_' or '-' (at least one), was '" + id + "'");
        }
        return t;
    }

    public static String nameOr(String name, String fallback) {
        return name == null || name.isBlank() ? fallback : name.trim();
    }
}
