package org.orrery.device;

import java.util.Locale;

/** Whether a device can be used now. */
public enum ConnectionState {
    /** Not connected (yet, or on purpose). */
    DISCONNECTED,
    /** Connecting or reconnecting. */
    CONNECTING,
    /** Connected and usable. */
    CONNECTED,
    /** Lost or failed; {@link Device#statusMessage()} says why. */
    ERROR;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
