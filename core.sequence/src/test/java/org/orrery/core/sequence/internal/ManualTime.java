package org.orrery.core.sequence.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** A clock that moves only when told, and the timer on it: tests never sleep. */
final class ManualTime extends Clock implements WakeTimer {

    private record Due(Instant at, Runnable task) {
    }

    private Instant now;
    private final List<Due> due = new ArrayList<>();

    ManualTime(Instant start) {
        this.now = start;
    }

    @Override
    public synchronized void at(Instant when, Runnable task) {
        due.add(new Due(when, task));
    }

    /** Real time is this clock's time in tests. */
    @Override
    public synchronized Runnable afterReal(Duration real, Runnable task) {
        Due d = new Due(now.plus(real), task);
        due.add(d);
        return () -> {
            synchronized (this) {
                due.remove(d);
            }
        };
    }

    /** Moves the clock on, running every timer due by then, in order of their instants. */
    void advance(Duration by) {
        Instant target = now.plus(by);
        while (true) {
            Due next;
            synchronized (this) {
                next = due.stream().filter(d -> !d.at().isAfter(target))
                        .min(java.util.Comparator.comparing(Due::at)).orElse(null);
                if (next == null) {
                    now = target;
                    return;
                }
                due.remove(next);
                if (next.at().isAfter(now)) {
                    now = next.at();
                }
            }
            next.task().run();
        }
    }

    synchronized int pendingTimers() {
        return due.size();
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
