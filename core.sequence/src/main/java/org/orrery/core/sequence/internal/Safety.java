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
 * and reported within the silence limit; {@code safe_for} counts from the first safe reading this
 * object saw after an unsafe one (never from the last unsafe reading: the change happened
 * somewhere between the two, and counting the gap would resume up to one poll early), or from
 * its creation when it never saw one (in memory: after a restart it counts from the restart).
 * Without a monitor it is safe ("no safety monitor"). Read on the runner's thread only.
 */
final class Safety {

    /** A view of the monitors at one moment. */
    record State(boolean safe, long safeForSeconds, String reason) {
    }

    private final Supplier<List<SafetyMonitor>> monitors;
    private final Supplier<Duration> silence;
    private Instant safeSince;

    Safety(Supplier<List<SafetyMonitor>> monitors, Supplier<Duration> silence, Instant since) {
        this.monitors = monitors;
        this.silence = silence;
        this.safeSince = since;
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
            safeSince = null;
            return new State(false, 0, String.join("; ", why));
        }
        if (safeSince == null) {
            safeSince = now;
        }
        long safeFor = Math.max(0, Duration.between(safeSince, now).toSeconds());
        return new State(true, safeFor, all.isEmpty() ? "no safety monitor" : "safe");
    }
}
