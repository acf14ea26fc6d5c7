package org.orrery.agent;

import java.util.Locale;

/** Where an agent stands. */
public enum AgentState {
    /** It takes tasks and has a free slot. */
    ONLINE,
    /** It runs as many tasks as it may (its concurrency limit). */
    BUSY,
    /** It finishes what it runs and takes nothing new; removed when done ({@link Agents#remove}). */
    DRAINING,
    /** A remote agent not heard from within its lease time; it takes nothing until it is heard from again. */
    OFFLINE;

    /** e.g. {@code online}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
