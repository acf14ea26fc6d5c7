package org.orrery.devices.indi.internal;

/** The five kinds of INDI property vector; {@link #tag()} is the part between def/set/new and Vector. */
enum IndiKind {
    TEXT("Text"), NUMBER("Number"), SWITCH("Switch"), LIGHT("Light"), BLOB("BLOB");

    private final String tag;

    IndiKind(String tag) {
        this.tag = tag;
    }

    String tag() {
        return tag;
    }

    /** The kind of an element name such as {@code defNumberVector} or {@code oneSwitch}, or null. */
    static IndiKind ofTag(String elementName, String prefix, String suffix) {
        if (!elementName.startsWith(prefix) || !elementName.endsWith(suffix)) {
            return null;
        }
        String middle = elementName.substring(prefix.length(), elementName.length() - suffix.length());
        for (IndiKind kind : values()) {
            if (kind.tag.equals(middle)) {
                return kind;
            }
        }
        return null;
    }
}
