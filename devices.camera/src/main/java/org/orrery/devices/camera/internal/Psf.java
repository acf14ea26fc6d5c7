package org.orrery.devices.camera.internal;

/** Adds pixel-integrated, separable 2-D Gaussians to an image, only within a small box around each. */
public final class Psf {

    private Psf() {
    }

    /**
     * Adds {@code flux} spread as a Gaussian centred at ({@code cx}, {@code cy}) (pixel i covers i to
     * i+1) with the given sigmas, over ±4 sigma.
     */
    public static void add(float[] image, int w, int h, double cx, double cy, double sx, double sy, double flux) {
        int x0 = (int) Math.floor(cx - 4 * sx - 1);
        int x1 = (int) Math.ceil(cx + 4 * sx + 1);
        int y0 = (int) Math.floor(cy - 4 * sy - 1);
        int y1 = (int) Math.ceil(cy + 4 * sy + 1);
        if (x1 < 0 || y1 < 0 || x0 >= w || y0 >= h) {
            return;
        }
        x0 = Math.max(0, x0);
        y0 = Math.max(0, y0);
        x1 = Math.min(w - 1, x1);
        y1 = Math.min(h - 1, y1);
        double[] wx = weights(x0, x1, cx, sx);
        double[] wy = weights(y0, y1, cy, sy);
        for (int y = y0; y <= y1; y++) {
            double fy = flux * wy[y - y0];
            if (fy == 0) {
                continue;
            }
            int row = y * w;
            for (int x = x0; x <= x1; x++) {
                image[row + x] += (float) (fy * wx[x - x0]);
            }
        }
    }

    private static double[] weights(int a, int b, double c, double s) {
        double[] out = new double[b - a + 1];
        double k = 1 / (Math.sqrt(2) * s);
        double prev = erf((a - c) * k);
        for (int i = a; i <= b; i++) {
            double next = erf((i + 1 - c) * k);
            out[i - a] = 0.5 * (next - prev);
            prev = next;
        }
        return out;
    }

    /** The error function (Abramowitz and Stegun 7.1.26, absolute error below 1.5e-7). */
    public static double erf(double x) {
        double t = 1 / (1 + 0.3275911 * Math.abs(x));
        double y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592)
                * t * Math.exp(-x * x);
        return x >= 0 ? y : -y;
    }
}
