package org.orrery.devices.telescope.internal;

import java.util.List;

import org.orrery.devices.common.sim.Checks;

/**
 * A simulated filter wheel: turns slot by slot, the shorter way round, {@code secondsPerSlot} per
 * slot. Slots are 1-based; {@link #slot} is 0 while the wheel turns. Time is given by the caller;
 * not thread-safe.
 */
public final class FilterWheelModel {

    private final List<String> names;
    private final double secondsPerSlot;

    private int from;
    private int steps; // signed, slots to turn
    private long start;
    private long durationNanos;

    public FilterWheelModel(List<String> names, double secondsPerSlot, int slot, long now) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("filters must name at least one filter, was empty");
        }
        if (!(secondsPerSlot >= 0)) {
            throw new IllegalArgumentException("seconds.per.slot must be 0 or more, was " + secondsPerSlot);
        }
        this.names = List.copyOf(names);
        this.secondsPerSlot = secondsPerSlot;
        this.from = Math.max(1, Math.min(names.size(), slot));
        this.start = now;
    }

    public List<String> names() {
        return names;
    }

    public int slots() {
        return names.size();
    }

    public boolean moving(long now) {
        return steps != 0 && now - start < durationNanos;
    }

    /** The slot in the light path, or 0 while turning. */
    public int slot(long now) {
        return moving(now) ? 0 : target();
    }

    /** The slot the wheel is turning to (or stands at). */
    public int target() {
        return wrap(from + steps);
    }

    /** The slot nearest the light path now (while turning, the one passing). */
    public int nearest(long now) {
        if (!moving(now)) {
            return target();
        }
        double done = (double) (now - start) / durationNanos * Math.abs(steps);
        return wrap(from + (int) Math.round(Math.signum(steps) * done));
    }

    /**
     * Starts turning to {@code slot}, from the slot nearest the light path.
     *
     * @return the duration in seconds
     */
    public double select(int slot, long now) {
        Checks.range("filter slot", " (" + names.size() + " filters: " + String.join(",", names) + ")", 1,
                names.size(), slot);
        int here = nearest(now);
        int n = names.size();
        int forward = Math.floorMod(slot - here, n);
        int backward = forward - n;
        from = here;
        steps = forward <= -backward ? forward : backward;
        start = now;
        durationNanos = Math.round(Math.abs(steps) * secondsPerSlot * 1e9);
        return durationNanos / 1e9;
    }

    /** Ends the turn at its target. */
    public void finish() {
        from = target();
        steps = 0;
    }

    /** Stops at the slot nearest the light path. */
    public void stop(long now) {
        from = nearest(now);
        steps = 0;
    }

    private int wrap(int s) {
        return Math.floorMod(s - 1, names.size()) + 1;
    }
}
