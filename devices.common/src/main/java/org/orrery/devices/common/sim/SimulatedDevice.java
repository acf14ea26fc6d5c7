package org.orrery.devices.common.sim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.orrery.device.ConnectionState;
import org.orrery.device.Device;
import org.orrery.device.DeviceException;
import org.orrery.device.DeviceRemovedException;

/**
 * What every simulated device has: its checked id, its name, the {@link DeviceWorker} it runs on
 * (its own, or the one a microscope shares with its parts), driver {@code simulator}, a connection
 * state that follows the worker, and the {@code connection_state} value after its own values.
 */
public abstract class SimulatedDevice implements Device {

    protected final String id;
    protected final String name;
    protected final DeviceWorker worker;
    /** How messages name the device, e.g. {@code focuser} in {@code focuser 'sim-focuser': …}. */
    private final String kind;

    /** @param id checked against the contract; {@code name} falls back to it when blank */
    public SimulatedDevice(String kind, String id, String name, DeviceWorker worker) {
        this.kind = kind;
        this.id = Checks.deviceId(id);
        this.name = Checks.nameOr(name, this.id);
        this.worker = worker;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String driver() {
        return "simulator";
    }

    @Override
    public ConnectionState connectionState() {
        return worker.closed() ? ConnectionState.DISCONNECTED : ConnectionState.CONNECTED;
    }

    /** The device's own values, then {@code connection_state}. */
    @Override
    public Map<String, Object> values() {
        Map<String, Object> v = new LinkedHashMap<>();
        putValues(v);
        v.put("connection_state", connectionState().id());
        return v;
    }

    /** Puts the values of this kind of device, in the order a user reads them. */
    protected abstract void putValues(Map<String, Object> v);

    /** {@code <kind> '<id>': <message>}. */
    protected DeviceException error(String message) {
        return new DeviceException(id, kind + " '" + id + "': " + message);
    }

    /** A stage that has already failed because the device is gone. */
    protected <T> CompletableFuture<T> removed() {
        return DeviceWorker.failed(new DeviceRemovedException(id));
    }

    /**
     * Called on deactivation, after the worker closed (every pending operation has failed with
     * {@link DeviceRemovedException}): forget what was under way. Does nothing unless overridden.
     */
    public void stopped() {
    }

    /** Closes the worker (fails what is pending, ends the thread), then {@link #stopped()}. */
    public void shutdown() {
        worker.close();
        stopped();
    }

    public boolean threadEnded() {
        return worker.terminated();
    }
}
