package org.orrery.devices.indi.internal;

/**
 * One element of a property vector, its value trimmed. Numbers keep their limits (NaN when not sent).
 */
record IndiElement(String name, String label, String value, double min, double max, double step, String format) {

    static IndiElement of(String name, String value) {
        return new IndiElement(name, name, value, Double.NaN, Double.NaN, Double.NaN, null);
    }

    /** The value as a number (INDI numbers may be sexagesimal, e.g. {@code 5:35:24}); NaN when it is none. */
    double number() {
        return parseNumber(value);
    }

    boolean on() {
        return "On".equals(value);
    }

    /** This element with a new value and the limits of {@code update} where it has them. */
    IndiElement updatedBy(IndiElement update) {
        return new IndiElement(name, label, update.value == null ? value : update.value,
                Double.isNaN(update.min) ? min : update.min, Double.isNaN(update.max) ? max : update.max,
                Double.isNaN(update.step) ? step : update.step, format);
    }

    static double parseNumber(String text) {
        if (text == null || text.isBlank()) {
            return Double.NaN;
        }
        String t = text.trim();
        try {
            if (t.indexOf(':') < 0 && t.indexOf(' ') < 0) {
                return Double.parseDouble(t);
            }
            String[] parts = t.split("[: ]+");
            boolean negative = parts[0].startsWith("-");
            double result = 0;
            double scale = 1;
            for (String part : parts) {
                result += Math.abs(Double.parseDouble(part)) / scale;
                scale *= 60;
            }
            return negative ? -result : result;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
