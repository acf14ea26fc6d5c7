package org.orrery.core.sequence.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.orrery.sequence.SequenceProblem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code ${path}} macros in the string values of a document (seed 000's). A string that is exactly
 * one macro takes the value with its type; inside longer text the value is written as text.
 * {@code $${} is a literal {@code ${}. Pure functions: values are never changed in place.
 */
public final class Macros {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Predicate<FieldPath> ALL = path -> true;

    /** One part of a string: literal text, or a macro's path text. */
    private record Part(String text, boolean macro) {
    }

    private Macros() {
    }

    /**
     * Every macro in the string values inside {@code value} (map keys are not read), with the
     * pointer of its string, relative to {@code pointer}. Macros that are not well written are
     * left out: {@link #problems} reports them.
     */
    public static List<PathReference> references(Object value, String pointer) {
        List<PathReference> references = new ArrayList<>();
        walk(value, pointer, (text, at) -> {
            for (Part part : partsOrEmpty(text)) {
                if (part.macro()) {
                    try {
                        references.add(new PathReference(at, FieldPath.parse(part.text())));
                    } catch (IllegalArgumentException e) {
                        // problems() reports it
                    }
                }
            }
        });
        return references;
    }

    /** Macros that are not well written ({@code ${} without its {@code }}, a bad path) inside {@code value}. */
    public static List<SequenceProblem> problems(Object value, String pointer) {
        List<SequenceProblem> problems = new ArrayList<>();
        walk(value, pointer, (text, at) -> {
            try {
                for (Part part : parts(text, at)) {
                    if (part.macro()) {
                        try {
                            FieldPath.parse(part.text());
                        } catch (IllegalArgumentException e) {
                            problems.add(new SequenceProblem(at, 0, 0, "in ${" + part.text() + "}: " + e.getMessage()));
                        }
                    }
                }
            } catch (MacroException e) {
                problems.addAll(e.problems());
            }
        });
        return problems;
    }

    /** Whether a string holds a macro. */
    public static boolean hasMacro(String text) {
        return partsOrEmpty(text).stream().anyMatch(Part::macro);
    }

    /** The path of a string that is exactly one macro ({@code "${count}"}), or null. */
    public static FieldPath whole(String text) {
        List<Part> parts = partsOrEmpty(text);
        if (parts.size() != 1 || !parts.get(0).macro()) {
            return null;
        }
        try {
            return FieldPath.parse(parts.get(0).text());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * {@code value} with every macro in its strings replaced by its value in the scope.
     *
     * @throws MacroException a macro does not resolve, or is not well written
     */
    public static Object expand(Object value, Scope scope) throws MacroException {
        return expand(value, scope, ALL, "");
    }

    /**
     * A step as it starts: its own fields expanded, its child steps ({@code steps}, {@code then},
     * {@code else}) kept as written — each is expanded when it starts.
     *
     * @param pointer the step's pointer, for the problem of a macro that does not resolve
     * @throws MacroException a macro does not resolve, or is not well written
     */
    public static Map<String, Object> expandStep(Map<String, Object> step, Scope scope, String pointer)
            throws MacroException {
        List<String> children = Steps.childKeys(step.get("type"));
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> field : step.entrySet()) {
            String key = field.getKey();
            out.put(key, children.contains(key) ? field.getValue()
                    : expand(field.getValue(), scope, ALL, Pointers.child(pointer, key)));
        }
        return out;
    }

    /**
     * {@code value} with the macros whose path {@code which} accepts replaced; the others (and
     * {@code $${}) stay as written, and text put in place of a macro is escaped, so the result
     * can be expanded again later (templates use this for their parameters).
     */
    public static Object expand(Object value, Scope scope, Predicate<FieldPath> which, String pointer)
            throws MacroException {
        boolean partial = which != ALL;
        if (value instanceof String text) {
            return expandString(text, scope, which, pointer, partial);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = String.valueOf(entry.getKey());
                copy.put(key, expand(entry.getValue(), scope, which, Pointers.child(pointer, key)));
            }
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                copy.add(expand(list.get(i), scope, which, Pointers.child(pointer, i)));
            }
            return copy;
        }
        return value;
    }

    private static Object expandString(String text, Scope scope, Predicate<FieldPath> which, String pointer,
            boolean partial) throws MacroException {
        if (!text.contains("${")) {
            return text;
        }
        List<Part> parts = parts(text, pointer);
        if (parts.size() == 1 && parts.get(0).macro()) {
            FieldPath path = path(parts.get(0).text(), pointer);
            if (which.test(path)) {
                Object resolved = resolve(path, scope, pointer);
                return partial ? escape(resolved) : resolved;
            }
        }
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            if (!part.macro()) {
                out.append(partial ? part.text().replace("${", "$${") : part.text());
                continue;
            }
            FieldPath path = path(part.text(), pointer);
            if (!which.test(path)) {
                out.append("${").append(part.text()).append('}');
                continue;
            }
            String written = text(resolve(path, scope, pointer));
            out.append(partial ? written.replace("${", "$${") : written);
        }
        return out.toString();
    }

    /** A value with {@code ${} in its strings written as {@code $${}, so that no later expansion reads it. */
    public static Object escape(Object value) {
        if (value instanceof String text) {
            return text.replace("${", "$${");
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), escape(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(Macros::escape).toList();
        }
        return value;
    }

    private static FieldPath path(String text, String pointer) throws MacroException {
        try {
            return FieldPath.parse(text);
        } catch (IllegalArgumentException e) {
            throw new MacroException(pointer, "in ${" + text + "}: " + e.getMessage());
        }
    }

    private static Object resolve(FieldPath path, Scope scope, String pointer) throws MacroException {
        Object value = path.resolve(scope);
        if (value == Scope.MISSING) {
            throw new MacroException(pointer, "undefined ${" + path.text() + "}: no such value");
        }
        return value;
    }

    /** How a value is written inside longer text: numbers plainly, strings as they are, the rest as JSON. */
    static String text(Object value) {
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value == null || value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }

    private static List<Part> partsOrEmpty(String text) {
        try {
            return parts(text, "");
        } catch (MacroException e) {
            return List.of();
        }
    }

    /** Splits a string into literal text (with {@code $${} read as {@code ${}) and macros. */
    private static List<Part> parts(String text, String pointer) throws MacroException {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                literal.append("${");
                i += 3;
            } else if (text.startsWith("${", i)) {
                int end = text.indexOf('}', i + 2);
                if (end < 0) {
                    throw new MacroException(pointer, "a '${' without its closing '}' in '" + text
                            + "' (write '$${' for a literal '${')");
                }
                if (literal.length() > 0) {
                    parts.add(new Part(literal.toString(), false));
                    literal.setLength(0);
                }
                parts.add(new Part(text.substring(i + 2, end), true));
                i = end + 1;
            } else {
                literal.append(text.charAt(i));
                i++;
            }
        }
        if (literal.length() > 0) {
            parts.add(new Part(literal.toString(), false));
        }
        return parts;
    }

    /** Calls {@code visitor} with every string inside {@code value} and its pointer. */
    private static void walk(Object value, String pointer, StringVisitor visitor) {
        if (value instanceof String text) {
            if (text.contains("${")) {
                visitor.visit(text, pointer);
            }
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, Pointers.child(pointer, k), visitor));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), Pointers.child(pointer, i), visitor);
            }
        }
    }

    private interface StringVisitor {
        void visit(String text, String pointer);
    }
}
