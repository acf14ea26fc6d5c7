package org.orrery.devices.microscope.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.orrery.device.FrameType;
import org.orrery.devices.common.sim.Sensor;

/**
 * Renders what a simulated bright-field microscope camera sees: a made-up slide of cells (soft
 * ellipses with a darker nucleus and a few granules) that is the same wherever it is looked at
 * (each {@value #GRID_UM} µm square of the slide is seeded by its indices), centred on the stage's
 * x and y, blurred by the distance of the focal plane from the sample (sigma grows with NA × Δz),
 * then read out through the {@link Sensor}. Plain Java, no OSGi.
 */
public final class SampleRenderer {

    public static final double GRID_UM = 40;
    /** Photo-electrons per second and pixel through the bare slide. */
    public static final double ILLUMINATION_ELECTRONS_PER_SECOND = 30_000;
    private static final double SLIDE_TRANSMISSION = 0.92;
    private static final double DIFFRACTION_SIGMA_UM = 0.25;
    private static final int TABLE = 2048;
    private static final double TABLE_RANGE = 10;
    private static final float[] LOGISTIC = new float[TABLE + 1];

    static {
        for (int i = 0; i <= TABLE; i++) {
            double t = -TABLE_RANGE + 2 * TABLE_RANGE * i / TABLE;
            LOGISTIC[i] = (float) (1 / (1 + Math.exp(t)));
        }
    }

    /**
     * One exposure to render.
     *
     * @param xUm stage x (the slide position under the objective), µm
     * @param yUm stage y, µm
     * @param defocusUm distance of the focal plane from the sample, µm
     */
    public record Scene(FrameType type, double seconds, int binX, int binY, double gain, int offset, double celsius,
            double xUm, double yUm, double defocusUm, long noiseSeed) implements Sensor.Exposure {
    }

    /** A soft ellipse that absorbs {@code absorption} of the light. */
    public record Blob(double x, double y, double a, double b, double angle, double absorption) {
    }

    private final Sensor sensor;
    private final double umPerPixel;
    private final double numericalAperture;
    private final long seed;

    public SampleRenderer(Sensor sensor, double pixelMicrons, double magnification, double numericalAperture, long seed) {
        if (!(pixelMicrons > 0) || !(magnification > 0) || !(numericalAperture > 0)) {
            throw new IllegalArgumentException("pixel size, magnification and NA must be more than 0, were "
                    + pixelMicrons + ", " + magnification + ", " + numericalAperture);
        }
        this.sensor = sensor;
        this.umPerPixel = pixelMicrons / magnification;
        this.numericalAperture = numericalAperture;
        this.seed = seed;
    }

    public Sensor sensor() {
        return sensor;
    }

    public double umPerPixel() {
        return umPerPixel;
    }

    /** Blur sigma in µm at a defocus. */
    public double sigmaUm(double defocusUm) {
        return Math.hypot(DIFFRACTION_SIGMA_UM, 0.5 * numericalAperture * defocusUm);
    }

    int[] render(Scene s) {
        return sensor.readOut(signal(s), s);
    }

    /** Expected photo-electrons per binned pixel, before dark current and noise. */
    float[] signal(Scene s) {
        int w = sensor.width() / s.binX();
        int h = sensor.height() / s.binY();
        float[] image = new float[w * h];
        int area = s.binX() * s.binY();
        if (s.type() == FrameType.BIAS || s.type() == FrameType.DARK) {
            return image;
        }
        if (s.type() == FrameType.FLAT) {
            java.util.Arrays.fill(image, (float) sensor.halfWell(s.gain(), s.binX(), s.binY(), s.offset()));
            return image;
        }
        // absorption per pixel, then transmitted light
        float[] absorbed = image;
        double px = umPerPixel * s.binX();
        double py = umPerPixel * s.binY();
        double left = s.xUm() - w / 2.0 * px;
        double top = s.yUm() - h / 2.0 * py;
        double sigma = sigmaUm(s.defocusUm());
        for (Blob blob : blobs(left - 20, top - 20, left + w * px + 20, top + h * py + 20)) {
            paint(absorbed, w, h, left, top, px, py, blob, sigma);
        }
        double full = ILLUMINATION_ELECTRONS_PER_SECOND * s.seconds() * area * SLIDE_TRANSMISSION;
        for (int i = 0; i < image.length; i++) {
            image[i] = (float) (full * (1 - Math.min(0.95, absorbed[i])));
        }
        return image;
    }

    private static void paint(float[] absorbed, int w, int h, double left, double top, double px, double py, Blob b,
            double sigma) {
        double r = Math.sqrt(b.a() * b.b());
        double amplitude = b.absorption() * r * r / (r * r + 2 * sigma * sigma);
        if (amplitude < 0.003) {
            return;
        }
        double soft = 0.6 * sigma;
        double reach = Math.max(b.a(), b.b()) + 4 * sigma;
        int x0 = Math.max(0, (int) Math.floor((b.x() - reach - left) / px));
        int x1 = Math.min(w - 1, (int) Math.ceil((b.x() + reach - left) / px));
        int y0 = Math.max(0, (int) Math.floor((b.y() - reach - top) / py));
        int y1 = Math.min(h - 1, (int) Math.ceil((b.y() + reach - top) / py));
        double cos = Math.cos(b.angle());
        double sin = Math.sin(b.angle());
        double scale = TABLE / (2 * TABLE_RANGE);
        for (int y = y0; y <= y1; y++) {
            double dy = top + (y + 0.5) * py - b.y();
            for (int x = x0; x <= x1; x++) {
                double dx = left + (x + 0.5) * px - b.x();
                double u = (dx * cos + dy * sin) / b.a();
                double v = (-dx * sin + dy * cos) / b.b();
                double edge = (Math.sqrt(u * u + v * v) - 1) * r / soft; // distance to the edge in softness units
                if (edge >= TABLE_RANGE) {
                    continue;
                }
                int i = edge <= -TABLE_RANGE ? 0 : (int) ((edge + TABLE_RANGE) * scale);
                absorbed[y * w + x] += (float) (amplitude * LOGISTIC[i]);
            }
        }
    }

    /** The blobs of every grid square that meets the rectangle (slide coordinates in µm). */
    public List<Blob> blobs(double x0, double y0, double x1, double y1) {
        List<Blob> out = new ArrayList<>();
        long i0 = (long) Math.floor(x0 / GRID_UM);
        long i1 = (long) Math.floor(x1 / GRID_UM);
        long j0 = (long) Math.floor(y0 / GRID_UM);
        long j1 = (long) Math.floor(y1 / GRID_UM);
        for (long j = j0; j <= j1; j++) {
            for (long i = i0; i <= i1; i++) {
                square(out, i, j);
            }
        }
        return out;
    }

    /** A point {@code d} from a cell's centre towards {@code a}, in the cell's (squashed, turned) frame. */
    private static double[] inside(double d, double a, double ratio, double angle) {
        double u = d * Math.cos(a);
        double v = d * ratio * Math.sin(a);
        return new double[] {u * Math.cos(angle) - v * Math.sin(angle), u * Math.sin(angle) + v * Math.cos(angle)};
    }

    private void square(List<Blob> out, long i, long j) {
        long h = seed * 0x9E3779B97F4A7C15L + i * 0xC2B2AE3D27D4EB4FL + j * 0x165667B19E3779F9L;
        h ^= h >>> 31;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 29;
        SplittableRandom r = new SplittableRandom(h);
        double u = r.nextDouble();
        int cells = u < 0.3 ? 0 : u < 0.75 ? 1 : 2;
        for (int c = 0; c < cells; c++) {
            double cx = (i + r.nextDouble()) * GRID_UM;
            double cy = (j + r.nextDouble()) * GRID_UM;
            double radius = 5 + 7 * r.nextDouble();
            double ratio = 0.65 + 0.35 * r.nextDouble();
            double angle = Math.PI * r.nextDouble();
            out.add(new Blob(cx, cy, radius, radius * ratio, angle, 0.15 + 0.15 * r.nextDouble()));
            double nr = radius * (0.3 + 0.15 * r.nextDouble());
            double[] n = inside(0.3 * radius * r.nextDouble(), 2 * Math.PI * r.nextDouble(), ratio, angle);
            out.add(new Blob(cx + n[0], cy + n[1], nr, nr * (0.8 + 0.2 * ratio), angle, 0.35 + 0.2 * r.nextDouble()));
            int granules = 2 + r.nextInt(4);
            for (int g = 0; g < granules; g++) {
                double gr = 0.6 + 0.6 * r.nextDouble();
                double[] p = inside((0.45 + 0.4 * r.nextDouble()) * radius, 2 * Math.PI * r.nextDouble(), ratio,
                        angle);
                out.add(new Blob(cx + p[0], cy + p[1], gr, gr, 0, 0.25 + 0.15 * r.nextDouble()));
            }
        }
    }
}
