package org.orrery.core.sequence.internal;

/**
 * What the runner needs of the document language: macros, conditions and paths into results.
 * Each method throws an {@link IllegalArgumentException} (or another runtime exception) saying
 * what did not resolve; the runner fails the step with that message.
 */
interface Language {

    /** The value with every {@code ${…}} in its strings expanded against the scope. */
    Object expand(Object value, RunScope scope);

    /** Whether a condition holds. */
    boolean test(Object condition, RunScope scope);

    /** The value at a path ({@code files.0}) in a task result, or {@link RunScope#MISSING}. */
    Object select(Object result, String path);
}
