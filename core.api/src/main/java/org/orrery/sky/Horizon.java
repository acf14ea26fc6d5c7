package org.orrery.sky;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The lowest altitude the telescope can see over, per azimuth (trees, buildings, a dome's
 * slit): points joined by straight lines, wrapping round at 360°. An empty horizon is flat at
 * 0°.
 */
public record Horizon(List<Point> points) {

    /** One point of the line: at this azimuth (0 ≤ az &lt; 360, from north through east), this altitude. */
    public record Point(double azimuthDegrees, double altitudeDegrees) {
        public Point {
            if (!(azimuthDegrees >= 0 && azimuthDegrees < 360)) {
                throw new IllegalArgumentException("horizon azimuth must be 0 to 360 degrees (360 excluded), was "
                        + azimuthDegrees);
            }
            if (!(altitudeDegrees >= -90 && altitudeDegrees <= 90)) {
                throw new IllegalArgumentException("horizon altitude must be -90 to 90 degrees, was " + altitudeDegrees);
            }
        }
    }

    public static final Horizon FLAT = new Horizon(List.of());

    public Horizon {
        List<Point> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingDouble(Point::azimuthDegrees));
        points = List.copyOf(sorted);
    }

    /** The horizon's altitude at an azimuth, interpolated linearly between its points. */
    public double altitudeAt(double azimuthDegrees) {
        if (points.isEmpty()) {
            return 0;
        }
        if (points.size() == 1) {
            return points.get(0).altitudeDegrees();
        }
        double az = ((azimuthDegrees % 360) + 360) % 360;
        Point before = points.get(points.size() - 1);
        double beforeAz = before.azimuthDegrees() - 360;
        for (Point p : points) {
            if (p.azimuthDegrees() >= az) {
                return interpolate(beforeAz, before.altitudeDegrees(), p.azimuthDegrees(), p.altitudeDegrees(), az);
            }
            before = p;
            beforeAz = p.azimuthDegrees();
        }
        Point first = points.get(0);
        return interpolate(beforeAz, before.altitudeDegrees(), first.azimuthDegrees() + 360, first.altitudeDegrees(), az);
    }

    private static double interpolate(double x0, double y0, double x1, double y1, double x) {
        return x1 == x0 ? y1 : y0 + (y1 - y0) * (x - x0) / (x1 - x0);
    }
}
