package org.orrery.agents.codegen.internal;

import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.orrery.actions.params.Parameters;
import org.orrery.task.TaskParameterException;

/** Reading a task's parameters (Orrery's value model) with messages that name the parameter. */
final class Params {

    private Params() {
    }

    /** What a value is, for a message: {@code a string ("ten")}, {@code null}. */
    static String describe(Object value) {
        return Parameters.describe(value);
    }

    /** An optional string, or null when absent. */
    static String string(Map<String, Object> parameters, String name) throws TaskParameterException {
        Object value = parameters.get(name);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw new TaskParameterException(name + ": expected a string, found " + Parameters.describe(value));
    }

    /** A list of strings, from a list or a single string; empty when absent. */
    static List<String> strings(Map<String, Object> parameters, String name) throws TaskParameterException {
        Object value = parameters.get(name);
        if (value == null) {
            return List.of();
        }
        if (value instanceof String s) {
            return List.of(s);
        }
        if (value instanceof List<?> list) {
            List<String> strings = new ArrayList<>();
            for (Object item : list) {
                if (!(item instanceof String s)) {
                    throw new TaskParameterException(name + ": expected a list of strings, found " + Parameters.describe(item) + " in it");
                }
                strings.add(s);
            }
            return strings;
        }
        throw new TaskParameterException(name + ": expected a string or a list of strings, found " + Parameters.describe(value));
    }

    static List<PathMatcher> globs(Map<String, Object> parameters, String name) throws TaskParameterException {
        List<PathMatcher> matchers = new ArrayList<>();
        for (String pattern : strings(parameters, name)) {
            matchers.add(SourceTree.glob(pattern, name));
        }
        return matchers;
    }

    static int positiveInt(Map<String, Object> parameters, String name, int fallback) throws TaskParameterException {
        Object value = parameters.get(name);
        if (value == null) {
            return fallback;
        }
        Long n = Parameters.wholeNumber(value);
        if (n != null && n >= 1 && n <= Integer.MAX_VALUE) {
            return n.intValue();
        }
        throw new TaskParameterException(name + ": expected a whole number of at least 1, found " + Parameters.describe(value));
    }
}
