package org.orrery.runtime.launcher;

/** A reason the runtime cannot start, worded for the person who started it. */
final class LaunchException extends Exception {

    private static final long serialVersionUID = 1L;

    LaunchException(String message) {
        super(message);
    }

    LaunchException(String message, Throwable cause) {
        super(message, cause);
    }
}
