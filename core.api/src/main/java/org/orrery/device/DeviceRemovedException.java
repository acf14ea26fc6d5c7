package org.orrery.device;

/** The device went away (its bundle stopped, its configuration was deleted, its server vanished) while in use. */
public class DeviceRemovedException extends DeviceException {

    private static final long serialVersionUID = 1L;

    public DeviceRemovedException(String deviceId) {
        super(deviceId, "device removed: '" + deviceId + "' is no longer available");
    }
}
