package org.orrery.devices.alpaca.internal;

import java.util.Locale;

import org.orrery.device.DeviceType;

/** The Alpaca device types this driver drives, with their Alpaca path element and Orrery device type. */
enum AlpacaType {
    CAMERA("camera", DeviceType.CAMERA),
    TELESCOPE("telescope", DeviceType.MOUNT),
    SAFETY_MONITOR("safetymonitor", DeviceType.SAFETY_MONITOR);

    private final String path;
    private final DeviceType deviceType;

    AlpacaType(String path, DeviceType deviceType) {
        this.path = path;
        this.deviceType = deviceType;
    }

    /** The lower-case device type of Alpaca URLs: {@code camera}, {@code telescope}, {@code safetymonitor}. */
    String path() {
        return path;
    }

    DeviceType deviceType() {
        return deviceType;
    }

    /**
     * {@code camera}, {@code telescope} (also {@code mount}) or {@code safetymonitor} (also
     * {@code safety_monitor}), any casing, as configuration and ConfiguredDevices spell them.
     */
    static AlpacaType parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "camera" -> CAMERA;
            case "telescope", "mount" -> TELESCOPE;
            case "safetymonitor", "safety_monitor" -> SAFETY_MONITOR;
            default -> throw new IllegalArgumentException("unsupported Alpaca device type '" + text
                    + "': expected camera, telescope or safetymonitor");
        };
    }

    /** The type for an Alpaca ConfiguredDevices DeviceType such as {@code Camera}, or null when not driven here. */
    static AlpacaType ofAscom(String deviceType) {
        try {
            return parse(deviceType);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
