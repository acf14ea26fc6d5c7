package org.orrery.web.api.internal;

/** Checks again whether a client of the event stream may still receive events (its credential is still valid). */
@FunctionalInterface
interface StreamCredential {
    /** Null while the client may go on; else why not (e.g. "the token was revoked"). */
    String invalid();

    /** A credential that never expires. */
    StreamCredential FOREVER = () -> null;
}
