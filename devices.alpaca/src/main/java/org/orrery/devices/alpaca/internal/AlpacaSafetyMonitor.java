package org.orrery.devices.alpaca.internal;

import java.time.Instant;
import java.util.Map;

import org.orrery.device.ConnectionState;
import org.orrery.device.SafetyMonitor;
import org.orrery.devices.common.safety.SafetyValues;

/**
 * An Alpaca safety monitor: {@code issafe}, read on every poll. Alpaca gives no reason and no
 * weather values (those are a separate ObservingConditions device), so an unsafe report says
 * what the device answered, and {@link #weather()} is {@link Weather#NONE}. The last report is
 * the time of the last poll that read {@code issafe}.
 */
final class AlpacaSafetyMonitor extends AlpacaDeviceBase implements SafetyMonitor {

    private volatile boolean safe;
    private volatile Instant lastReport;

    AlpacaSafetyMonitor(DeviceSettings settings) {
        super(settings);
    }

    @Override
    protected void loadInfo() {
        refresh();
    }

    @Override
    protected void refresh() {
        safe = bool("issafe");
        lastReport = Instant.now();
    }

    @Override
    public boolean safe() {
        return safe && connectionState() == ConnectionState.CONNECTED;
    }

    @Override
    public String unsafeReason() {
        if (connectionState() != ConnectionState.CONNECTED) {
            String status = statusMessage();
            return "not connected" + (status.isEmpty() ? "" : ": " + status);
        }
        return safe ? "" : where() + " reports unsafe (issafe=false)";
    }

    @Override
    public Weather weather() {
        return Weather.NONE;
    }

    @Override
    public Instant lastReport() {
        return lastReport;
    }

    @Override
    protected void deviceValues(Map<String, Object> values) {
        SafetyValues.put(values, this);
    }
}
