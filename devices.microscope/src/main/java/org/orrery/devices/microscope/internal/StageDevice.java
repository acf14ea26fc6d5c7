package org.orrery.devices.microscope.internal;

import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.orrery.device.Stage;
import org.orrery.devices.common.sim.Checks;
import org.orrery.devices.common.sim.DeviceWorker;
import org.orrery.devices.common.sim.MovingDevice;

/** A simulated XYZ stage (also the microscope's stage): all axes move at once, within limits. */
public class StageDevice extends MovingDevice implements Stage {

    private final StageModel model;

    public StageDevice(String id, String name, double[] limits, double xySpeed, double zSpeed, double[] start,
            DeviceWorker worker) {
        super("stage", id, name, worker);
        this.model = new StageModel(limits, xySpeed, zSpeed, start, System.nanoTime());
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
    protected void putValues(Map<String, Object> v) {
        synchronized (this) {
            putPosition(v, model.position(System.nanoTime()));
            v.put("moving", moving());
        }
    }

    /** {@code x_um}, {@code y_um}, {@code z_um}, rounded to nanometres. */
    public static void putPosition(Map<String, Object> v, double[] p) {
        v.put("x_um", round(p[0]));
        v.put("y_um", round(p[1]));
        v.put("z_um", round(p[2]));
    }

    public static double round(double um) {
        return Math.round(um * 1000) / 1000.0;
    }

    @Override
    public CompletionStage<Void> moveTo(double x, double y, double z) {
        return move(now -> model.moveTo(x, y, z, now), model::finish,
                "a move to (" + Checks.fmt(x) + ", " + Checks.fmt(y) + ", " + Checks.fmt(z) + ") µm");
    }

    @Override
    public void abort() {
        abortMotion(now -> {
            model.stop(now);
            double[] at = model.position(now);
            return "move aborted at (" + round(at[0]) + ", " + round(at[1]) + ", " + round(at[2]) + ") µm";
        });
    }
}
