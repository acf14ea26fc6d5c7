package org.orrery.devices.common.sim;

/**
 * Motion of a simulated focuser: absolute steps from 0 to {@code max}, at {@code speed} steps per
 * second times the speed factor of each move. Time is given by the caller; not thread-safe.
 */
public final class FocuserModel {

    private final int max;
    private final double fullSpeed;
    private Linear move;

    public FocuserModel(int max, double fullSpeed, int position, long now) {
        if (max < 1) {
            throw new IllegalArgumentException("max.position must be at least 1 step, was " + max);
        }
        if (!(fullSpeed > 0)) {
            throw new IllegalArgumentException("speed must be more than 0 steps per second, was " + fullSpeed);
        }
        this.max = max;
        this.fullSpeed = fullSpeed;
        this.move = Linear.at(Math.max(0, Math.min(max, position)), now);
    }

    public int max() {
        return max;
    }

    public int position(long now) {
        return (int) Math.round(move.value(now));
    }

    /** The position the focuser is moving to (or standing at). */
    public int target() {
        return (int) Math.round(move.to());
    }

    public boolean moving(long now) {
        return !move.done(now);
    }

    /**
     * Starts a move from where the focuser is now.
     *
     * @return its duration in seconds
     * @throws IllegalArgumentException for a position or speed factor out of range
     */
    public double moveTo(int position, double speedFactor, long now) {
        Checks.range("focuser position", " steps", 0, max, position);
        if (!(speedFactor > 0 && speedFactor <= 1)) {
            throw new IllegalArgumentException("speed factor must be more than 0 and at most 1, was "
                    + Checks.fmt(speedFactor));
        }
        move = Linear.move(move.value(now), position, fullSpeed * speedFactor, now);
        return move.durationNanos() / 1e9;
    }

    /** Ends the move at its target. */
    public void finish(long now) {
        move = Linear.at(move.to(), now);
    }

    /** Stops where the focuser is now (on a whole step). */
    public void stop(long now) {
        move = Linear.at(position(now), now);
    }
}
