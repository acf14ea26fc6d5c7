package org.orrery.devices.indi.internal;

import java.util.List;

/** What an INDI server sends, one record per top-level element. */
sealed interface IndiEvent {

    /** {@code def*Vector}: a property appeared (or was defined again). */
    record Define(IndiVector vector) implements IndiEvent {
    }

    /** {@code set*Vector} other than BLOB: new state and values of the elements it names (seq unset). */
    record Update(IndiVector vector) implements IndiEvent {
    }

    /** {@code delProperty}: one property, or with a null name the whole device, is gone. */
    record Delete(String device, String name, String message) implements IndiEvent {
    }

    /** {@code message}, or the message attribute of a def/set/del (device may be null: server-wide). */
    record Message(String device, String timestamp, String text) implements IndiEvent {
    }

    /** {@code setBLOBVector}, the BLOBs already base64-decoded (still compressed when the format ends with .z). */
    record Blob(String device, String name, IndiState state, String message, List<BlobData> blobs)
            implements IndiEvent {
    }

    /**
     * One BLOB element.
     *
     * @param size the uncompressed size the server announced
     */
    record BlobData(String name, String format, long size, byte[] data) {
    }
}
