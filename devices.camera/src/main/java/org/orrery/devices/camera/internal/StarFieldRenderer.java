package org.orrery.devices.camera.internal;

import java.util.Locale;

import org.orrery.device.FrameType;
import org.orrery.devices.common.sim.MountModel;
import org.orrery.devices.common.sim.Sensor;

/**
 * Renders what a simulated astronomy camera sees: a {@link StarField} around the telescope's
 * pointing, projected with the plate scale of the pixel size and focal length (north up, east
 * left), stars as Gaussians whose sigma combines the seeing and the defocus, trailed when the
 * pointing moved during the exposure; a sky background; the filter's transmission; then the
 * {@link Sensor}'s noise. Plain Java, no OSGi.
 */
public final class StarFieldRenderer {

    /** Electrons per second of a magnitude-10 star through a luminance filter. */
    public static final double MAG10_ELECTRONS_PER_SECOND = 10_000;
    /** Sky background per pixel and second through a luminance filter. */
    public static final double SKY_ELECTRONS_PER_SECOND = 3.0;
    private static final int MAX_TRAIL_STEPS = 400;
    private static final double MAX_SIGMA = 60;

    /** Where the telescope points: right ascension in hours, declination in degrees. */
    public record Pointing(double raHours, double decDegrees) {
    }

    /**
     * One exposure to render.
     *
     * @param start pointing when the exposure started
     * @param end pointing when it ended (differs when the mount moved: stars trail)
     * @param focusOffsetSteps focuser position minus best focus
     * @param filter the filter in the light path ("" for none)
     */
    public record Scene(FrameType type, double seconds, int binX, int binY, double gain, int offset, double celsius,
            Pointing start, Pointing end, double focusOffsetSteps, String filter, long noiseSeed)
            implements Sensor.Exposure {
    }

    private final Sensor sensor;
    private final StarField sky;
    private final double arcsecPerPixel;
    private final double seeingSigmaPixels;
    private final double blurPixelsPer1000Steps;

    public StarFieldRenderer(Sensor sensor, StarField sky, double pixelMicrons, double focalLengthMm, double seeingArcsec,
            double blurPixelsPer1000Steps) {
        if (!(pixelMicrons > 0) || !(focalLengthMm > 0)) {
            throw new IllegalArgumentException("pixel size and focal length must be more than 0, were "
                    + pixelMicrons + " µm and " + focalLengthMm + " mm");
        }
        this.sensor = sensor;
        this.sky = sky;
        this.arcsecPerPixel = 206.264806 * pixelMicrons / focalLengthMm;
        this.seeingSigmaPixels = Math.max(0.3, seeingArcsec / 2.3548 / arcsecPerPixel);
        this.blurPixelsPer1000Steps = blurPixelsPer1000Steps;
    }

    public Sensor sensor() {
        return sensor;
    }

    public double arcsecPerPixel() {
        return arcsecPerPixel;
    }

    /** The star image's sigma in unbinned pixels at a focus offset. */
    public double sigmaPixels(double focusOffsetSteps) {
        double defocus = blurPixelsPer1000Steps * Math.abs(focusOffsetSteps) / 1000.0;
        return Math.min(MAX_SIGMA, Math.hypot(seeingSigmaPixels, defocus));
    }

    /** Share of a luminance filter's light that a filter passes: {stars, sky background}. */
    static double[] transmission(String filter) {
        String f = filter == null ? "" : filter.trim().toUpperCase(Locale.ROOT);
        switch (f) {
            case "", "L", "LUM", "LUMINANCE", "CLEAR", "C", "NONE":
                return new double[] {1.0, 1.0};
            case "R", "RED", "G", "GREEN", "B", "BLUE", "V":
                return new double[] {0.33, 0.3};
            default:
                if (f.startsWith("HA") || f.startsWith("H-A") || f.startsWith("HB") || f.contains("OIII")
                        || f.startsWith("O3") || f.contains("SII") || f.startsWith("S2") || f.startsWith("NB")) {
                    return new double[] {0.04, 0.02};
                }
                return new double[] {0.5, 0.5};
        }
    }

    /** Binned frame dimensions {width, height}. */
    int[] size(int binX, int binY) {
        return new int[] {sensor.width() / binX, sensor.height() / binY};
    }

    /** The frame's pixels, row by row. */
    int[] render(Scene s) {
        return sensor.readOut(signal(s), s);
    }

    /** The expected photo-electrons per binned pixel, before dark current and noise. */
    float[] signal(Scene s) {
        int[] size = size(s.binX(), s.binY());
        int w = size[0];
        int h = size[1];
        float[] image = new float[w * h];
        int area = s.binX() * s.binY();
        switch (s.type()) {
            case BIAS, DARK -> {
                return image;
            }
            case FLAT -> {
                double level = sensor.halfWell(s.gain(), s.binX(), s.binY(), s.offset());
                for (int y = 0; y < h; y++) {
                    double dy = (y + 0.5) / h - 0.5;
                    for (int x = 0; x < w; x++) {
                        double dx = (x + 0.5) / w - 0.5;
                        // a gentle vignette: 8 % darker in the corners, the mean close to half well
                        image[y * w + x] = (float) (level * (1.027 - 0.16 * (dx * dx + dy * dy)));
                    }
                }
                return image;
            }
            default -> {
                // LIGHT, below
            }
        }
        double[] t = transmission(s.filter());
        float background = (float) (SKY_ELECTRONS_PER_SECOND * t[1] * s.seconds() * area);
        java.util.Arrays.fill(image, background);
        double sigma = sigmaPixels(s.focusOffsetSteps());
        double sx = sigma / s.binX();
        double sy = sigma / s.binY();
        double scale = Math.toRadians(arcsecPerPixel / 3600.0);
        double cx = sensor.width() / 2.0;
        double cy = sensor.height() / 2.0;
        double radius = Math.hypot(sensor.width(), sensor.height()) / 2 * arcsecPerPixel / 3600.0 + 0.01;
        Pointing p0 = s.start();
        Pointing p1 = s.end() == null ? p0 : s.end();
        double ra0 = p0.raHours() * 15;
        double ra1 = p1.raHours() * 15;
        boolean moved = !p0.equals(p1);
        // stars near either end of a trail
        java.util.Set<StarField.Star> stars = new java.util.LinkedHashSet<>(sky.around(ra0, p0.decDegrees(), radius));
        if (moved) {
            double travel = angularDistance(ra0, p0.decDegrees(), ra1, p1.decDegrees());
            if (travel > 4 * radius) {
                // a slew across the sky during the exposure: only long streaks of the stars at either end
                stars.addAll(sky.around(ra1, p1.decDegrees(), radius));
            } else {
                double midRa = ra0 + MountModel.shortestHours(p0.raHours(), p1.raHours()) * 15 / 2;
                stars.addAll(sky.around(midRa, (p0.decDegrees() + p1.decDegrees()) / 2, radius + travel / 2));
            }
        }
        double exposureFactor = t[0] * s.seconds();
        for (StarField.Star star : stars) {
            double flux = MAG10_ELECTRONS_PER_SECOND * Math.pow(10, -0.4 * (star.magnitude() - 10)) * exposureFactor;
            double[] a = StarField.project(star.raDegrees(), star.decDegrees(), ra0, p0.decDegrees());
            double[] b = moved ? StarField.project(star.raDegrees(), star.decDegrees(), ra1, p1.decDegrees()) : a;
            if (a == null || b == null) {
                continue;
            }
            double xa = cx - a[0] / scale;
            double ya = cy - a[1] / scale;
            double xb = cx - b[0] / scale;
            double yb = cy - b[1] / scale;
            double length = Math.hypot(xb - xa, yb - ya);
            int steps = length < 0.5 ? 1 : (int) Math.min(MAX_TRAIL_STEPS, Math.ceil(length / Math.max(0.5, sigma)) + 1);
            if (steps == 1) {
                Psf.add(image, w, h, (xa + xb) / 2 / s.binX(), (ya + yb) / 2 / s.binY(), sx, sy, flux);
                continue;
            }
            double f = flux / steps;
            for (int k = 0; k < steps; k++) {
                double u = (double) k / (steps - 1);
                Psf.add(image, w, h, (xa + u * (xb - xa)) / s.binX(), (ya + u * (yb - ya)) / s.binY(), sx, sy, f);
            }
        }
        return image;
    }

    /** Pixel position (unbinned, x from the left, y from the top) of a sky position in a frame centred on {@code p}. */
    double[] pixelOf(double raDegrees, double decDegrees, Pointing p) {
        double[] a = StarField.project(raDegrees, decDegrees, p.raHours() * 15, p.decDegrees());
        if (a == null) {
            return null;
        }
        double scale = Math.toRadians(arcsecPerPixel / 3600.0);
        return new double[] {sensor.width() / 2.0 - a[0] / scale, sensor.height() / 2.0 - a[1] / scale};
    }

    /** The stars a frame centred on {@code p} could show. */
    java.util.List<StarField.Star> starsAround(Pointing p) {
        double radius = Math.hypot(sensor.width(), sensor.height()) / 2 * arcsecPerPixel / 3600.0 + 0.01;
        return sky.around(p.raHours() * 15, p.decDegrees(), radius);
    }

    public static double angularDistance(double ra1, double dec1, double ra2, double dec2) {
        double d1 = Math.toRadians(dec1);
        double d2 = Math.toRadians(dec2);
        double c = Math.sin(d1) * Math.sin(d2) + Math.cos(d1) * Math.cos(d2) * Math.cos(Math.toRadians(ra2 - ra1));
        return Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, c))));
    }
}
