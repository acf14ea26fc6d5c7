package org.orrery.core.sequence.internal.night;

import java.util.Locale;

/** How a {@code targets} container picks its next target; {@link #id()} is the document's {@code strategy}. */
public enum Strategy {
    /** The first target in document order that is not done: wait for it while it is not viable yet. */
    IN_ORDER,
    /** The viable target with the highest priority (document order breaks ties). */
    PRIORITY,
    /** In document order, but a target runs only once every target it depends on is done. */
    DEPENDENCIES,
    /** Score every viable target at each decision point and run the best (see {@link Weights}). */
    DISPATCH;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Strategy parse(String text) {
        for (Strategy s : values()) {
            if (s.id().equals(text)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown strategy '" + text
                + "': expected in_order, priority, dependencies or dispatch");
    }
}
