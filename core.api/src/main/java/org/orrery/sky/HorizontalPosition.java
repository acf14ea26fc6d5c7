package org.orrery.sky;

/**
 * Where something is in the local sky.
 *
 * @param altitudeDegrees above the horizon (negative below), corrected for refraction where the
 *        provider says so
 * @param azimuthDegrees from north through east, 0 ≤ az &lt; 360
 */
public record HorizontalPosition(double altitudeDegrees, double azimuthDegrees) {
}
