package org.orrery.core.sequence.internal;

/**
 * What the runner needs of the document language ({@link Macros}, {@link Conditions},
 * {@link FieldPath}), with one kind of failure: a runtime exception whose message says what did
 * not resolve; the runner fails the step with it.
 */
final class Language {

    /** The value with every {@code ${…}} in its strings expanded against the scope. */
    Object expand(Object value, Scope scope) {
        try {
            return Macros.expand(value, scope);
        } catch (MacroException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Whether a condition holds. */
    boolean test(Object condition, Scope scope) {
        return Conditions.evaluate(condition, scope);
    }

    /** The value at a dotted path ({@code files.0}) in a task result, or {@link Scope#MISSING}. */
    Object select(Object result, String path) {
        return FieldPath.walk(result, path);
    }
}
