package org.orrery.devices.common.image;

import java.util.Arrays;
import java.util.List;

/**
 * The stars found in a frame ({@link StarDetector}) and the frame's half-flux radius: the median
 * of the stars' HFRs, in (binned) pixels; {@code NaN} when no star was found.
 *
 * @param stars the stars measured, brightest first
 * @param hfr median HFR of the stars in pixels, or NaN without stars
 * @param background the background level (ADU): the frame's median
 * @param noise the background noise (ADU): 1.4826 × MAD
 */
public record StarStatistics(List<Star> stars, double hfr, double background, double noise) {

    /**
     * One star.
     *
     * @param x flux-weighted centroid, pixels from the left edge (pixel i covers i to i+1)
     * @param y flux-weighted centroid, pixels from the top edge
     * @param flux background-subtracted flux within the aperture (ADU)
     * @param peak highest pixel value (ADU, background included)
     * @param hfr flux-weighted mean distance of the aperture's pixels from the centroid (pixels)
     * @param pixels how many connected pixels lay above the detection threshold
     */
    public record Star(double x, double y, double flux, int peak, double hfr, int pixels) {
    }

    public StarStatistics {
        stars = List.copyOf(stars);
    }

    /** The statistics of the stars given (the frame HFR is their median HFR). */
    public static StarStatistics of(List<Star> stars, double background, double noise) {
        return new StarStatistics(stars, median(stars), background, noise);
    }

    public int count() {
        return stars.size();
    }

    /** The HFR rounded to 2 decimals for a result or a FITS card, or null without stars. */
    public Double roundedHfr() {
        return Double.isFinite(hfr) ? Math.round(hfr * 100) / 100.0 : null;
    }

    private static double median(List<Star> stars) {
        if (stars.isEmpty()) {
            return Double.NaN;
        }
        double[] h = stars.stream().mapToDouble(Star::hfr).toArray();
        Arrays.sort(h);
        int n = h.length;
        return n % 2 == 1 ? h[n / 2] : (h[n / 2 - 1] + h[n / 2]) / 2;
    }
}
