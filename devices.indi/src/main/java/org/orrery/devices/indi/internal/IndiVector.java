package org.orrery.devices.indi.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An INDI property vector as last seen, immutable: a set replaces it with an updated copy.
 *
 * @param seq the client's event sequence number of the definition or update that produced it
 * @param lastAlert the last report of this vector in state Alert, or null: a driver may answer a
 *        command with Alert and at once with Ok and the old values (INDI 1.9.9's CCD simulator does so
 *        for a gain out of range), and a caller that wakes after both must still see the refusal
 */
record IndiVector(String device, String name, IndiKind kind, String label, String group, String perm, String rule,
        IndiState state, double timeout, String timestamp, String message, Map<String, IndiElement> elements,
        long seq, Alert lastAlert) {

    /** A report in state Alert: its sequence number and the message that came with it (may be null). */
    record Alert(long seq, String message) {
    }

    IndiVector {
        elements = Collections.unmodifiableMap(new LinkedHashMap<>(elements));
    }

    /** A vector as parsed, before the client numbers it. */
    IndiVector(String device, String name, IndiKind kind, String label, String group, String perm, String rule,
            IndiState state, double timeout, String timestamp, String message, Map<String, IndiElement> elements) {
        this(device, name, kind, label, group, perm, rule, state, timeout, timestamp, message, elements, 0, null);
    }

    /** Whether the vector was reported in state Alert after the given sequence number. */
    boolean alertedAfter(long afterSeq) {
        return lastAlert != null && lastAlert.seq() > afterSeq;
    }

    IndiElement element(String elementName) {
        return elements.get(elementName);
    }

    /** The element's value as a number, NaN when missing. */
    double number(String elementName) {
        IndiElement e = elements.get(elementName);
        return e == null ? Double.NaN : e.number();
    }

    boolean on(String elementName) {
        IndiElement e = elements.get(elementName);
        return e != null && e.on();
    }

    String text(String elementName) {
        IndiElement e = elements.get(elementName);
        return e == null ? null : e.value();
    }

    /** The name of the first switch that is On, or null. */
    String onSwitch() {
        for (IndiElement e : elements.values()) {
            if (e.on()) {
                return e.name();
            }
        }
        return null;
    }

    /** A copy updated by a set*Vector: state, timeout, timestamp, message and the elements it names. */
    IndiVector updatedBy(IndiVector update, long newSeq) {
        Map<String, IndiElement> merged = new LinkedHashMap<>(elements);
        for (IndiElement e : update.elements.values()) {
            IndiElement old = merged.get(e.name());
            merged.put(e.name(), old == null ? e : old.updatedBy(e));
        }
        return new IndiVector(device, name, kind, label, group, perm, rule,
                update.state == null ? state : update.state,
                Double.isNaN(update.timeout) ? timeout : update.timeout,
                update.timestamp == null ? timestamp : update.timestamp, update.message, merged, newSeq,
                update.state == IndiState.ALERT ? new Alert(newSeq, update.message) : lastAlert);
    }

    /** Elements as {@code NAME=value} pairs, for messages. */
    String describe() {
        StringBuilder b = new StringBuilder();
        for (IndiElement e : elements.values()) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(e.name()).append('=').append(e.value());
        }
        return b.toString();
    }

    IndiVector withSeq(long newSeq) {
        return new IndiVector(device, name, kind, label, group, perm, rule, state, timeout, timestamp, message,
                elements, newSeq, state == IndiState.ALERT ? new Alert(newSeq, message) : lastAlert);
    }
}
