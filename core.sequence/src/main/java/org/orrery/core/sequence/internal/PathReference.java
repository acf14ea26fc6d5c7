package org.orrery.core.sequence.internal;

/**
 * A field path used somewhere in a document.
 *
 * @param pointer where it is written (a condition's {@code field}, a string holding a macro)
 * @param path the path
 */
public record PathReference(String pointer, FieldPath path) {
}
