package org.orrery.device;

/**
 * A device did not do what it was asked: refused, timed out, reported an error, or reached
 * something other than what was asked. The message says what was expected and what was seen.
 */
public class DeviceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String deviceId;

    public DeviceException(String deviceId, String message) {
        super(message);
        this.deviceId = deviceId;
    }

    public DeviceException(String deviceId, String message, Throwable cause) {
        super(message, cause);
        this.deviceId = deviceId;
    }

    /** The device concerned. */
    public String deviceId() {
        return deviceId;
    }
}
