package org.orrery.actions.params;

import java.util.List;

/**
 * The declaration of one action parameter: its name, JSON type, limits, default and description.
 * A {@link ParameterSchema} made of them writes the action's JSON schema and reads the values
 * with the same limits, so the two cannot disagree. Declarations are immutable: every modifier
 * returns a new one.
 *
 * @param <T> what {@link Parameters#get(Param)} returns: {@link Double}, {@link Long},
 *        {@link String}, {@link Boolean}, or {@link Object} for a name-or-number
 */
public final class Param<T> {

    /** The JSON type of a parameter. */
    enum Kind {
        NUMBER, INTEGER, STRING, BOOLEAN, STRING_OR_INTEGER
    }

    /** A string with something other than white space. */
    static final String NON_BLANK = "\\S";
    /** A device id: letters, digits, '.', '_' and '-'. */
    static final String DEVICE_ID = "^[A-Za-z0-9._-]{1,128}$";

    final String name;
    final Kind kind;
    final String unit;
    final String description;
    Double min;
    boolean minExclusive;
    Double max;
    boolean maxExclusive;
    Integer minLength;
    Integer maxLength;
    String pattern;
    List<String> values;
    Object fallback;
    boolean required;
    String expected;

    private Param(String name, Kind kind, String unit, String description) {
        this.name = name;
        this.kind = kind;
        this.unit = unit;
        this.description = description;
    }

    private Param<T> copy() {
        Param<T> p = new Param<>(name, kind, unit, description);
        p.min = min;
        p.minExclusive = minExclusive;
        p.max = max;
        p.maxExclusive = maxExclusive;
        p.minLength = minLength;
        p.maxLength = maxLength;
        p.pattern = pattern;
        p.values = values;
        p.fallback = fallback;
        p.required = required;
        p.expected = expected;
        return p;
    }

    /** A number (any JSON number, read as a double) in {@code unit} (for messages; may be empty). */
    public static Param<Double> number(String name, String unit, String description) {
        return new Param<>(name, Kind.NUMBER, unit, description);
    }

    /** A whole number (2, 2.0) in {@code unit} (for messages; may be empty). */
    public static Param<Long> integer(String name, String unit, String description) {
        return new Param<>(name, Kind.INTEGER, unit, description);
    }

    public static Param<String> string(String name, String description) {
        return new Param<>(name, Kind.STRING, "", description);
    }

    public static Param<Boolean> bool(String name, String description) {
        return new Param<>(name, Kind.BOOLEAN, "", description);
    }

    /** A device id (1 to 128 letters, digits, '.', '_' or '-'). */
    public static Param<String> deviceId(String name, String description) {
        Param<String> p = string(name, description);
        p.pattern = DEVICE_ID;
        p.expected = "a device id (1 to 128 letters, digits, '.', '_' or '-')";
        return p;
    }

    /** A non-blank name or a whole number from 1 (a filter by name or by slot): a String or a Long. */
    public static Param<Object> nameOrNumber(String name, int maxLength, String expected, String description) {
        Param<Object> p = new Param<>(name, Kind.STRING_OR_INTEGER, "", description);
        p.minLength = 1;
        p.maxLength = maxLength;
        p.min = 1.0;
        p.expected = expected;
        return p;
    }

    /** From {@code min} to {@code max}, both included. */
    public Param<T> range(double min, double max) {
        return atLeast(min).atMost(max);
    }

    public Param<T> atLeast(double min) {
        return withMin(min, false);
    }

    /** Above {@code min}, excluded. */
    public Param<T> above(double min) {
        return withMin(min, true);
    }

    public Param<T> atMost(double max) {
        return withMax(max, false);
    }

    /** Under {@code max}, excluded. */
    public Param<T> below(double max) {
        return withMax(max, true);
    }

    private Param<T> withMin(double min, boolean exclusive) {
        Param<T> p = copy();
        p.min = min;
        p.minExclusive = exclusive;
        return p;
    }

    private Param<T> withMax(double max, boolean exclusive) {
        Param<T> p = copy();
        p.max = max;
        p.maxExclusive = exclusive;
        return p;
    }

    /** A string of {@code min} to {@code max} characters that is not blank. */
    public Param<T> length(int min, int max) {
        Param<T> p = copy();
        p.minLength = min;
        p.maxLength = max;
        return p;
    }

    /** A string that is one of {@code values}. */
    public Param<T> oneOf(String... values) {
        Param<T> p = copy();
        p.values = List.of(values);
        return p;
    }

    /** The value when the parameter is absent; also the schema's {@code default}. */
    public Param<T> orElse(T value) {
        Param<T> p = copy();
        p.fallback = value;
        return p;
    }

    public Param<T> required() {
        Param<T> p = copy();
        p.required = true;
        return p;
    }

    public String name() {
        return name;
    }

    public boolean isRequired() {
        return required;
    }

    /** What a valid value is, for messages: {@code a number of seconds from 0 to 86400}. */
    String expected() {
        if (expected != null) {
            return expected;
        }
        String of = unit.isEmpty() ? "" : " of " + unit;
        return switch (kind) {
        case NUMBER -> "a number" + of + bounds();
        case INTEGER -> "a whole number" + of + bounds();
        case BOOLEAN -> "a boolean (true or false)";
        case STRING -> values != null ? "one of " + String.join(", ", values)
                : maxLength != null ? "a non-blank string of at most " + maxLength + " characters" : "a string";
        case STRING_OR_INTEGER -> "a name or a number from 1";
        };
    }

    private String bounds() {
        String from = min == null ? null : (minExclusive ? " above " : " from ") + Parameters.plain(min);
        String to = max == null ? null : (maxExclusive ? " to under " : minExclusive ? " up to " : " to ") + Parameters.plain(max);
        if (from == null && to == null) {
            return "";
        }
        if (from == null) {
            return (maxExclusive ? " under " : " up to ") + Parameters.plain(max);
        }
        return from + (to == null ? "" : to);
    }
}
