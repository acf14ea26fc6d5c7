package org.orrery.astro.sky.internal;

import java.util.Map;

/** Reading configuration properties whatever their type (Config Admin, a {@code .cfg} file, the console). */
final class Settings {

    private Settings() {
    }

    /** The property as trimmed text, or {@code fallback} when it is absent or blank. */
    static String text(Map<String, ?> properties, String name, String fallback) {
        Object value = properties.get(name);
        String text = value == null ? "" : String.valueOf(value).trim();
        return text.isEmpty() ? fallback : text;
    }

    /** The property as a finite number, or {@code fallback} when it is absent or blank. */
    static double number(Map<String, ?> properties, String name, double fallback, String expected) {
        Object value = properties.get(name);
        if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
            return n.doubleValue();
        }
        String text = value == null ? "" : String.valueOf(value).trim();
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            double d = Double.parseDouble(text);
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(name, expected, value);
    }

    static IllegalArgumentException invalid(String name, String expected, Object found) {
        return new IllegalArgumentException("'" + name + "' must be " + expected + ", was '" + found + "'");
    }
}
