package org.orrery.devices.common.sim;

import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.orrery.device.Focuser;

/**
 * A simulated focuser (also the focus drive of the simulated microscope): moves at its speed times
 * the speed factor, reports its position while moving, refuses positions out of 0 to max.
 */
public class FocuserDevice extends MovingDevice implements Focuser {

    /**
     * Service property of a simulated focuser: the position of best focus (Integer). The simulated
     * camera (another bundle) reads it from the focuser's service registration.
     */
    public static final String BEST_POSITION = "best.position";

    private final FocuserModel model;

    public FocuserDevice(String id, String name, int maxPosition, double speed, int start, DeviceWorker worker) {
        super("focuser", id, name, worker);
        this.model = new FocuserModel(maxPosition, speed, start, System.nanoTime());
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
    protected void putValues(Map<String, Object> v) {
        synchronized (this) {
            v.put("position", model.position(System.nanoTime()));
            v.put("target_position", model.target());
            v.put("moving", moving());
        }
        v.put("max_position", model.max());
    }

    @Override
    public CompletionStage<Void> moveTo(int position, double speed) {
        return move(now -> model.moveTo(position, speed, now), model::finish, "a move to " + position);
    }

    @Override
    public void abort() {
        abortMotion(now -> {
            model.stop(now);
            return "move aborted at position " + model.position(now);
        });
    }
}
