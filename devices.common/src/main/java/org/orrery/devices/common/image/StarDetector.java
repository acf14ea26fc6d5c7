package org.orrery.devices.common.image;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds stars in a frame and measures their half-flux radius (HFR), from the pixels alone.
 * <ol>
 * <li>Background and noise from robust statistics: the frame's median, and 1.4826 × its MAD.
 * <li>Detection: 8-connected groups of pixels more than {@code k}·σ above the background.
 * <li>Rejected: groups of fewer than {@code minPixels} pixels (hot pixels, noise), a peak whose
 * direct neighbours hold almost nothing of it (under 2 %: a hot pixel with a noisy neighbour), saturated peaks
 * (at the saturation level, or a flat top of at least three pixels at the same highest value: a
 * full well), groups touching the frame's edge or whose aperture would leave it, and groups larger
 * than {@link #MAX_PIXELS} (nebulosity, gradients, not stars).
 * <li>Per star: the centroid (flux-weighted, background subtracted) and the HFR, the flux-weighted
 * mean distance of the pixels from the centroid within a circular aperture, grown until it is at
 * least three HFRs wide (at most {@link #MAX_APERTURE} pixels).
 * <li>Frame HFR: the median of the stars' HFRs.
 * </ol>
 * For a Gaussian star of standard deviation σ the flux-weighted mean radius is σ·√(π/2) ≈ 1.253 σ
 * (the radius that encloses half the flux, σ·√(2 ln 2) ≈ 1.177 σ, is what the name promises, but
 * the weighted mean is what N.I.N.A. and PHD2 report and it is much less noisy on pixels).
 * An instance keeps no state: one serves every thread.
 */
public final class StarDetector {

    /** Largest connected group that can be a star. */
    public static final int MAX_PIXELS = 20_000;
    /** Largest aperture radius in pixels. */
    public static final double MAX_APERTURE = 60;
    /** Default detection threshold in σ of the background noise. */
    public static final double DEFAULT_SIGMA = 5;

    private final double kSigma;
    private final int minPixels;

    public StarDetector(double kSigma, int minPixels) {
        this.kSigma = kSigma;
        this.minPixels = minPixels;
    }

    /** 5 σ, at least 3 pixels. */
    public static StarDetector standard() {
        return new StarDetector(DEFAULT_SIGMA, 3);
    }

    /**
     * The stars of a {@code width × height} frame (row by row from the top-left).
     *
     * @param stats the frame's statistics (its median and MAD give the background and noise)
     * @param saturation the value from which a pixel counts as saturated (the camera's largest value)
     */
    public StarStatistics detect(int[] pixels, int width, int height, FrameStatistics stats, int saturation) {
        double background = stats.median();
        double noise = Math.max(1.4826 * stats.mad(), 1.0);
        double threshold = background + kSigma * noise;
        boolean[] seen = new boolean[pixels.length];
        int[] stack = new int[64];
        List<Integer> group = new ArrayList<>();
        List<StarStatistics.Star> stars = new ArrayList<>();
        for (int i = 0; i < pixels.length; i++) {
            if (seen[i] || pixels[i] <= threshold) {
                continue;
            }
            group.clear();
            stack = fill(pixels, width, height, threshold, seen, i, stack, group);
            StarStatistics.Star star = measure(pixels, width, height, background, saturation, group);
            if (star != null) {
                stars.add(star);
            }
        }
        stars.sort(Comparator.comparingDouble(StarStatistics.Star::flux).reversed());
        return StarStatistics.of(stars, background, noise);
    }

    /** Collects the 8-connected group of pixels above the threshold that holds {@code start}. */
    private static int[] fill(int[] pixels, int width, int height, double threshold, boolean[] seen, int start,
            int[] stack, List<Integer> group) {
        int top = 0;
        stack[top++] = start;
        seen[start] = true;
        while (top > 0) {
            int p = stack[--top];
            if (group.size() <= MAX_PIXELS) {
                group.add(p);
            }
            int x = p % width;
            int y = p / width;
            for (int dy = -1; dy <= 1; dy++) {
                int ny = y + dy;
                if (ny < 0 || ny >= height) {
                    continue;
                }
                for (int dx = -1; dx <= 1; dx++) {
                    int nx = x + dx;
                    int q = ny * width + nx;
                    if (nx < 0 || nx >= width || seen[q] || pixels[q] <= threshold) {
                        continue;
                    }
                    seen[q] = true;
                    if (top == stack.length) {
                        stack = java.util.Arrays.copyOf(stack, stack.length * 2);
                    }
                    stack[top++] = q;
                }
            }
        }
        return stack;
    }

    /** The star a group is, or null when it is rejected. */
    private StarStatistics.Star measure(int[] pixels, int width, int height, double background, int saturation,
            List<Integer> group) {
        int n = group.size();
        if (n < minPixels || n > MAX_PIXELS) {
            return null;
        }
        int peak = Integer.MIN_VALUE;
        int peakIndex = -1;
        double sum = 0;
        double sx = 0;
        double sy = 0;
        int minX = width;
        int maxX = -1;
        int minY = height;
        int maxY = -1;
        for (int p : group) {
            int v = pixels[p];
            int x = p % width;
            int y = p / width;
            if (v > peak) {
                peak = v;
                peakIndex = p;
            }
            double f = v - background;
            sum += f;
            sx += f * (x + 0.5);
            sy += f * (y + 0.5);
            minX = Math.min(minX, x);
            maxX = Math.max(maxX, x);
            minY = Math.min(minY, y);
            maxY = Math.max(maxY, y);
        }
        if (minX == 0 || minY == 0 || maxX == width - 1 || maxY == height - 1 || peak >= saturation
                || flatTop(pixels, group, peak) || isolated(pixels, width, height, peakIndex, peak - background)) {
            return null;
        }
        double cx = sx / sum;
        double cy = sy / sum;
        double extent = Math.max(Math.max(cx - minX, maxX + 1 - cx), Math.max(cy - minY, maxY + 1 - cy));
        double radius = Math.min(MAX_APERTURE, Math.max(3, extent + 2));
        double[] m = null;
        for (int round = 0; round < 6; round++) {
            if (cx - radius < 0 || cy - radius < 0 || cx + radius > width || cy + radius > height) {
                return null;
            }
            m = aperture(pixels, width, background, cx, cy, radius);
            if (m == null) {
                return null;
            }
            double moved = Math.hypot(m[1] - cx, m[2] - cy);
            cx = m[1];
            cy = m[2];
            if (moved > 0.05) {
                continue; // measure again about the better centroid
            }
            double wanted = Math.min(MAX_APERTURE, 3 * m[3]);
            if (wanted <= radius) {
                break;
            }
            radius = wanted;
        }
        return new StarStatistics.Star(cx, cy, m[0], peak, m[3], n);
    }

    /** Three or more pixels at the highest value: clipped by a full well. */
    private static boolean flatTop(int[] pixels, List<Integer> group, int peak) {
        int at = 0;
        for (int p : group) {
            if (pixels[p] == peak && ++at >= 3) {
                return true;
            }
        }
        return false;
    }

    /**
     * A peak whose four direct neighbours hold on average less than 2 % of it: a hot pixel (a star
     * of σ 0.25 px centred on a pixel still gives each neighbour about 2.4 % of its peak pixel).
     */
    private static boolean isolated(int[] pixels, int width, int height, int p, double peakAbove) {
        int x = p % width;
        int y = p / width;
        double around = 0;
        int n = 0;
        int[][] d = {{-1, 0}, {1, 0}, {0, -1}, {0, 1}};
        for (int[] o : d) {
            int nx = x + o[0];
            int ny = y + o[1];
            if (nx >= 0 && ny >= 0 && nx < width && ny < height) {
                around += pixels[ny * width + nx];
                n++;
            }
        }
        double peakBackground = pixels[p] - peakAbove;
        return n == 0 || (around / n - peakBackground) < 0.02 * peakAbove;
    }

    /**
     * {flux, centroid x, centroid y, HFR} within the circle about ({@code cx}, {@code cy}), background
     * subtracted: the HFR about that centre, the centroid for the next round; null without flux.
     */
    private static double[] aperture(int[] pixels, int width, double background, double cx, double cy, double r) {
        int x0 = (int) Math.floor(cx - r);
        int x1 = (int) Math.ceil(cx + r);
        int y0 = (int) Math.floor(cy - r);
        int y1 = (int) Math.ceil(cy + r);
        double r2 = r * r;
        double flux = 0;
        double mx = 0;
        double my = 0;
        double weighted = 0;
        for (int y = y0; y < y1; y++) {
            double dy = y + 0.5 - cy;
            for (int x = x0; x < x1; x++) {
                double dx = x + 0.5 - cx;
                double d2 = dx * dx + dy * dy;
                if (d2 <= r2) {
                    double f = pixels[y * width + x] - background;
                    flux += f;
                    mx += f * (x + 0.5);
                    my += f * (y + 0.5);
                    weighted += f * Math.sqrt(d2);
                }
            }
        }
        double hfr = weighted / flux;
        return flux > 0 && hfr > 0 ? new double[] {flux, mx / flux, my / flux, hfr} : null;
    }
}
