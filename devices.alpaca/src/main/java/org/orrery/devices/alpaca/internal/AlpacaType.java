package org.orrery.devices.alpaca.internal;

import java.util.Locale;

import org.orrery.device.DeviceType;

/** The Alpaca device types this driver drives, with their Alpaca path element and Orrery device type. */
enum AlpacaType {
    CAMERA("camera", DeviceType.CAMERA),
    TELESCOPE("telescope", DeviceType.MOUNT);

    private final String path;
    private final DeviceType deviceType;

    AlpacaType(String path, DeviceType deviceType) {
        this.path = path;
        this.deviceType = deviceType;
    }

    /** The lower-case device type of Alpaca URLs: {@code camera}, {@code telescope}. */
    String path() {
        return path;
    }

    DeviceType deviceType() {
        return deviceType;
    }

    /** {@code camera} or {@code telescope} (also {@code mount}), any casing, as configuration and ConfiguredDevices spell them. */
    static AlpacaType parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "camera" -> CAMERA;
            case "telescope", "mount" -> TELESCOPE;
            default -> throw new IllegalArgumentException("unsupported Alpaca device type '" + text
                    + "': expected camera or telescope");
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
