package org.orrery.device;

/**
 * What a camera can do. Ranges are inclusive; an action checks a request against them before it
 * asks the device, so an out-of-range gain is refused with the range in the message.
 *
 * @param width sensor width in pixels (unbinned)
 * @param height sensor height in pixels (unbinned)
 * @param pixelSizeMicrons pixel pitch
 * @param bitDepth significant bits per pixel
 * @param maxBin largest binning factor
 * @param minExposureSeconds shortest exposure
 * @param maxExposureSeconds longest exposure
 * @param minGain lowest gain (NaN when the gain cannot be set)
 * @param maxGain highest gain (NaN when the gain cannot be set)
 * @param minOffset lowest offset ({@code -1} with maxOffset {@code -1} when it cannot be set)
 * @param maxOffset highest offset
 * @param cooled whether the sensor has a cooler whose temperature can be read
 */
public record CameraInfo(int width, int height, double pixelSizeMicrons, int bitDepth, int maxBin,
        double minExposureSeconds, double maxExposureSeconds, double minGain, double maxGain, int minOffset,
        int maxOffset, boolean cooled) {

    public boolean gainSettable() {
        return !Double.isNaN(minGain) && !Double.isNaN(maxGain);
    }

    public boolean offsetSettable() {
        return minOffset >= 0 && maxOffset >= minOffset;
    }
}
