package org.orrery.task;

import java.util.Locale;

/** How bad an error is (seed 000's task exception severity). */
public enum Severity {
    LOW, MEDIUM, HIGH, CRITICAL;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
