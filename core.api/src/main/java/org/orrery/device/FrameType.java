package org.orrery.device;

import java.util.Locale;

/** What a frame is for; {@link #imageType()} is the FITS {@code IMAGETYP} value astronomers' tools expect. */
public enum FrameType {
    LIGHT("Light Frame"),
    DARK("Dark Frame"),
    FLAT("Flat Field"),
    BIAS("Bias Frame");

    private final String imageType;

    FrameType(String imageType) {
        this.imageType = imageType;
    }

    public String imageType() {
        return imageType;
    }

    /** {@code light}, {@code dark}, {@code flat}, {@code bias}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True for frames taken with the shutter open (light and flat). */
    public boolean shutterOpen() {
        return this == LIGHT || this == FLAT;
    }

    public static FrameType parse(String text) {
        for (FrameType type : values()) {
            if (type.name().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown frame type '" + text + "': expected light, dark, flat or bias");
    }
}
