package org.orrery.devices.common.action;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.orrery.task.TaskParameterException;

/**
 * Reads an action's parameters as they arrive from JSON. The scheduler has already checked them
 * against the action's schema, but an action called some other way must still fail clearly: each
 * problem becomes a {@link TaskParameterException} that names the action and the parameter and
 * says what was expected and what was found.
 */
public final class Parameters {

    private final String action;
    private final Map<String, Object> values;

    private Parameters(String action, Map<String, Object> values) {
        this.action = action;
        this.values = values == null ? Map.of() : values;
    }

    /** The parameters of {@code action}; fails if any name is not in {@code known}. */
    public static Parameters of(String action, Map<String, Object> values, Set<String> known) throws TaskParameterException {
        Parameters parameters = new Parameters(action, values);
        Set<String> unknown = new TreeSet<>(parameters.values.keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new TaskParameterException(action + ": unknown parameter" + (unknown.size() == 1 ? " '" : "s '")
                    + String.join("', '", unknown) + "'; "
                    + (known.isEmpty() ? "it takes no parameters" : "it takes only " + String.join(", ", new TreeSet<>(known))));
        }
        return parameters;
    }

    public String action() {
        return action;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** A required number from {@code min} to {@code max}. */
    public double number(String name, double min, double max, String unit) throws TaskParameterException {
        String expected = "a number of " + unit + " from " + plain(min) + " to " + plain(max);
        if (!values.containsKey(name)) {
            throw new TaskParameterException(action + ": parameter '" + name + "' is missing; expected " + expected);
        }
        return checkedNumber(name, expected, min, max, false);
    }

    /** An optional number from {@code min} to {@code max}; {@code fallback} (may be null) when absent. */
    public Double number(String name, double min, double max, String unit, Double fallback) throws TaskParameterException {
        if (!values.containsKey(name)) {
            return fallback;
        }
        return checkedNumber(name, "a number of " + unit + " from " + plain(min) + " to " + plain(max), min, max,
                false);
    }

    /** An optional number (any finite value); {@code fallback} (may be null) when absent. */
    public Double finiteNumber(String name, Double fallback) throws TaskParameterException {
        if (!values.containsKey(name)) {
            return fallback;
        }
        Object value = values.get(name);
        if (!(value instanceof Number number) || !Double.isFinite(number.doubleValue())) {
            throw wrongType(name, "a number", value);
        }
        return number.doubleValue();
    }

    /** An optional number above {@code exclusiveMin} up to {@code max}. */
    public double numberAbove(String name, double exclusiveMin, double max, String unit, double fallback)
            throws TaskParameterException {
        if (!values.containsKey(name)) {
            return fallback;
        }
        return checkedNumber(name, "a number of " + unit + " above " + plain(exclusiveMin) + " up to " + plain(max),
                exclusiveMin, max, true);
    }

    private double checkedNumber(String name, String expected, double min, double max, boolean exclusiveMin)
            throws TaskParameterException {
        Object value = values.get(name);
        if (!(value instanceof Number number)) {
            throw wrongType(name, expected, value);
        }
        double d = number.doubleValue();
        boolean aboveMin = exclusiveMin ? d > min : d >= min;
        if (!(aboveMin && d <= max)) { // also refuses NaN
            throw new TaskParameterException(action + ": parameter '" + name + "' must be " + expected + ", found "
                    + number);
        }
        return d;
    }

    /** A required whole number from {@code min} to {@code max}. */
    public long integer(String name, long min, long max, String unit) throws TaskParameterException {
        String expected = "a whole number" + (unit.isEmpty() ? "" : " of " + unit) + " from " + min + " to " + max;
        if (!values.containsKey(name)) {
            throw new TaskParameterException(action + ": parameter '" + name + "' is missing; expected " + expected);
        }
        return checkedInteger(name, expected, min, max);
    }

    /** An optional whole number from {@code min} to {@code max}; {@code fallback} (may be null) when absent. */
    public Long integer(String name, long min, long max, String unit, Long fallback) throws TaskParameterException {
        if (!values.containsKey(name)) {
            return fallback;
        }
        return checkedInteger(name,
                "a whole number" + (unit.isEmpty() ? "" : " of " + unit) + " from " + min + " to " + max, min, max);
    }

    private long checkedInteger(String name, String expected, long min, long max) throws TaskParameterException {
        Object value = values.get(name);
        Long whole = wholeNumber(value);
        if (whole == null) {
            throw wrongType(name, expected, value);
        }
        if (whole < min || whole > max) {
            throw new TaskParameterException(action + ": parameter '" + name + "' must be " + expected + ", found "
                    + value);
        }
        return whole;
    }

    /** An optional string; {@code fallback} (may be null) when absent. */
    public String string(String name, String fallback) throws TaskParameterException {
        return optional(name, String.class, "a string", fallback);
    }

    /** An optional non-blank string with at most {@code maxLength} characters; {@code fallback} when absent. */
    public String text(String name, int maxLength, String fallback) throws TaskParameterException {
        String s = string(name, fallback);
        if (s == fallback) {
            return s;
        }
        if (s.isBlank() || s.length() > maxLength) {
            throw new TaskParameterException(action + ": parameter '" + name + "' must be a non-blank string of at most "
                    + maxLength + " characters, found " + describe(s));
        }
        return s;
    }

    /** An optional device id: letters, digits, '.', '_' and '-'; null when absent. */
    public String deviceId(String name) throws TaskParameterException {
        String s = string(name, null);
        if (s != null && !s.matches("[A-Za-z0-9._-]{1,128}")) {
            throw new TaskParameterException(action + ": parameter '" + name
                    + "' must be a device id (1 to 128 letters, digits, '.', '_' or '-'), found " + describe(s));
        }
        return s;
    }

    /** An optional boolean; {@code fallback} when absent. */
    public boolean bool(String name, boolean fallback) throws TaskParameterException {
        return optional(name, Boolean.class, "a boolean (true or false)", fallback);
    }

    /** An optional value of a JSON type; {@code fallback} (returned as it is) when absent. */
    private <T> T optional(String name, Class<T> type, String expected, T fallback) throws TaskParameterException {
        if (!values.containsKey(name)) {
            return fallback;
        }
        Object value = values.get(name);
        if (!type.isInstance(value)) {
            throw wrongType(name, expected, value);
        }
        return type.cast(value);
    }

    /** A required boolean. */
    public boolean bool(String name) throws TaskParameterException {
        if (!values.containsKey(name)) {
            throw new TaskParameterException(action + ": parameter '" + name
                    + "' is missing; expected a boolean (true or false)");
        }
        return bool(name, false);
    }

    /** The raw value, for parameters that take more than one type (checked by the caller). */
    public Object raw(String name) {
        return values.get(name);
    }

    public TaskParameterException wrongType(String name, String expected, Object found) {
        return new TaskParameterException(action + ": parameter '" + name + "' must be " + expected + ", found "
                + describe(found));
    }

    public TaskParameterException problem(String message) {
        return new TaskParameterException(action + ": " + message);
    }

    /** The value as a whole number if it is one (2, 2L, 2.0, BigDecimal 2.00), else null. */
    public static Long wholeNumber(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger b) {
            return b.bitLength() < 63 ? b.longValue() : null;
        }
        if (value instanceof BigDecimal b) {
            try {
                return b.stripTrailingZeros().scale() <= 0 ? b.longValueExact() : null;
            } catch (ArithmeticException e) {
                return null;
            }
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return d == Math.rint(d) && Math.abs(d) < 9.0e15 ? (long) d : null;
        }
        return null;
    }

    /** What a JSON value is, for a message: {@code a string ("ten")}, {@code null}, {@code an object}. */
    public static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String s) {
            return "a string (\"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\")";
        }
        if (value instanceof Boolean b) {
            return "a boolean (" + b + ")";
        }
        if (value instanceof Number n) {
            return "a number (" + n + ")";
        }
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof Collection || value.getClass().isArray()) {
            return "an array";
        }
        return "a " + value.getClass().getSimpleName();
    }

    public static String plain(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
