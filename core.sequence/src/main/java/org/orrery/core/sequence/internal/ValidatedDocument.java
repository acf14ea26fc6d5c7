package org.orrery.core.sequence.internal;

import java.util.Map;

/**
 * A document that passed validation.
 *
 * @param document the document as written, with every step's {@code id} filled in
 * @param plan the same with every plugin step replaced by its expansion (ids filled in): only core step types
 */
public record ValidatedDocument(Map<String, Object> document, Map<String, Object> plan) {

    public String name() {
        return (String) document.get("name");
    }

    /** The description, or null. */
    public String description() {
        return document.get("description") instanceof String text ? text : null;
    }

    /** The initial variables (empty when none were given). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> variables() {
        return document.get("variables") instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }
}
