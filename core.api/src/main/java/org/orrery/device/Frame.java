package org.orrery.device;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * An image as read out of a camera: {@code width × height} unsigned pixel values, row by row from
 * the top-left, each from 0 to {@code 2^bitDepth - 1}.
 *
 * @param width pixels per row (after binning)
 * @param height rows (after binning)
 * @param bitDepth significant bits per pixel, 8 to 16
 * @param pixels {@code width * height} values; the array is the caller's to keep, not to change
 * @param startedAt when the exposure started (FITS {@code DATE-OBS})
 * @param settings the exposure as it was taken (the binning and gain actually applied)
 * @param headers extra FITS header values the driver knows (e.g. {@code CCD-TEMP}, {@code INSTRUME},
 *        {@code PIXSIZE1}): keyword to String, Number or Boolean
 */
public record Frame(int width, int height, int bitDepth, int[] pixels, Instant startedAt, ExposureSettings settings,
        Map<String, Object> headers) {

    public Frame {
        Objects.requireNonNull(pixels, "pixels");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(settings, "settings");
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("a frame needs at least one pixel, was " + width + "x" + height);
        }
        if (pixels.length != width * height) {
            throw new IllegalArgumentException("a " + width + "x" + height + " frame needs " + width * height
                    + " pixels, got " + pixels.length);
        }
        if (bitDepth < 8 || bitDepth > 16) {
            throw new IllegalArgumentException("bit depth must be 8 to 16, was " + bitDepth);
        }
    }

    /** The largest value a pixel can have. */
    public int maxValue() {
        return (1 << bitDepth) - 1;
    }
}
