package org.orrery.devices.camera.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A deterministic, made-up sky: the celestial sphere is cut into declination bands
 * {@value #CELL_DEGREES}° high, each band into right-ascension cells about as wide on the sky;
 * each cell's stars (count, places and magnitudes) come from a random generator seeded by the
 * field's seed and the cell's indices. The same seed and sky position always give the same stars,
 * whatever field they are seen in. Magnitudes follow {@code N(<m) ∝ 10^(0.35 m)} up to
 * {@code faintest}.
 */
public final class StarField {

    public static final double CELL_DEGREES = 0.25;
    private static final int BANDS = (int) Math.round(180 / CELL_DEGREES);
    private static final double SLOPE = 0.35;

    /** A star: right ascension and declination in degrees, visual magnitude. */
    public record Star(double raDegrees, double decDegrees, double magnitude) {
    }

    private final long seed;
    private final double starsPerSquareDegree;
    private final double brightest;
    private final double faintest;

    public StarField(long seed, double starsPerSquareDegree, double brightest, double faintest) {
        this.seed = seed;
        this.starsPerSquareDegree = starsPerSquareDegree;
        this.brightest = brightest;
        this.faintest = faintest;
    }

    /** The stars of every cell that comes within {@code radiusDegrees} of the position (a few more, never fewer). */
    public List<Star> around(double raDegrees, double decDegrees, double radiusDegrees) {
        List<Star> stars = new ArrayList<>();
        double lo = Math.max(-90, decDegrees - radiusDegrees);
        double hi = Math.min(90, decDegrees + radiusDegrees);
        int b0 = band(lo);
        int b1 = band(hi);
        for (int b = b0; b <= b1; b++) {
            double d0 = -90 + b * CELL_DEGREES;
            double d1 = d0 + CELL_DEGREES;
            int n = cellsInBand(b);
            double width = 360.0 / n;
            double poleward = Math.min(89.999, Math.max(Math.abs(d0), Math.abs(d1)));
            double halfWidth = radiusDegrees / Math.cos(Math.toRadians(poleward));
            if (d0 <= -90 + 1e-9 || d1 >= 90 - 1e-9 || halfWidth >= 180 || n <= 2) {
                for (int i = 0; i < n; i++) {
                    addCell(stars, b, i, n, d0);
                }
                continue;
            }
            int i0 = (int) Math.floor((raDegrees - halfWidth) / width);
            int i1 = (int) Math.floor((raDegrees + halfWidth) / width);
            if (i1 - i0 + 1 >= n) {
                i0 = 0;
                i1 = n - 1;
            }
            for (int i = i0; i <= i1; i++) {
                addCell(stars, b, Math.floorMod(i, n), n, d0);
            }
        }
        return stars;
    }

    private static int band(double dec) {
        return Math.max(0, Math.min(BANDS - 1, (int) Math.floor((dec + 90) / CELL_DEGREES)));
    }

    public static int cellsInBand(int b) {
        double center = -90 + (b + 0.5) * CELL_DEGREES;
        return Math.max(1, (int) Math.floor(360 * Math.cos(Math.toRadians(center)) / CELL_DEGREES));
    }

    private void addCell(List<Star> out, int band, int index, int cells, double dec0) {
        double raWidth = 360.0 / cells;
        double center = dec0 + CELL_DEGREES / 2;
        double area = raWidth * CELL_DEGREES * Math.cos(Math.toRadians(center));
        SplittableRandom r = new SplittableRandom(mix(seed, band, index));
        int count = poisson(r, starsPerSquareDegree * area);
        for (int k = 0; k < count; k++) {
            double ra = (index + r.nextDouble()) * raWidth;
            double dec = dec0 + r.nextDouble() * CELL_DEGREES;
            double mag;
            do {
                mag = faintest + Math.log10(1 - r.nextDouble()) / SLOPE;
            } while (mag < brightest);
            out.add(new Star(ra, dec, mag));
        }
    }

    private static long mix(long seed, int band, int index) {
        long h = seed * 0x9E3779B97F4A7C15L + band * 0xC2B2AE3D27D4EB4FL + index * 0x165667B19E3779F9L;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        return h;
    }

    private static int poisson(SplittableRandom r, double mean) {
        if (mean > 50) {
            return Math.max(0, (int) Math.round(mean + Math.sqrt(mean) * r.nextGaussian()));
        }
        double l = Math.exp(-mean);
        int k = 0;
        double p = r.nextDouble();
        while (p > l) {
            k++;
            p *= r.nextDouble();
        }
        return k;
    }

    /**
     * Gnomonic (tangent-plane) projection around a field centre: standard coordinates ξ (east) and η
     * (north) in radians, or null for a point more than 90° away.
     */
    static double[] project(double raDegrees, double decDegrees, double centerRaDegrees, double centerDecDegrees) {
        double a = Math.toRadians(raDegrees - centerRaDegrees);
        double d = Math.toRadians(decDegrees);
        double d0 = Math.toRadians(centerDecDegrees);
        double cosc = Math.sin(d0) * Math.sin(d) + Math.cos(d0) * Math.cos(d) * Math.cos(a);
        if (cosc <= 1e-6) {
            return null;
        }
        double xi = Math.cos(d) * Math.sin(a) / cosc;
        double eta = (Math.cos(d0) * Math.sin(d) - Math.sin(d0) * Math.cos(d) * Math.cos(a)) / cosc;
        return new double[] {xi, eta};
    }
}
