package org.orrery.devices.camera.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.orrery.device.FrameType;
import org.orrery.devices.camera.internal.StarFieldRenderer.Pointing;
import org.orrery.devices.camera.internal.StarFieldRenderer.Scene;
import org.orrery.devices.common.sim.Configs;
import org.orrery.devices.common.sim.Sensor;
import org.orrery.devices.common.sim.Stages;

class StarFieldRendererTest {

    static final Pointing M42 = new Pointing(5.5883, -5.3911);

    private final StarFieldRenderer renderer = SimulatedCamera.renderer(Configs.of(SimulatedCamera.Config.class));

    static Scene scene(FrameType type, double seconds, int bin, double gain, Pointing p, double focusOffset,
            String filter) {
        return new Scene(type, seconds, bin, bin, gain, 20, -10, p, p, focusOffset, filter, 42);
    }

    static Scene light(double seconds, Pointing p) {
        return scene(FrameType.LIGHT, seconds, 1, 100, p, 0, "L");
    }

    @Test
    void samePointingGivesTheSameStars() {
        float[] a = renderer.signal(light(10, M42));
        float[] b = renderer.signal(light(10, M42));
        assertArrayEquals(a, b);
        assertEquals(renderer.starsAround(M42), renderer.starsAround(M42));
        assertTrue(renderer.starsAround(M42).size() > 20, "a field of 0.1 square degrees holds dozens of stars");
    }

    @Test
    void aSlewMovesTheStarsByTheDistanceOverThePlateScale() {
        Pointing north = new Pointing(M42.raHours(), M42.decDegrees() + 0.05); // 180 arcsec north
        double expectedShift = 180 / renderer.arcsecPerPixel(); // stars move down the frame
        Map<StarField.Star, double[]> before = visible(M42);
        Map<StarField.Star, double[]> after = visible(north);
        int shared = 0;
        for (Map.Entry<StarField.Star, double[]> e : before.entrySet()) {
            double[] b = after.get(e.getKey());
            if (b != null) {
                shared++;
                assertEquals(e.getValue()[1] + expectedShift, b[1], 1.0, "y after a 0.05° slew north");
                assertEquals(e.getValue()[0], b[0], 1.0, "x after a slew in declination only");
            }
        }
        assertTrue(shared > 10, "the fields overlap, so most stars are in both: " + shared);
        assertFalse(Arrays.equals(renderer.signal(light(10, M42)), renderer.signal(light(10, north))));
    }

    @Test
    void farAwayPointingsShowOtherStars() {
        Map<StarField.Star, double[]> a = visible(M42);
        Map<StarField.Star, double[]> b = visible(new Pointing(12.0, 30.0));
        assertTrue(a.keySet().stream().noneMatch(b::containsKey));
    }

    @Test
    void theSkyIsTheSameAcrossRightAscensionZero() {
        Pointing p = new Pointing(23.999, 10);
        Pointing q = new Pointing(0.001, 10);
        Map<StarField.Star, double[]> a = visible(p);
        Map<StarField.Star, double[]> b = visible(q);
        long shared = a.keySet().stream().filter(b::containsKey).count();
        assertTrue(shared > 10, "fields 0.03° apart across RA 0 share their stars: " + shared);
    }

    /** Stars that land inside the frame, with their pixel positions. */
    private Map<StarField.Star, double[]> visible(Pointing p) {
        Map<StarField.Star, double[]> out = new HashMap<>();
        for (StarField.Star s : renderer.starsAround(p)) {
            double[] xy = renderer.pixelOf(s.raDegrees(), s.decDegrees(), p);
            if (xy != null && xy[0] >= 0 && xy[0] < 1280 && xy[1] >= 0 && xy[1] < 1024) {
                out.put(s, xy);
            }
        }
        return out;
    }

    @Test
    void starsGrowAwayFromBestFocus() {
        double inFocus = brightestStarSigma(0);
        double near = brightestStarSigma(1000);
        double far = brightestStarSigma(-4000);
        assertTrue(inFocus < near && near < far,
                "star sigma must grow with the distance from best focus: " + inFocus + ", " + near + ", " + far);
        assertEquals(renderer.sigmaPixels(0), inFocus, 0.25);
        assertEquals(renderer.sigmaPixels(-4000), far, 0.15 * far);
    }

    /** Second moment (sigma in x) of the brightest star well inside the frame, from the noise-free signal. */
    private double brightestStarSigma(double focusOffset) {
        StarField.Star brightest = null;
        double[] at = null;
        for (StarField.Star s : renderer.starsAround(M42)) {
            double[] xy = renderer.pixelOf(s.raDegrees(), s.decDegrees(), M42);
            if (xy[0] > 60 && xy[0] < 1220 && xy[1] > 60 && xy[1] < 964
                    && (brightest == null || s.magnitude() < brightest.magnitude())) {
                brightest = s;
                at = xy;
            }
        }
        assertNotNull(brightest);
        float[] img = renderer.signal(scene(FrameType.LIGHT, 10, 1, 100, M42, focusOffset, "L"));
        float background = (float) (StarFieldRenderer.SKY_ELECTRONS_PER_SECOND * 10);
        int r = (int) Math.ceil(4 * renderer.sigmaPixels(focusOffset)) + 1;
        double sum = 0;
        double sumX = 0;
        double sumXX = 0;
        for (int y = (int) at[1] - r; y <= (int) at[1] + r; y++) {
            for (int x = (int) at[0] - r; x <= (int) at[0] + r; x++) {
                double v = img[y * 1280 + x] - background;
                sum += v;
                sumX += v * (x + 0.5);
                sumXX += v * (x + 0.5) * (x + 0.5);
            }
        }
        double mean = sumX / sum;
        return Math.sqrt(sumXX / sum - mean * mean);
    }

    @Test
    void biasIsQuieterThanALongDarkAndADarkIsQuieterThanALight() {
        double bias = Stages.stdDev(renderer.render(scene(FrameType.BIAS, 0, 1, 100, M42, 0, "L")));
        double dark = Stages.stdDev(renderer.render(scene(FrameType.DARK, 600, 1, 100, M42, 0, "L")));
        double light = Stages.stdDev(renderer.render(scene(FrameType.LIGHT, 600, 1, 100, M42, 0, "L")));
        assertTrue(bias < dark && dark < light, "noise: bias " + bias + " < dark " + dark + " < light " + light);
        double biasMean = Stages.mean(renderer.render(scene(FrameType.BIAS, 0, 1, 100, M42, 0, "L")));
        double darkMean = Stages.mean(renderer.render(scene(FrameType.DARK, 600, 1, 100, M42, 0, "L")));
        assertEquals(16 * 20, biasMean, 2, "bias level from offset 20");
        assertTrue(darkMean > biasMean, "dark current adds signal: " + darkMean + " > " + biasMean);
    }

    @Test
    void darkCurrentGrowsWithTemperature() {
        Scene cold = new Scene(FrameType.DARK, 300, 1, 1, 100, 20, -20, M42, M42, 0, "", 1);
        Scene warm = new Scene(FrameType.DARK, 300, 1, 1, 100, 20, 20, M42, M42, 0, "", 1);
        assertTrue(Stages.mean(renderer.render(warm)) > Stages.mean(renderer.render(cold)) + 10);
    }

    @Test
    void noiseInAduGrowsWithGainAndReadNoiseFallsInElectrons() {
        double low = Stages.stdDev(renderer.render(scene(FrameType.BIAS, 0, 1, 0, M42, 0, "")));
        double high = Stages.stdDev(renderer.render(scene(FrameType.BIAS, 0, 1, 300, M42, 0, "")));
        assertTrue(high > 3 * low, "bias noise in ADU at gain 300 (" + high + ") above gain 0 (" + low + ")");
        Sensor s = renderer.sensor();
        assertTrue(s.readNoise(300) < s.readNoise(0));
        assertEquals(s.readNoise(0) / s.electronsPerAdu(0), low, 0.1 * low, "bias noise = read noise / (e-/ADU)");
    }

    @Test
    void shotNoiseFollowsExposure() {
        // the sky background's noise grows as the square root of the exposure
        double shortExposure = Stages.stdDev(renderer.render(scene(FrameType.LIGHT, 5, 1, 100, new Pointing(12, 89.5), 0, "L")));
        double longExposure = Stages.stdDev(renderer.render(scene(FrameType.LIGHT, 500, 1, 100, new Pointing(12, 89.5), 0, "L")));
        assertTrue(longExposure > 3 * shortExposure, shortExposure + " then " + longExposure);
    }

    @Test
    void flatIsNearHalfWell() {
        Sensor s = renderer.sensor();
        int[] flat = renderer.render(scene(FrameType.FLAT, 1, 1, 100, M42, 0, "L"));
        double electrons = (Stages.mean(flat) - 16 * 20) * s.electronsPerAdu(100);
        assertEquals(s.fullWell() / 2, electrons, 0.1 * s.fullWell() / 2, "at gain 100 the full well limits");
        int[] highGain = renderer.render(scene(FrameType.FLAT, 1, 1, 300, M42, 0, "L"));
        assertEquals(65535 / 2.0, Stages.mean(highGain), 0.1 * 65535 / 2, "at gain 300 the ADC range limits");
        double evenness = Stages.stdDev(flat) / Stages.mean(flat);
        assertTrue(evenness < 0.05, "a flat is even: relative spread " + evenness);
    }

    @Test
    void binningHalvesTheSizeAndKeepsTheLight() {
        int[] size = renderer.size(2, 2);
        assertArrayEquals(new int[] {640, 512}, size);
        float[] one = renderer.signal(light(10, M42));
        float[] two = renderer.signal(scene(FrameType.LIGHT, 10, 2, 100, M42, 0, "L"));
        assertEquals(640 * 512, two.length);
        assertEquals(sum(one), sum(two), 0.01 * sum(one), "binning sums pixels");
        assertEquals(640 * 512, renderer.render(scene(FrameType.BIAS, 0, 2, 100, M42, 0, "")).length);
        assertEquals(320 * 256, renderer.render(scene(FrameType.DARK, 1, 4, 100, M42, 0, "")).length);
    }

    @Test
    void fluxScalesWithExposureAndNarrowbandIsDimmer() {
        double ten = sum(renderer.signal(light(10, M42)));
        double twenty = sum(renderer.signal(light(20, M42)));
        assertEquals(2 * ten, twenty, 0.001 * twenty);
        double ha = sum(renderer.signal(scene(FrameType.LIGHT, 10, 1, 100, M42, 0, "Ha")));
        double red = sum(renderer.signal(scene(FrameType.LIGHT, 10, 1, 100, M42, 0, "R")));
        assertTrue(ha < 0.1 * ten && red < 0.5 * ten && ha < red, "L " + ten + ", R " + red + ", Ha " + ha);
        assertEquals(0, sum(renderer.signal(scene(FrameType.DARK, 10, 1, 100, M42, 0, "L"))), "no light in a dark");
    }

    @Test
    void pixelsStayWithinSixteenBits() {
        int[] saturated = renderer.render(scene(FrameType.LIGHT, 600, 1, 600, M42, 0, "L"));
        assertEquals(65535, Arrays.stream(saturated).max().getAsInt());
        int[] zeroOffset = new StarFieldRenderer(renderer.sensor(), new StarField(1, 1000, 4, 16), 3.8, 800, 2.5, 3)
                .render(new Scene(FrameType.BIAS, 0, 1, 1, 0, 0, -10, M42, M42, 0, "", 3));
        assertEquals(0, Arrays.stream(zeroOffset).min().getAsInt(), "noise below a zero bias clips at 0");
    }

    @Test
    void starsTrailWhenThePointingMovesDuringTheExposure() {
        Pointing drifted = new Pointing(M42.raHours() + 30 / 3600.0, M42.decDegrees()); // 30 s of sidereal drift
        Scene still = new Scene(FrameType.LIGHT, 30, 1, 1, 100, 20, -10, M42, M42, 0, "L", 1);
        Scene trailed = new Scene(FrameType.LIGHT, 30, 1, 1, 100, 20, -10, M42, drifted, 0, "L", 1);
        float[] a = renderer.signal(still);
        float[] b = renderer.signal(trailed);
        assertEquals(sum(a), sum(b), 0.02 * sum(a), "the same light, spread out");
        assertTrue(max(b) < 0.2 * max(a), "trails have lower peaks: " + max(b) + " vs " + max(a));
    }

    @Test
    void rendersAFullFrameQuickly() {
        renderer.render(light(1, M42)); // warm up
        long t0 = System.nanoTime();
        int n = 5;
        for (int i = 0; i < n; i++) {
            renderer.render(scene(FrameType.LIGHT, 10, 1, 100, M42, 800, "L"));
        }
        double ms = (System.nanoTime() - t0) / 1e6 / n;
        // reported, not asserted (timings belong to benchmarks)
        System.out.printf("StarFieldRenderer: 1280x1024 light frame in %.1f ms%n", ms);
    }

    static double sum(float[] a) {
        double s = 0;
        for (float v : a) {
            s += v;
        }
        return s;
    }

    static float max(float[] a) {
        float m = Float.NEGATIVE_INFINITY;
        for (float v : a) {
            m = Math.max(m, v);
        }
        return m;
    }

}
