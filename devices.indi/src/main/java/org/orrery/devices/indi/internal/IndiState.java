package org.orrery.devices.indi.internal;

/** The state of an INDI property vector. */
enum IndiState {
    IDLE, OK, BUSY, ALERT;

    static IndiState parse(String text) {
        if (text == null) {
            return null;
        }
        switch (text.trim()) {
            case "Idle": return IDLE;
            case "Ok": return OK;
            case "Busy": return BUSY;
            case "Alert": return ALERT;
            default: return null;
        }
    }

    /** As INDI spells it: Idle, Ok, Busy, Alert. */
    String text() {
        return switch (this) {
            case IDLE -> "Idle";
            case OK -> "Ok";
            case BUSY -> "Busy";
            case ALERT -> "Alert";
        };
    }
}
