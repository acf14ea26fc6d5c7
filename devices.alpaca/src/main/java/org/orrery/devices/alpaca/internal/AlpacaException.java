package org.orrery.devices.alpaca.internal;

import java.util.Locale;

import org.orrery.device.DeviceException;

/**
 * A failed Alpaca call. {@link #kind()} says which layer failed: the ASCOM device (HTTP 200 with a
 * non-zero {@code ErrorNumber}), the Alpaca protocol (HTTP 400, 500, a reply that cannot be
 * read) or the network (refused, timed out). {@link #errorNumber()} is the ASCOM error number, 0
 * when the failure is not an ASCOM error.
 */
public final class AlpacaException extends DeviceException {

    private static final long serialVersionUID = 1L;

    /** ASCOM reserved error numbers (Alpaca API reference, "ASCOM Reserved Error Numbers"). */
    public static final int NOT_IMPLEMENTED = 0x400;
    public static final int INVALID_VALUE = 0x401;
    public static final int VALUE_NOT_SET = 0x402;
    public static final int NOT_CONNECTED = 0x407;
    public static final int INVALID_WHILE_PARKED = 0x408;
    public static final int INVALID_WHILE_SLAVED = 0x409;
    public static final int INVALID_OPERATION = 0x40B;
    public static final int ACTION_NOT_IMPLEMENTED = 0x40C;

    /** Which layer failed. */
    public enum Kind {
        /** The device answered with an ASCOM error number (HTTP 200). */
        DEVICE,
        /** HTTP 400: the server did not understand the request. */
        BAD_REQUEST,
        /** HTTP 500 or another unexpected status: the server failed. */
        SERVER_FAULT,
        /** The reply could not be read as Alpaca. */
        PROTOCOL,
        /** The server could not be reached or did not answer in time. */
        UNREACHABLE
    }

    private final Kind kind;
    private final int errorNumber;

    public AlpacaException(String deviceId, Kind kind, int errorNumber, String message, Throwable cause) {
        super(deviceId, message, cause);
        this.kind = kind;
        this.errorNumber = errorNumber;
    }

    public AlpacaException(String deviceId, Kind kind, int errorNumber, String message) {
        this(deviceId, kind, errorNumber, message, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The ASCOM error number (0x400 to 0xFFF), or 0 when this is not an ASCOM device error. */
    public int errorNumber() {
        return errorNumber;
    }

    /** True when the device said the member is not implemented (0x400). */
    public boolean notImplemented() {
        return kind == Kind.DEVICE && errorNumber == NOT_IMPLEMENTED;
    }

    /** True when the failure says nothing about the device itself but about reaching it. */
    public boolean connectionProblem() {
        return kind == Kind.UNREACHABLE || kind == Kind.SERVER_FAULT || kind == Kind.PROTOCOL;
    }

    /** {@code 0x401 (invalid value)}: the number in hex and its ASCOM meaning. */
    public static String describe(int errorNumber) {
        String hex = "0x" + Integer.toHexString(errorNumber).toUpperCase(Locale.ROOT);
        String meaning = switch (errorNumber) {
            case NOT_IMPLEMENTED -> "not implemented";
            case INVALID_VALUE -> "invalid value";
            case VALUE_NOT_SET -> "value not set";
            case NOT_CONNECTED -> "not connected";
            case INVALID_WHILE_PARKED -> "invalid while parked";
            case INVALID_WHILE_SLAVED -> "invalid while slaved";
            case INVALID_OPERATION -> "invalid operation";
            case ACTION_NOT_IMPLEMENTED -> "action not implemented";
            default -> errorNumber >= 0x500 && errorNumber <= 0xFFF ? "driver error"
                    : errorNumber == 0 ? "no error number" : "unassigned error number";
        };
        return hex + " (" + meaning + ")";
    }
}
