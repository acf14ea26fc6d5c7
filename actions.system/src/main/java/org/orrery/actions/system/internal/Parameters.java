package org.orrery.actions.system.internal;

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
final class Parameters {

    private final String action;
    private final Map<String, Object> values;

    private Parameters(String action, Map<String, Object> values) {
        this.action = action;
        this.values = values == null ? Map.of() : values;
    }

    /** The parameters of {@code action}; fails if any name is not in {@code known}. */
    static Parameters of(String action, Map<String, Object> values, Set<String> known) throws TaskParameterException {
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

    /** A required number, as a double, from {@code min} to {@code max}. */
    double number(String name, double min, double max, String unit) throws TaskParameterException {
        String expected = "a number of " + unit + " from " + plain(min) + " to " + plain(max);
        if (!values.containsKey(name)) {
            throw new TaskParameterException(action + ": parameter '" + name + "' is missing; expected " + expected);
        }
        Object value = values.get(name);
        if (!(value instanceof Number number)) {
            throw wrongType(name, expected, value);
        }
        double d = number.doubleValue();
        if (!(d >= min && d <= max)) { // also rejects NaN
            throw new TaskParameterException(action + ": parameter '" + name + "' must be " + expected + ", found "
                    + number);
        }
        return d;
    }

    /** An optional string; {@code fallback} when absent. */
    String string(String name, String fallback) throws TaskParameterException {
        if (!values.containsKey(name)) {
            return fallback;
        }
        Object value = values.get(name);
        if (!(value instanceof String s)) {
            throw wrongType(name, "a string", value);
        }
        return s;
    }

    /** An optional boolean; {@code fallback} when absent. */
    boolean bool(String name, boolean fallback) throws TaskParameterException {
        if (!values.containsKey(name)) {
            return fallback;
        }
        Object value = values.get(name);
        if (!(value instanceof Boolean b)) {
            throw wrongType(name, "a boolean (true or false)", value);
        }
        return b;
    }

    private TaskParameterException wrongType(String name, String expected, Object found) {
        return new TaskParameterException(action + ": parameter '" + name + "' must be " + expected + ", found "
                + describe(found));
    }

    /** What a JSON value is, for a message: {@code a string ("ten")}, {@code null}, {@code an object}. */
    static String describe(Object value) {
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

    private static String plain(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
