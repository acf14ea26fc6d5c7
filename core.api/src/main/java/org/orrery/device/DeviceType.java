package org.orrery.device;

import java.util.Locale;

/** The kinds of instrument Orrery drives; {@link #id()} is the name used in service properties and the REST API. */
public enum DeviceType {
    CAMERA(Camera.class),
    MOUNT(Mount.class),
    FOCUSER(Focuser.class),
    FILTER_WHEEL(FilterWheel.class),
    STAGE(Stage.class),
    MICROSCOPE(Microscope.class),
    SAFETY_MONITOR(SafetyMonitor.class);

    private final Class<? extends Device> contract;

    DeviceType(Class<? extends Device> contract) {
        this.contract = contract;
    }

    /** The interface a device of this type implements. */
    public Class<? extends Device> contract() {
        return contract;
    }

    /** {@code camera}, {@code mount}, {@code focuser}, {@code filter_wheel}, {@code stage}, {@code microscope}, {@code safety_monitor}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DeviceType parse(String text) {
        String t = text == null ? "" : text.trim().replace('-', '_');
        for (DeviceType type : values()) {
            if (type.name().equalsIgnoreCase(t) || type.id().replace("_", "").equalsIgnoreCase(t)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown device type '" + text
                + "': expected camera, mount, focuser, filter_wheel, stage, microscope or safety_monitor");
    }
}
