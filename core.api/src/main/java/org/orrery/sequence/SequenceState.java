package org.orrery.sequence;

import java.util.Locale;

/** Where a sequence is in its life. JSON spells them lower case. */
public enum SequenceState {
    /** Accepted and stored, not started. */
    CREATED,
    /** Its steps run (the end area too, after a stop, a skip to end or an abort). */
    RUNNING,
    /** A deferred pause was asked: nothing new starts; the running steps finish. */
    PAUSING,
    /** Held: nothing runs until resumed. */
    PAUSED,
    /** Every area ran to its end (a skip to end included). */
    COMPLETED,
    /** A step failed under the {@code abort} policy (or nothing could go on); the end area ran. */
    FAILED,
    /** Stopped by a user; the end area ran. */
    STOPPED,
    /** Halted by a user: an emergency stop, the end area did not run. */
    HALTED;

    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == STOPPED || this == HALTED;
    }

    /** e.g. {@code running}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code running} or {@code RUNNING}; refuses anything else with the list of states. */
    public static SequenceState parse(String text) {
        for (SequenceState s : values()) {
            if (s.name().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown sequence state '" + text + "'; expected one of created, running,"
                + " pausing, paused, completed, failed, stopped, halted");
    }
}
