package org.orrery.devices.common.sim;

/**
 * A straight move of one axis from {@code from} to {@code to}, starting at {@code startNanos}
 * (a {@link System#nanoTime()} value) and lasting {@code durationNanos}.
 */
public record Linear(double from, double to, long startNanos, long durationNanos) {

    public static Linear at(double value, long now) {
        return new Linear(value, value, now, 0);
    }

    /** A move at {@code speed} units per second (speed > 0). */
    public static Linear move(double from, double to, double speed, long now) {
        long nanos = Math.round(Math.abs(to - from) / speed * 1e9);
        return new Linear(from, to, now, nanos);
    }

    public double value(long now) {
        long elapsed = now - startNanos;
        if (elapsed >= durationNanos || durationNanos == 0) {
            return to;
        }
        if (elapsed <= 0) {
            return from;
        }
        return from + (to - from) * ((double) elapsed / durationNanos);
    }

    public boolean done(long now) {
        return now - startNanos >= durationNanos;
    }

    public long endNanos() {
        return startNanos + durationNanos;
    }
}
