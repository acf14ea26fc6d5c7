package org.orrery.devices.simulator.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;

import org.orrery.device.ConnectionState;
import org.orrery.device.DeviceException;
import org.orrery.device.DeviceRemovedException;
import org.orrery.device.Stage;

/** A simulated XYZ stage (also the microscope's stage): all axes move at once, within limits. */
class StageDevice implements Stage {

    protected final String id;
    protected final String name;
    protected final DeviceWorker worker;
    private final StageModel model;
    private CompletableFuture<Void> pending;
    private ScheduledFuture<?> timer;

    StageDevice(String id, String name, double[] limits, double xySpeed, double zSpeed, double[] start,
            DeviceWorker worker) {
        this.id = Checks.deviceId(id);
        this.name = Checks.nameOr(name, this.id);
        this.worker = worker;
        this.model = new StageModel(limits, xySpeed, zSpeed, start, System.nanoTime());
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
    public synchronized double[] position() {
        return model.position(System.nanoTime());
    }

    @Override
    public double[] limits() {
        return model.limits();
    }

    @Override
    public synchronized boolean moving() {
        return pending != null;
    }

    @Override
    public Map<String, Object> values() {
        Map<String, Object> v = new LinkedHashMap<>();
        synchronized (this) {
            double[] p = model.position(System.nanoTime());
            v.put("x_um", round(p[0]));
            v.put("y_um", round(p[1]));
            v.put("z_um", round(p[2]));
            v.put("moving", pending != null);
        }
        v.put("connection_state", connectionState().id());
        return v;
    }

    static double round(double um) {
        return Math.round(um * 1000) / 1000.0;
    }

    @Override
    public CompletionStage<Void> moveTo(double x, double y, double z) {
        CompletableFuture<Void> replaced;
        CompletableFuture<Void> f;
        synchronized (this) {
            if (worker.closed()) {
                return DeviceWorker.failed(new DeviceRemovedException(id));
            }
            double seconds;
            try {
                seconds = model.moveTo(x, y, z, System.nanoTime());
            } catch (IllegalArgumentException e) {
                return DeviceWorker.failed(new DeviceException(id, "stage '" + id + "': " + e.getMessage()));
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
            worker.fail(replaced, new DeviceException(id, "stage '" + id + "': move interrupted by a move to ("
                    + Checks.fmt(x) + ", " + Checks.fmt(y) + ", " + Checks.fmt(z) + ") µm"));
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
        double[] at;
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
            worker.fail(f, new DeviceException(id, "stage '" + id + "': move aborted at (" + round(at[0]) + ", "
                    + round(at[1]) + ", " + round(at[2]) + ") µm"));
        }
    }

    synchronized void stopped() {
        pending = null;
        timer = null;
    }
}
