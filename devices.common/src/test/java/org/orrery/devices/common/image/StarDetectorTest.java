package org.orrery.devices.common.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class StarDetectorTest {

    private static final int W = 400;
    private static final int H = 300;
    private static final double BACKGROUND = 1000;
    private static final double NOISE = 10;

    /** A frame with Gaussian noise around a flat background, and stars added with {@link #star}. */
    private static double[] sky(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] image = new double[W * H];
        for (int i = 0; i < image.length; i++) {
            image[i] = BACKGROUND + NOISE * r.nextGaussian();
        }
        return image;
    }

    /** Adds a Gaussian star, each pixel integrated over 10 × 10 sub-pixels. */
    private static void star(double[] image, double cx, double cy, double sigma, double flux) {
        int reach = (int) Math.ceil(6 * sigma) + 1;
        for (int y = Math.max(0, (int) cy - reach); y < Math.min(H, (int) cy + reach); y++) {
            for (int x = Math.max(0, (int) cx - reach); x < Math.min(W, (int) cx + reach); x++) {
                double sum = 0;
                for (int j = 0; j < 10; j++) {
                    for (int i = 0; i < 10; i++) {
                        double dx = x + (i + 0.5) / 10 - cx;
                        double dy = y + (j + 0.5) / 10 - cy;
                        sum += Math.exp(-(dx * dx + dy * dy) / (2 * sigma * sigma));
                    }
                }
                image[y * W + x] += flux * sum / 100 / (2 * Math.PI * sigma * sigma);
            }
        }
    }

    private static int[] pixels(double[] image, int max) {
        int[] p = new int[image.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = (int) Math.max(0, Math.min(max, Math.round(image[i])));
        }
        return p;
    }

    private static StarStatistics detect(int[] p) {
        return StarDetector.standard().detect(p, W, H, FrameStatistics.of(p), 65535);
    }

    /**
     * The flux-weighted mean radius of a continuous circular Gaussian, integrated numerically over
     * the plane (rather than taken from a formula): it is σ·√(π/2).
     */
    private static double weightedMeanRadius(double sigma) {
        double step = sigma / 200;
        double num = 0;
        double den = 0;
        for (double r = step / 2; r < 12 * sigma; r += step) {
            double ring = Math.exp(-r * r / (2 * sigma * sigma)) * 2 * Math.PI * r * step;
            num += ring * r;
            den += ring;
        }
        return num / den;
    }

    @Test
    void theWeightedMeanRadiusOfAGaussianIsSigmaTimesRootHalfPi() {
        assertEquals(Math.sqrt(Math.PI / 2), weightedMeanRadius(1), 1e-4);
        assertEquals(2 * Math.sqrt(Math.PI / 2), weightedMeanRadius(2), 1e-4);
    }

    @Test
    void measuresTheHfrAndCentroidOfGaussianStars() {
        for (double sigma : new double[] {1.5, 2.5, 4.0}) {
            double[] image = sky(7);
            double[][] at = {{60.3, 50.7}, {200.5, 80.2}, {320.9, 200.4}, {100.1, 230.6}, {250.0, 150.0}};
            for (double[] a : at) {
                star(image, a[0], a[1], sigma, 200_000);
            }
            StarStatistics s = detect(pixels(image, 65535));

            assertEquals(at.length, s.count(), "sigma " + sigma + ": " + s.stars());
            // pixels integrate the profile: sigma² grows by 1/12 (a pixel's variance)
            double expected = weightedMeanRadius(Math.sqrt(sigma * sigma + 1 / 12.0));
            assertEquals(expected, s.hfr(), 0.03 * expected, "sigma " + sigma);
            for (StarStatistics.Star star : s.stars()) {
                boolean near = false;
                for (double[] a : at) {
                    near |= Math.hypot(star.x() - a[0], star.y() - a[1]) < 0.1;
                }
                assertTrue(near, "centroid " + star);
            }
            assertEquals(BACKGROUND, s.background(), 1);
            assertEquals(NOISE, s.noise(), 1.5);
        }
    }

    @Test
    void theFrameHfrIsTheMedianOfTheStars() {
        double[] image = sky(3);
        star(image, 50, 50, 1.5, 100_000);
        star(image, 150, 50, 2.0, 100_000);
        star(image, 250, 50, 6.0, 300_000);
        StarStatistics s = detect(pixels(image, 65535));

        assertEquals(3, s.count(), s.stars().toString());
        double middle = weightedMeanRadius(Math.sqrt(4 + 1 / 12.0));
        assertEquals(middle, s.hfr(), 0.03 * middle);
        assertEquals(s.roundedHfr(), Math.round(s.hfr() * 100) / 100.0);
    }

    @Test
    void ignoresHotPixelsSaturatedStarsEdgeStarsAndNoise() {
        double[] image = sky(11);
        star(image, 200, 150, 2.0, 150_000); // the one real star
        image[10 * W + 300] = 60_000; // hot pixels, one alone and one with a hot neighbour
        image[200 * W + 100] = 30_000;
        image[200 * W + 101] = 1_100;
        star(image, 2.0, 120, 2.0, 150_000); // cut by the left edge
        star(image, 300, 250, 2.0, 5_000_000); // clipped at a full well of 20000
        int[] p = pixels(image, 65535);
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.min(p[i], 20_000);
        }
        StarStatistics s = detect(p);

        assertEquals(1, s.count(), s.stars().toString());
        assertEquals(200, s.stars().get(0).x(), 0.1);
        assertEquals(150, s.stars().get(0).y(), 0.1);
    }

    @Test
    void anUndersampledStarIsAStarNotAHotPixel() {
        double[] image = sky(17);
        star(image, 120.5, 100.5, 0.27, 50_000); // centred on a pixel: the neighbours get little
        star(image, 300.2, 200.7, 0.27, 50_000);
        image[50 * W + 50] = 40_000;
        StarStatistics s = detect(pixels(image, 65535));

        assertEquals(2, s.count(), s.stars().toString());
    }

    @Test
    void aFrameOfNoiseHasNoStarsAndNoHfr() {
        StarStatistics s = detect(pixels(sky(5), 65535));

        assertEquals(0, s.count());
        assertTrue(Double.isNaN(s.hfr()));
        assertNull(s.roundedHfr());
    }

    @Test
    void aStarAtTheSaturationLevelIsNotMeasured() {
        double[] image = sky(13);
        star(image, 200, 150, 1.0, 2_000_000);
        int[] p = pixels(image, 4095);
        StarStatistics s = StarDetector.standard().detect(p, W, H, FrameStatistics.of(p), 4095);

        assertEquals(0, s.count(), s.stars().toString());
    }
}
