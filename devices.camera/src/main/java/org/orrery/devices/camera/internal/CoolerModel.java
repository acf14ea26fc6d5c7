package org.orrery.devices.camera.internal;

/**
 * A thermo-electric cooler: the sensor temperature approaches the set point exponentially with a
 * time constant, from the ambient temperature at power-on, but never gets colder than
 * {@link #MAX_DELTA} below ambient.
 */
public final class CoolerModel {

    public static final double MAX_DELTA = 40.0;

    private final double ambient;
    private final double setPoint;
    private final double tauSeconds;
    private final long start;

    public CoolerModel(double ambient, double setPoint, double tauSeconds, long now) {
        this.ambient = ambient;
        this.setPoint = setPoint;
        this.tauSeconds = Math.max(1e-3, tauSeconds);
        this.start = now;
    }

    public double setPoint() {
        return setPoint;
    }

    /** The temperature the cooler can reach: the set point, or ambient − {@link #MAX_DELTA}. */
    public double reachable() {
        return Math.max(setPoint, ambient - MAX_DELTA);
    }

    public double temperature(long now) {
        double t = Math.max(0, (now - start) / 1e9);
        double target = reachable();
        return target + (ambient - target) * Math.exp(-t / tauSeconds);
    }
}
