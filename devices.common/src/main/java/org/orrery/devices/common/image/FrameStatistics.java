package org.orrery.devices.common.image;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Basic statistics of a frame's pixel values.
 *
 * @param mean arithmetic mean
 * @param median the middle value (the lower of the two middle values for an even count)
 * @param min smallest value
 * @param max largest value
 * @param stdDev population standard deviation
 * @param mad median absolute deviation from the median
 */
public record FrameStatistics(double mean, int median, int min, int max, double stdDev, int mad) {

    /** The statistics of unsigned 16-bit values (0 to 65535; others are clamped). */
    public static FrameStatistics of(int[] pixels) {
        if (pixels.length == 0) {
            throw new IllegalArgumentException("no pixels");
        }
        int[] histogram = new int[65536];
        double sum = 0;
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int raw : pixels) {
            int v = clamp(raw);
            histogram[v]++;
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        int n = pixels.length;
        double mean = sum / n;
        double squares = 0; // second pass over the histogram: no cancellation
        for (int v = min; v <= max; v++) {
            if (histogram[v] > 0) {
                double d = v - mean;
                squares += histogram[v] * d * d;
            }
        }
        double variance = squares / n;
        int median = rank(histogram, (n - 1) / 2);
        int[] deviations = new int[65536];
        for (int v = min; v <= max; v++) {
            if (histogram[v] > 0) {
                deviations[Math.abs(v - median)] += histogram[v];
            }
        }
        int mad = rank(deviations, (n - 1) / 2);
        return new FrameStatistics(mean, median, min, max, Math.sqrt(variance), mad);
    }

    private static int rank(int[] histogram, long index) {
        long seen = 0;
        for (int v = 0; v < histogram.length; v++) {
            seen += histogram[v];
            if (seen > index) {
                return v;
            }
        }
        return histogram.length - 1;
    }

    public static int clamp(int v) {
        return v < 0 ? 0 : Math.min(v, 65535);
    }

    /** True when every pixel has the same value. */
    public boolean constant() {
        return min == max;
    }

    /** For a task result: mean, median, min, max, std_dev (mean and std_dev rounded to 0.01). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mean", round2(mean));
        m.put("median", median);
        m.put("min", min);
        m.put("max", max);
        m.put("std_dev", round2(stdDev));
        return m;
    }

    private static double round2(double d) {
        return Math.round(d * 100) / 100.0;
    }
}
