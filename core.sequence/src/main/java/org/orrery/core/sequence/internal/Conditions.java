package org.orrery.core.sequence.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.orrery.sequence.SequenceProblem;

/**
 * Conditions of the document language (seed 004's WorkflowCondition as data):
 * {@code {"field", "operator", "value"}} and the combinators {@code all}, {@code any}, {@code not}.
 * Pure functions; {@link #evaluate} expects a condition that {@link #validate} accepted.
 */
public final class Conditions {

    /** The operators, in the order the documentation lists them. */
    public static final List<String> OPERATORS = List.of("equals", "not_equals", "greater_than", "less_than",
            "greater_or_equal", "less_or_equal", "contains", "exists");

    private static final Set<String> COMPARISON_KEYS = Set.of("field", "operator", "value");

    private Conditions() {
    }

    /** Every structural problem of a condition written at {@code pointer} (paths are not looked up here). */
    public static List<SequenceProblem> validate(Object condition, String pointer) {
        List<SequenceProblem> problems = new ArrayList<>();
        check(condition, pointer, problems);
        return problems;
    }

    private static void check(Object condition, String pointer, List<SequenceProblem> problems) {
        if (!(condition instanceof Map<?, ?> map)) {
            problems.add(problem(pointer, "expected a condition (an object with 'field' and 'operator', or 'all', 'any'"
                    + " or 'not'), found " + Describe.kind(condition)));
            return;
        }
        String combinator = combinator(map);
        if (combinator == null) {
            checkComparison(map, pointer, problems);
            return;
        }
        if (map.size() != 1) {
            problems.add(problem(pointer, "a '" + combinator + "' condition has no other fields; found "
                    + map.keySet()));
            return;
        }
        Object inner = map.get(combinator);
        String innerPointer = Pointers.child(pointer, combinator);
        if (combinator.equals("not")) {
            check(inner, innerPointer, problems);
        } else if (inner instanceof List<?> list && !list.isEmpty()) {
            for (int i = 0; i < list.size(); i++) {
                check(list.get(i), Pointers.child(innerPointer, i), problems);
            }
        } else {
            problems.add(problem(innerPointer, "expected a non-empty list of conditions under '" + combinator
                    + "', found " + Describe.kind(inner)));
        }
    }

    private static void checkComparison(Map<?, ?> map, String pointer, List<SequenceProblem> problems) {
        for (Object key : map.keySet()) {
            if (!COMPARISON_KEYS.contains(key)) {
                problems.add(problem(Pointers.child(pointer, key), "unknown field '" + key
                        + "' in a condition; expected 'field', 'operator', 'value', or one of 'all', 'any', 'not'"));
            }
        }
        Object field = map.get("field");
        if (!(field instanceof String text)) {
            problems.add(problem(field == null ? pointer : Pointers.child(pointer, "field"),
                    "expected 'field': a field path such as 'variables.count', found " + Describe.kind(field)));
        } else {
            try {
                FieldPath.parse(text);
            } catch (IllegalArgumentException e) {
                problems.add(problem(Pointers.child(pointer, "field"), e.getMessage()));
            }
        }
        Object operator = map.get("operator");
        if (!(operator instanceof String op) || !OPERATORS.contains(op)) {
            problems.add(problem(operator == null ? pointer : Pointers.child(pointer, "operator"),
                    "expected 'operator': one of " + OPERATORS + ", found " + Describe.kind(operator)));
            return;
        }
        if (op.equals("exists")) {
            if (map.containsKey("value") && !(map.get("value") instanceof Boolean)) {
                problems.add(problem(Pointers.child(pointer, "value"), "the operator 'exists' takes a 'value' of"
                        + " true or false, found " + Describe.kind(map.get("value"))));
            }
        } else if (!map.containsKey("value")) {
            problems.add(problem(pointer, "the operator '" + op + "' needs a 'value'"));
        }
    }

    private static String combinator(Map<?, ?> map) {
        for (String name : List.of("all", "any", "not")) {
            if (map.containsKey(name)) {
                return name;
            }
        }
        return null;
    }

    /** The field paths a (valid) condition reads, with the pointers of their {@code field}s. */
    public static List<PathReference> references(Object condition, String pointer) {
        List<PathReference> references = new ArrayList<>();
        collect(condition, pointer, references);
        return references;
    }

    private static void collect(Object condition, String pointer, List<PathReference> references) {
        if (!(condition instanceof Map<?, ?> map)) {
            return;
        }
        String combinator = combinator(map);
        if (combinator == null) {
            if (map.get("field") instanceof String text) {
                try {
                    references.add(new PathReference(Pointers.child(pointer, "field"), FieldPath.parse(text)));
                } catch (IllegalArgumentException e) {
                    // validate() reports it
                }
            }
            return;
        }
        Object inner = map.get(combinator);
        String innerPointer = Pointers.child(pointer, combinator);
        if (combinator.equals("not")) {
            collect(inner, innerPointer, references);
        } else if (inner instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                collect(list.get(i), Pointers.child(innerPointer, i), references);
            }
        }
    }

    /**
     * Whether the condition holds in the scope.
     *
     * @throws IllegalArgumentException the condition is not valid
     */
    public static boolean evaluate(Object condition, Scope scope) {
        if (!(condition instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("expected a condition object, found " + Describe.kind(condition));
        }
        if (map.containsKey("not")) {
            return !evaluate(map.get("not"), scope);
        }
        if (map.get("all") instanceof List<?> all) {
            for (Object c : all) {
                if (!evaluate(c, scope)) {
                    return false;
                }
            }
            return true;
        }
        if (map.get("any") instanceof List<?> any) {
            for (Object c : any) {
                if (evaluate(c, scope)) {
                    return true;
                }
            }
            return false;
        }
        Object actual = FieldPath.parse(String.valueOf(map.get("field"))).resolve(scope);
        return compare(String.valueOf(map.get("operator")), actual, map.containsKey("value"), map.get("value"));
    }

    /** One comparison; {@code actual} may be {@link Scope#MISSING}. */
    static boolean compare(String operator, Object actual, boolean hasValue, Object expected) {
        boolean missing = actual == Scope.MISSING;
        switch (operator) {
            case "exists":
                return !missing == (!hasValue || Boolean.TRUE.equals(expected));
            case "equals":
                return !missing && Values.same(actual, expected);
            case "not_equals":
                return missing || !Values.same(actual, expected);
            case "contains":
                return !missing && contains(actual, expected);
            default:
                break;
        }
        Integer order = missing ? null : Values.compare(actual, expected);
        if (order == null) {
            return false;
        }
        switch (operator) {
            case "greater_than":
                return order > 0;
            case "less_than":
                return order < 0;
            case "greater_or_equal":
                return order >= 0;
            case "less_or_equal":
                return order <= 0;
            default:
                throw new IllegalArgumentException("unknown operator '" + operator + "'; expected one of " + OPERATORS);
        }
    }

    private static boolean contains(Object actual, Object expected) {
        if (actual instanceof String text) {
            return expected instanceof String part && text.contains(part);
        }
        if (actual instanceof List<?> list) {
            return list.stream().anyMatch(element -> Values.same(element, expected));
        }
        if (actual instanceof Map<?, ?> map) {
            return expected instanceof String key && map.containsKey(key);
        }
        return false;
    }

    private static SequenceProblem problem(String pointer, String message) {
        return new SequenceProblem(pointer, 0, 0, message);
    }
}
