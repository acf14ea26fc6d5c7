package org.orrery.devices.indi.internal;

import java.math.BigDecimal;
import java.util.Map;

/** Formats what a client sends to an INDI server. */
final class IndiWriter {

    /** The protocol version Orrery speaks. */
    static final String VERSION = "1.7";

    private IndiWriter() {
    }

    static String getProperties(String device) {
        return device == null ? "<getProperties version=\"" + VERSION + "\"/>\n"
                : "<getProperties version=\"" + VERSION + "\" device=\"" + escape(device) + "\"/>\n";
    }

    /** {@code Never}, {@code Also} or {@code Only}; for all devices when device is null. */
    static String enableBlob(String device, String mode) {
        return (device == null ? "<enableBLOB>" : "<enableBLOB device=\"" + escape(device) + "\">") + mode
                + "</enableBLOB>\n";
    }

    /** A new*Vector with the given elements only (the changed ones are enough). */
    static String newVector(String device, String name, IndiKind kind, Map<String, String> values) {
        StringBuilder b = new StringBuilder(128);
        b.append("<new").append(kind.tag()).append("Vector device=\"").append(escape(device)).append("\" name=\"")
                .append(escape(name)).append("\">\n");
        for (Map.Entry<String, String> e : values.entrySet()) {
            b.append("  <one").append(kind.tag()).append(" name=\"").append(escape(e.getKey())).append("\">")
                    .append(escape(e.getValue())).append("</one").append(kind.tag()).append(">\n");
        }
        b.append("</new").append(kind.tag()).append("Vector>\n");
        return b.toString();
    }

    /** A number as INDI reads it: plain decimal, no exponent. */
    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    static String escape(String text) {
        StringBuilder b = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String rep = switch (c) {
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '&' -> "&amp;";
                case '"' -> "&quot;";
                case '\'' -> "&apos;";
                default -> null;
            };
            if (rep != null && b == null) {
                b = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (b != null) {
                if (rep != null) {
                    b.append(rep);
                } else {
                    b.append(c);
                }
            }
        }
        return b == null ? text : b.toString();
    }
}
