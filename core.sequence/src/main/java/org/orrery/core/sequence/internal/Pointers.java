package org.orrery.core.sequence.internal;

/** JSON pointers (RFC 6901) as the problems of a document name them. */
public final class Pointers {

    private Pointers() {
    }

    /** The pointer of a member or element of the node at {@code parent}. */
    public static String child(String parent, Object key) {
        return parent + "/" + String.valueOf(key).replace("~", "~0").replace("/", "~1");
    }
}
