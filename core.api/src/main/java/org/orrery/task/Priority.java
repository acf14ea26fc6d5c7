package org.orrery.task;

import java.util.Locale;

/** How urgent a task is: among ready tasks, a higher priority starts first. */
public enum Priority {
    LOW(1), NORMAL(2), HIGH(3), URGENT(4), CRITICAL(5);

    private final int value;

    Priority(int value) {
        this.value = value;
    }

    /** 1 (low) to 5 (critical). */
    public int value() {
        return value;
    }

    /** The lower-case name used in JSON, e.g. {@code "high"}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The priority of a value from 1 to 5. */
    public static Priority of(int value) {
        for (Priority p : values()) {
            if (p.value == value) {
                return p;
            }
        }
        throw new IllegalArgumentException("priority " + value + " is not between 1 (low) and 5 (critical)");
    }

    /** Parses a name in any case ("high") or a number ("3"). */
    public static Priority parse(String text) {
        String t = text == null ? "" : text.trim();
        for (Priority p : values()) {
            if (p.name().equalsIgnoreCase(t)) {
                return p;
            }
        }
        try {
            return of(Integer.parseInt(t));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("unknown priority '" + text + "': expected low, normal, high, urgent, critical or 1-5");
        }
    }
}
