package org.orrery.core.sequence.internal;

import java.util.List;
import java.util.Map;

/** How a problem message names what it found. */
final class Describe {

    private Describe() {
    }

    /** "nothing", "the string 'x'", "a list", … */
    static String kind(Object value) {
        if (value == null) {
            return "nothing (null or absent)";
        }
        if (value instanceof String text) {
            return "the string '" + (text.length() > 60 ? text.substring(0, 60) + "…" : text) + "'";
        }
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "a list";
        }
        if (value instanceof Boolean || value instanceof Number) {
            return String.valueOf(value);
        }
        return "a " + value.getClass().getSimpleName();
    }
}
