package org.orrery.devices.simulator.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;

import org.orrery.device.ConnectionState;
import org.orrery.device.DeviceException;
import org.orrery.device.DeviceRemovedException;
import org.orrery.device.Focuser;

/**
 * A simulated focuser (also the focus drive of the simulated microscope): moves at its speed times
 * the speed factor, reports its position while moving, refuses positions out of 0 to max.
 */
class FocuserDevice implements Focuser {

    protected final String id;
    protected final String name;
    protected final DeviceWorker worker;
    private final FocuserModel model;
    private CompletableFuture<Void> pending;
    private ScheduledFuture<?> timer;

    FocuserDevice(String id, String name, int maxPosition, double speed, int start, DeviceWorker worker) {
        this.id = Checks.deviceId(id);
        this.name = Checks.nameOr(name, this.id);
        this.worker = worker;
        this.model = new FocuserModel(maxPosition, speed, start, System.nanoTime());
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

    @Override
    public synchronized int position() {
        return model.position(System.nanoTime());
    }

    @Override
    public int maxPosition() {
        return model.max();
    }

    @Override
    public synchronized boolean moving() {
        return pending != null;
    }

    @Override
    public Map<String, Object> values() {
        Map<String, Object> v = new LinkedHashMap<>();
        synchronized (this) {
            v.put("position", model.position(System.nanoTime()));
            v.put("target_position", model.target());
            v.put("moving", pending != null);
        }
        v.put("max_position", model.max());
        v.put("connection_state", connectionState().id());
        return v;
    }

    @Override
    public CompletionStage<Void> moveTo(int position, double speed) {
        CompletableFuture<Void> replaced;
        CompletableFuture<Void> f;
        synchronized (this) {
            if (worker.closed()) {
                return DeviceWorker.failed(new DeviceRemovedException(id));
            }
            long now = System.nanoTime();
            double seconds;
            try {
                seconds = model.moveTo(position, speed, now);
            } catch (IllegalArgumentException e) {
                return DeviceWorker.failed(new DeviceException(id, "focuser '" + id + "': " + e.getMessage()));
            }
            replaced = pending;
            if (timer != null) {
                timer.cancel(false);
            }
            f = worker.operation(id);
            pending = f;
            timer = worker.schedule(seconds, () -> arrived(f));
        }
        if (replaced != null) {
            worker.fail(replaced, new DeviceException(id, "focuser '" + id + "': move interrupted by a move to "
                    + position));
        }
        return f;
    }

    private void arrived(CompletableFuture<Void> f) {
        synchronized (this) {
            if (pending != f) {
                return;
            }
            model.finish(System.nanoTime());
            pending = null;
            timer = null;
        }
        worker.complete(f, null);
    }

    @Override
    public void abort() {
        CompletableFuture<Void> f;
        int at;
        synchronized (this) {
            long now = System.nanoTime();
            model.stop(now);
            at = model.position(now);
            f = pending;
            pending = null;
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        }
        if (f != null) {
            worker.fail(f, new DeviceException(id, "focuser '" + id + "': move aborted at position " + at));
        }
    }

    synchronized void stopped() {
        pending = null;
        timer = null;
    }
}
