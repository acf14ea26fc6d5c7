package org.orrery.core.sequence.internal;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A field path of the document language: {@code variables.<name>[.<key>|.<index>]…}, a bare
 * {@code <name>…} (the same), {@code steps.<id>.result…}, {@code steps.<id>.state},
 * {@code steps.<id>.iteration}, {@code sequence.id} and {@code sequence.name}. Immutable.
 *
 * @param kind what the path starts from
 * @param name the variable's name or the step's id (empty for {@code sequence.*})
 * @param keys the keys and indices into the value, after the name (or after {@code result})
 * @param text the path as written
 */
public record FieldPath(Kind kind, String name, List<String> keys, String text) {

    /** What a path starts from. */
    public enum Kind {
        VARIABLE, STEP_RESULT, STEP_STATE, STEP_ITERATION, SEQUENCE_ID, SEQUENCE_NAME,
        /** {@code sky.*}, {@code target.*}, {@code safety.*}: when the scope has no value, the variable of that name. */
        NIGHT
    }

    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern STEP_ID = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,47}");
    private static final Pattern INDEX = Pattern.compile("0|[1-9][0-9]{0,8}");

    public FieldPath {
        keys = List.copyOf(keys);
    }

    /**
     * Reads a path.
     *
     * @throws IllegalArgumentException it is no path; the message says what was expected
     */
    public static FieldPath parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("expected a field path such as 'variables.count', found an empty text");
        }
        String[] parts = text.split("\\.", -1);
        for (String part : parts) {
            if (part.isEmpty() || part.isBlank()) {
                throw new IllegalArgumentException("the field path '" + text + "' has an empty part");
            }
        }
        List<String> rest = List.of(parts);
        switch (parts[0]) {
            case "variables":
                if (parts.length < 2) {
                    throw new IllegalArgumentException("the field path '" + text + "' names no variable after 'variables'");
                }
                return variable(text, rest.subList(1, rest.size()));
            case "steps":
                return step(text, rest);
            case "sequence":
                if (parts.length == 2 && parts[1].equals("id")) {
                    return new FieldPath(Kind.SEQUENCE_ID, "", List.of(), text);
                }
                if (parts.length == 2 && parts[1].equals("name")) {
                    return new FieldPath(Kind.SEQUENCE_NAME, "", List.of(), text);
                }
                throw new IllegalArgumentException("expected 'sequence.id' or 'sequence.name', found '" + text + "'");
            default:
                if (NightFields.NAMES.contains(text)) {
                    return new FieldPath(Kind.NIGHT, parts[0], rest.subList(1, rest.size()), text);
                }
                return variable(text, rest);
        }
    }

    private static FieldPath variable(String text, List<String> parts) {
        if (!VARIABLE.matcher(parts.get(0)).matches()) {
            throw new IllegalArgumentException("the field path '" + text + "' names the variable '" + parts.get(0)
                    + "'; a variable's name is a letter or '_' followed by letters, digits or '_'");
        }
        return new FieldPath(Kind.VARIABLE, parts.get(0), parts.subList(1, parts.size()), text);
    }

    private static FieldPath step(String text, List<String> parts) {
        if (parts.size() < 3) {
            throw new IllegalArgumentException("expected 'steps.<id>.result', 'steps.<id>.state' or"
                    + " 'steps.<id>.iteration', found '" + text + "'");
        }
        String id = parts.get(1);
        if (!STEP_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("the field path '" + text + "' names the step '" + id
                    + "', which is no step id (a letter, then up to 47 letters, digits, '_' or '-')");
        }
        String field = parts.get(2);
        if (field.equals("result")) {
            return new FieldPath(Kind.STEP_RESULT, id, parts.subList(3, parts.size()), text);
        }
        if (parts.size() == 3 && field.equals("state")) {
            return new FieldPath(Kind.STEP_STATE, id, List.of(), text);
        }
        if (parts.size() == 3 && field.equals("iteration")) {
            return new FieldPath(Kind.STEP_ITERATION, id, List.of(), text);
        }
        throw new IllegalArgumentException("expected 'steps." + id + ".result…', 'steps." + id + ".state' or 'steps."
                + id + ".iteration', found '" + text + "'");
    }

    /** Whether it names a step ({@code steps.<id>…}). */
    public boolean isStep() {
        return kind == Kind.STEP_RESULT || kind == Kind.STEP_STATE || kind == Kind.STEP_ITERATION;
    }

    /** Its value in the scope, or {@link Scope#MISSING}. */
    public Object resolve(Scope scope) {
        switch (kind) {
            case VARIABLE:
                return walk(scope.variable(name), keys);
            case STEP_RESULT:
                return walk(scope.stepResult(name), keys);
            case STEP_STATE:
                return orMissing(scope.stepState(name));
            case STEP_ITERATION:
                return orMissing(scope.iteration(name));
            case SEQUENCE_ID:
                return orMissing(scope.sequenceId());
            case NIGHT: {
                Object value = scope.night(text);
                return value != Scope.MISSING ? value : walk(scope.variable(name), keys);
            }
            default:
                return orMissing(scope.sequenceName());
        }
    }

    private static Object orMissing(Object value) {
        return value == null ? Scope.MISSING : value;
    }

    /** The value at {@code keys} inside {@code value}: a map's key, a list's index; {@link Scope#MISSING} otherwise. */
    public static Object walk(Object value, List<String> keys) {
        Object current = value;
        for (String key : keys) {
            if (current instanceof Map<?, ?> map) {
                if (!map.containsKey(key)) {
                    return Scope.MISSING;
                }
                current = map.get(key);
            } else if (current instanceof List<?> list && INDEX.matcher(key).matches()
                    && Integer.parseInt(key) < list.size()) {
                current = list.get(Integer.parseInt(key));
            } else {
                return Scope.MISSING;
            }
        }
        return current;
    }

    /**
     * The value at a dotted path inside a value, as a task step's {@code outputs} name it
     * ({@code files.0}); an empty path is the value itself.
     */
    public static Object walk(Object value, String dotted) {
        return dotted.isEmpty() ? value : walk(value, List.of(dotted.split("\\.", -1)));
    }

    @Override
    public String toString() {
        return text;
    }
}
