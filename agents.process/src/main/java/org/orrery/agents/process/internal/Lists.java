package org.orrery.agents.process.internal;

import java.util.ArrayList;
import java.util.List;

/** Configuration lists: several values, or one value with comma-separated entries (a .cfg file). */
final class Lists {

    private Lists() {
    }

    static List<String> split(String[] values) {
        List<String> entries = new ArrayList<>();
        for (String value : values == null ? new String[0] : values) {
            for (String entry : value == null ? new String[0] : value.split(",")) {
                if (!entry.isBlank()) {
                    entries.add(entry.trim());
                }
            }
        }
        return entries;
    }
}
