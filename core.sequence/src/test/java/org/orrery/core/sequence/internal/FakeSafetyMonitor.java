package org.orrery.core.sequence.internal;

import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

import org.orrery.device.ConnectionState;
import org.orrery.device.DeviceType;
import org.orrery.device.SafetyMonitor;

/** A safety monitor the test sets: safe or not, and when it last reported. */
final class FakeSafetyMonitor implements SafetyMonitor {

    volatile boolean safe = true;
    volatile String reason = "rain 2.1 mm/h";
    volatile Supplier<Instant> lastReport;

    FakeSafetyMonitor(Supplier<Instant> lastReport) {
        this.lastReport = lastReport;
    }

    @Override
    public String id() {
        return "roof";
    }

    @Override
    public String driver() {
        return "test";
    }

    @Override
    public DeviceType type() {
        return DeviceType.SAFETY_MONITOR;
    }

    @Override
    public ConnectionState connectionState() {
        return ConnectionState.CONNECTED;
    }

    @Override
    public Map<String, Object> values() {
        return Map.of();
    }

    @Override
    public boolean safe() {
        return safe;
    }

    @Override
    public String unsafeReason() {
        return safe ? "" : reason;
    }

    @Override
    public Weather weather() {
        return Weather.NONE;
    }

    @Override
    public Instant lastReport() {
        return lastReport.get();
    }
}
