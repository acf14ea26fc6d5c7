package org.orrery.device;

import java.util.Objects;

/**
 * One exposure as asked.
 *
 * @param seconds exposure time (0 for a bias)
 * @param frameType light, dark, flat or bias
 * @param binX horizontal binning, at least 1
 * @param binY vertical binning, at least 1
 * @param gain the gain to set first, or null to leave it as it is
 * @param offset the offset to set first, or null to leave it as it is
 */
public record ExposureSettings(double seconds, FrameType frameType, int binX, int binY, Double gain, Integer offset) {

    public ExposureSettings {
        Objects.requireNonNull(frameType, "frameType");
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException("exposure time must be 0 or more seconds, was " + seconds);
        }
        if (binX < 1 || binY < 1) {
            throw new IllegalArgumentException("binning must be at least 1x1, was " + binX + "x" + binY);
        }
    }

    public static ExposureSettings light(double seconds) {
        return new ExposureSettings(seconds, FrameType.LIGHT, 1, 1, null, null);
    }
}
