package org.orrery.devices.microscope.internal;

import org.orrery.devices.common.sim.Checks;
import org.orrery.devices.common.sim.Linear;

/**
 * Motion of a simulated XYZ stage in µm: all three axes move at once, x and y at {@code xySpeed},
 * z at {@code zSpeed} µm per second, within the limits. Time is given by the caller; not thread-safe.
 */
public final class StageModel {

    private static final String[] AXES = {"x", "y", "z"};

    private final double[] limits;
    private final double xySpeed;
    private final double zSpeed;
    private final Linear[] axes = new Linear[3];

    /** @param limits {minX, maxX, minY, maxY, minZ, maxZ} */
    public StageModel(double[] limits, double xySpeed, double zSpeed, double[] start, long now) {
        for (int i = 0; i < 3; i++) {
            if (!(limits[2 * i] <= limits[2 * i + 1])) {
                throw new IllegalArgumentException("stage " + AXES[i] + " limits must be min <= max, were "
                        + limits[2 * i] + " and " + limits[2 * i + 1]);
            }
        }
        if (!(xySpeed > 0) || !(zSpeed > 0)) {
            throw new IllegalArgumentException("stage speeds must be more than 0 µm/s, were xy " + xySpeed + " and z "
                    + zSpeed);
        }
        this.limits = limits.clone();
        this.xySpeed = xySpeed;
        this.zSpeed = zSpeed;
        for (int i = 0; i < 3; i++) {
            axes[i] = Linear.at(Math.max(limits[2 * i], Math.min(limits[2 * i + 1], start[i])), now);
        }
    }

    double[] limits() {
        return limits.clone();
    }

    double[] position(long now) {
        return new double[] {axes[0].value(now), axes[1].value(now), axes[2].value(now)};
    }

    double[] target() {
        return new double[] {axes[0].to(), axes[1].to(), axes[2].to()};
    }

    public boolean moving(long now) {
        return !axes[0].done(now) || !axes[1].done(now) || !axes[2].done(now);
    }

    /** Starts a move from where the stage is now; returns its duration in seconds. */
    public double moveTo(double x, double y, double z, long now) {
        double[] to = {x, y, z};
        for (int i = 0; i < 3; i++) {
            Checks.range("stage " + AXES[i], " µm", limits[2 * i], limits[2 * i + 1], to[i]);
        }
        double[] here = position(now);
        long end = now;
        for (int i = 0; i < 3; i++) {
            axes[i] = Linear.move(here[i], to[i], i < 2 ? xySpeed : zSpeed, now);
            end = Math.max(end, axes[i].endNanos());
        }
        return (end - now) / 1e9;
    }

    /** Ends the move at its target. */
    public void finish(long now) {
        for (int i = 0; i < 3; i++) {
            axes[i] = Linear.at(axes[i].to(), now);
        }
    }

    public void stop(long now) {
        double[] here = position(now);
        for (int i = 0; i < 3; i++) {
            axes[i] = Linear.at(here[i], now);
        }
    }
}
