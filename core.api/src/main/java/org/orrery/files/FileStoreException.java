package org.orrery.files;

/** A file operation that cannot be done; {@link #reason()} says why, so callers answer rightly. */
public class FileStoreException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why. */
    public enum Reason {
        /** The path is not one the store accepts (400). */
        BAD_PATH,
        /** No file at the path (404). */
        NOT_FOUND,
        /** A file is at the path and the write may not replace it (409). */
        EXISTS,
        /** Encryption asked for with no key, or the file's key is not known (a configuration problem). */
        NO_KEY,
        /** The file's content failed authentication: changed, or a wrong key (never returned). */
        TAMPERED,
        /** The disk said no. */
        IO
    }

    private final Reason reason;

    public FileStoreException(Reason reason, String message) {
        this(reason, message, null);
    }

    public FileStoreException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
