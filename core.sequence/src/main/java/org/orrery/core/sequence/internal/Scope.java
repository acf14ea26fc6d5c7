package org.orrery.core.sequence.internal;

/**
 * What a {@link FieldPath} resolves against at run time: the sequence's variables, its steps'
 * results, states and loop iterations. An implementation answers {@link #MISSING} (or null for
 * the state, iteration and sequence fields) for what does not exist.
 */
public interface Scope {

    /** The answer for a name that does not resolve; distinct from {@code null}, which is a JSON value. */
    Object MISSING = new Object() {
        @Override
        public String toString() {
            return "MISSING";
        }
    };

    /** A variable's value, or {@link #MISSING}. */
    Object variable(String name);

    /** A step's result, or {@link #MISSING} when the step has none (yet). */
    Object stepResult(String id);

    /** A step's state id ({@code completed}, …), or null for no such step. */
    String stepState(String id);

    /** A loop's current iteration (1-based), or null when the step is no loop or has not begun. */
    Integer iteration(String id);

    /** The sequence's id, or null. */
    default String sequenceId() {
        return null;
    }

    /** A {@code sky.*}, {@code target.*} or {@code safety.*} field, or {@link #MISSING}. */
    default Object night(String field) {
        return MISSING;
    }

    /** The sequence's name, or null. */
    default String sequenceName() {
        return null;
    }
}
