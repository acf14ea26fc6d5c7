package org.orrery.core.sequence.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.orrery.device.ConnectionState;
import org.orrery.device.SafetyMonitor;

/**
 * The {@code safety.*} condition fields: safe when every safety monitor is connected, says safe
 * and reported within the silence limit; {@code safe_for} counts from the last unsafe moment this
 * object saw (in memory: after a restart it counts from the restart). Without a monitor it is
 * safe ("no safety monitor"). Read on the runner's thread only.
 */
final class Safety {

    /** A view of the monitors at one moment. */
    record State(boolean safe, long safeForSeconds, String reason) {
    }

    private final Supplier<List<SafetyMonitor>> monitors;
    private final Supplier<Duration> silence;
    private final Instant since;
    private Instant lastUnsafe;

    Safety(Supplier<List<SafetyMonitor>> monitors, Supplier<Duration> silence, Instant since) {
        this.monitors = monitors;
        this.silence = silence;
        this.since = since;
    }

    State at(Instant now) {
        List<SafetyMonitor> all = monitors.get();
        List<String> why = new ArrayList<>();
        for (SafetyMonitor m : all) {
            if (m.connectionState() != ConnectionState.CONNECTED) {
                why.add(m.id() + " is " + m.connectionState().name().toLowerCase(java.util.Locale.ROOT));
            } else if (m.lastReport() == null || m.lastReport().plus(silence.get()).isBefore(now)) {
                why.add(m.id() + " silent since " + (m.lastReport() == null ? "ever" : Night.hhmm(m.lastReport())));
            } else if (!m.safe()) {
                why.add(m.id() + ": " + (m.unsafeReason() == null || m.unsafeReason().isBlank() ? "unsafe"
                        : m.unsafeReason()));
            }
        }
        if (!why.isEmpty()) {
            lastUnsafe = now;
            return new State(false, 0, String.join("; ", why));
        }
        Instant from = lastUnsafe != null ? lastUnsafe : since;
        long safeFor = Math.max(0, Duration.between(from, now).toSeconds());
        return new State(true, safeFor, all.isEmpty() ? "no safety monitor" : "safe");
    }
}
