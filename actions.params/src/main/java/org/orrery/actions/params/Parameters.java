package org.orrery.actions.params;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.orrery.task.TaskParameterException;

/**
 * A task's parameters, checked against a {@link ParameterSchema} and read typed. The scheduler
 * has already validated them against the published schema, but an action called some other way
 * must still fail clearly: each problem is a {@link TaskParameterException} that names the action
 * and the parameter and says what was expected and what was found. Numbers may arrive as any
 * {@link Number} (Integer, Long, Double, BigDecimal, …).
 */
public final class Parameters {

    private final String action;
    private final Map<String, Object> values;
    private final Map<String, Object> read = new HashMap<>();

    private Parameters(String action, Map<String, Object> values) {
        this.action = action;
        this.values = values;
    }

    static Parameters read(ParameterSchema schema, Map<String, Object> values) throws TaskParameterException {
        Parameters p = new Parameters(schema.action(), values);
        if (schema.open()) {
            return p;
        }
        Set<String> known = schema.params().keySet();
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw p.problem("unknown parameter" + (unknown.size() == 1 ? " '" : "s '") + String.join("', '", unknown)
                    + "'; " + (known.isEmpty() ? "it takes no parameters"
                            : "it takes only " + String.join(", ", new TreeSet<>(known))));
        }
        for (Param<?> param : schema.params().values()) {
            p.check(param);
        }
        for (List<String> group : schema.exactlyOne()) {
            long given = group.stream().filter(values::containsKey).count();
            if (given != 1) {
                throw p.problem("give either '" + String.join("' or '", group) + "', "
                        + (given == 0 ? "found neither" : "found both"));
            }
        }
        return p;
    }

    private void check(Param<?> param) throws TaskParameterException {
        String name = param.name;
        if (!values.containsKey(name)) {
            if (param.required) {
                throw problem("parameter '" + name + "' is missing; expected " + param.expected());
            }
            read.put(name, param.fallback);
            return;
        }
        Object value = values.get(name);
        read.put(name, switch (param.kind) {
        case NUMBER -> number(param, value);
        case INTEGER -> integer(param, value);
        case BOOLEAN -> {
            if (!(value instanceof Boolean b)) {
                throw wrongType(name, param.expected(), value);
            }
            yield b;
        }
        case STRING -> string(param, value);
        case STRING_OR_INTEGER -> value instanceof String ? string(param, value) : integer(param, value);
        });
    }

    private Double number(Param<?> param, Object value) throws TaskParameterException {
        if (!(value instanceof Number n)) {
            throw wrongType(param.name, param.expected(), value);
        }
        double d = n.doubleValue();
        if (!Double.isFinite(d) || !inRange(param, d)) {
            throw outOfRange(param, n);
        }
        return d;
    }

    private Long integer(Param<?> param, Object value) throws TaskParameterException {
        Long whole = wholeNumber(value);
        if (whole == null) {
            throw wrongType(param.name, param.expected(), value);
        }
        if (!inRange(param, whole)) {
            throw outOfRange(param, value);
        }
        return whole;
    }

    private static boolean inRange(Param<?> param, double d) {
        boolean aboveMin = param.min == null || (param.minExclusive ? d > param.min : d >= param.min);
        boolean belowMax = param.max == null || (param.maxExclusive ? d < param.max : d <= param.max);
        return aboveMin && belowMax;
    }

    private TaskParameterException outOfRange(Param<?> param, Object found) {
        return problem("parameter '" + param.name + "' must be " + param.expected() + ", found " + found);
    }

    private String string(Param<?> param, Object value) throws TaskParameterException {
        if (!(value instanceof String s)) {
            throw wrongType(param.name, param.expected(), value);
        }
        boolean fits = (param.values == null || param.values.contains(s))
                && (param.pattern == null || Pattern.compile(param.pattern).matcher(s).find())
                && (param.minLength == null || (s.length() >= param.minLength && !s.isBlank()))
                && (param.maxLength == null || s.length() <= param.maxLength);
        if (!fits) {
            throw wrongType(param.name, param.expected(), value);
        }
        return s;
    }

    public String action() {
        return action;
    }

    /** The checked value of a declared parameter, or its default ({@code orElse}, may be null) when absent. */
    @SuppressWarnings("unchecked")
    public <T> T get(Param<T> param) {
        if (!read.containsKey(param.name)) {
            throw new IllegalArgumentException(action + ": parameter '" + param.name + "' is not declared");
        }
        return (T) read.get(param.name);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** The value as it came, for an action that takes any object. */
    public Object raw(String name) {
        return values.get(name);
    }

    public TaskParameterException wrongType(String name, String expected, Object found) {
        return problem("parameter '" + name + "' must be " + expected + ", found " + describe(found));
    }

    /** {@code <action>: <message>}, for a check the declarations cannot make (against the device). */
    public TaskParameterException problem(String message) {
        return new TaskParameterException(action + ": " + message);
    }

    /** The value as a whole number if it is one (2, 2L, 2.0, BigDecimal 2.00, any Number), else null. */
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
        if (value instanceof Number n) {
            double d = n.doubleValue();
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

    /** {@code 3} for 3.0, {@code 0.5} for 0.5. */
    public static String plain(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
