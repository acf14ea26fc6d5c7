package org.orrery.devices.camera.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.math3.analysis.ParametricUnivariateFunction;
import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.fitting.PolynomialCurveFitter;
import org.apache.commons.math3.fitting.SimpleCurveFitter;
import org.apache.commons.math3.fitting.WeightedObservedPoint;
import org.apache.commons.math3.fitting.WeightedObservedPoints;

/**
 * Fits a focus V-curve (HFR against focuser position) with commons-math3 and finds its minimum.
 * <ul>
 * <li>{@code hyperbola}: HFR = a·√(1 + ((x − c)/b)²), fitted by Levenberg–Marquardt; the best
 * position is c, the HFR there a. A defocused star's size grows like this (the seeing disc and
 * the defocus add in quadrature, which is also how the simulated camera renders it).
 * <li>{@code parabola}: HFR = p0 + p1·x + p2·x², least squares; the best position is −p1/(2·p2),
 * only when p2 &gt; 0 (the curve opens upward).
 * </ul>
 * Positions are fitted relative to the curve's middle and in units of the step, so that the
 * problem stays well conditioned whatever the focuser's step count.
 */
public final class FocusCurve {

    /** One measured point. */
    public record Point(int position, double hfr) {
    }

    /**
     * A fit.
     *
     * @param type {@code hyperbola} or {@code parabola}
     * @param parameters named parameters in focuser steps and pixels (hyperbola: a, b, c; parabola: p0, p1, p2
     *        of x in steps)
     * @param rSquared coefficient of determination over the points
     * @param best the position of the minimum (not rounded)
     * @param hfrAtBest the fitted HFR there
     */
    public record Fit(String type, Map<String, Double> parameters, double rSquared, double best, double hfrAtBest) {

        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", type);
            Map<String, Object> p = new LinkedHashMap<>();
            parameters.forEach((k, v) -> p.put(k, round(v, 6)));
            m.put("parameters", p);
            m.put("r_squared", round(rSquared, 4));
            m.put("best_position", round(best, 1));
            m.put("hfr_at_best", round(hfrAtBest, 2));
            return m;
        }
    }

    public static final String HYPERBOLA = "hyperbola";
    public static final String PARABOLA = "parabola";

    /** Thrown when no curve with a minimum fits the points. */
    public static final class NoFit extends Exception {
        private static final long serialVersionUID = 1L;

        NoFit(String message) {
            super(message);
        }
    }

    private FocusCurve() {
    }

    /** Fits the points (at least 3 for a parabola, 4 for a hyperbola) with the method named. */
    public static Fit fit(String method, List<Point> points) throws NoFit {
        int min = HYPERBOLA.equals(method) ? 4 : 3;
        if (points.size() < min) {
            throw new NoFit("a " + method + " needs at least " + min + " points with stars, there were "
                    + points.size());
        }
        List<Point> rising = rising(points);
        if (rising.size() >= min) {
            points = rising;
        }
        double first = points.get(0).position();
        double last = points.get(points.size() - 1).position();
        double middle = (first + last) / 2;
        double unit = Math.max(1, Math.abs(last - first) / Math.max(1, points.size() - 1));
        WeightedObservedPoints observed = new WeightedObservedPoints();
        for (Point p : points) {
            observed.add((p.position() - middle) / unit, p.hfr());
        }
        return HYPERBOLA.equals(method) ? hyperbola(observed.toList(), middle, unit)
                : parabola(observed.toList(), middle, unit);
    }

    /**
     * The points, by position, from the lowest HFR outwards as long as the HFR keeps rising on each side. Far from
     * focus the stars grow faint and few, and their measured HFR stops growing (or falls): such shoulder points
     * would pull the fitted centre towards them, so they are left out.
     */
    static List<Point> rising(List<Point> points) {
        List<Point> sorted = new java.util.ArrayList<>(points);
        sorted.sort(java.util.Comparator.comparingInt(Point::position));
        int best = 0;
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).hfr() < sorted.get(best).hfr()) {
                best = i;
            }
        }
        int from = best;
        while (from > 0 && sorted.get(from - 1).hfr() > sorted.get(from).hfr()) {
            from--;
        }
        int to = best;
        while (to < sorted.size() - 1 && sorted.get(to + 1).hfr() > sorted.get(to).hfr()) {
            to++;
        }
        return List.copyOf(sorted.subList(from, to + 1));
    }

    /** a·√(1 + ((t − c)/b)²) with parameters {a, b, c}. */
    static final ParametricUnivariateFunction HYPERBOLA_FUNCTION = new ParametricUnivariateFunction() {
        @Override
        public double value(double t, double... p) {
            double u = (t - p[2]) / p[1];
            return p[0] * Math.sqrt(1 + u * u);
        }

        @Override
        public double[] gradient(double t, double... p) {
            double u = (t - p[2]) / p[1];
            double s = Math.sqrt(1 + u * u);
            return new double[] {s, -p[0] * u * u / (p[1] * s), -p[0] * u / (p[1] * s)};
        }
    };

    private static Fit hyperbola(List<WeightedObservedPoint> points, double middle, double unit) throws NoFit {
        WeightedObservedPoint lowest = points.get(0);
        double maxY = lowest.getY();
        double minT = lowest.getX();
        double maxT = lowest.getX();
        for (WeightedObservedPoint p : points) {
            lowest = p.getY() < lowest.getY() ? p : lowest;
            maxY = Math.max(maxY, p.getY());
            minT = Math.min(minT, p.getX());
            maxT = Math.max(maxT, p.getX());
        }
        double a0 = lowest.getY();
        double slope = Math.max(1e-6, (maxY - a0) / Math.max(1, (maxT - minT) / 2));
        double b0 = Math.max(0.1, a0 / slope);
        double[] p;
        try {
            p = SimpleCurveFitter.create(HYPERBOLA_FUNCTION, new double[] {a0, b0, lowest.getX()})
                    .withMaxIterations(10_000).fit(points);
        } catch (MathIllegalStateException e) {
            throw new NoFit("the hyperbola fit did not converge: " + e.getMessage());
        }
        double a = p[0];
        double b = Math.abs(p[1]);
        if (!(a > 0) || !Double.isFinite(b) || !Double.isFinite(p[2])) {
            throw new NoFit("the hyperbola fit has no minimum (a = " + a + ", b = " + b + ")");
        }
        double r2 = rSquared(points, t -> HYPERBOLA_FUNCTION.value(t, p));
        Map<String, Double> named = new LinkedHashMap<>();
        named.put("a", a);
        named.put("b", b * unit);
        named.put("c", middle + p[2] * unit);
        return new Fit(HYPERBOLA, named, r2, middle + p[2] * unit, a);
    }

    private static Fit parabola(List<WeightedObservedPoint> points, double middle, double unit) throws NoFit {
        double[] c = PolynomialCurveFitter.create(2).fit(points);
        if (!(c[2] > 0)) {
            throw new NoFit("the parabola opens downward (no minimum): x² coefficient " + c[2]);
        }
        double tBest = -c[1] / (2 * c[2]);
        double r2 = rSquared(points, t -> c[0] + c[1] * t + c[2] * t * t);
        // back to steps: x = middle + unit·t
        double p2 = c[2] / (unit * unit);
        double p1 = c[1] / unit - 2 * p2 * middle;
        double p0 = c[0] - c[1] * middle / unit + c[2] * middle * middle / (unit * unit);
        Map<String, Double> named = new LinkedHashMap<>();
        named.put("p0", p0);
        named.put("p1", p1);
        named.put("p2", p2);
        return new Fit(PARABOLA, named, r2, middle + tBest * unit, c[0] + c[1] * tBest + c[2] * tBest * tBest);
    }

    private static double rSquared(List<WeightedObservedPoint> points, java.util.function.DoubleUnaryOperator f) {
        double mean = points.stream().mapToDouble(WeightedObservedPoint::getY).average().orElse(0);
        double res = 0;
        double tot = 0;
        for (WeightedObservedPoint p : points) {
            double d = p.getY() - f.applyAsDouble(p.getX());
            res += d * d;
            tot += (p.getY() - mean) * (p.getY() - mean);
        }
        return tot == 0 ? 0 : 1 - res / tot;
    }

    static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }
}
