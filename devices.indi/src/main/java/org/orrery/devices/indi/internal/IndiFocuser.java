package org.orrery.devices.indi.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.orrery.device.Focuser;

/** An INDI focuser (a device with ABS_FOCUS_POSITION) as an Orrery focuser. */
final class IndiFocuser extends AbstractIndiDevice implements Focuser {

    IndiFocuser(IndiServer server, String indiName) {
        super(server, indiName);
    }

    @Override
    public int position() {
        IndiVector v = property("ABS_FOCUS_POSITION");
        return v == null ? 0 : (int) Math.round(v.number("FOCUS_ABSOLUTE_POSITION"));
    }

    @Override
    public int maxPosition() {
        IndiVector max = property("FOCUS_MAX");
        if (max != null && !Double.isNaN(max.number("FOCUS_MAX_VALUE"))) {
            return (int) max.number("FOCUS_MAX_VALUE");
        }
        IndiVector v = property("ABS_FOCUS_POSITION");
        IndiElement e = v == null ? null : v.element("FOCUS_ABSOLUTE_POSITION");
        return e == null || Double.isNaN(e.max()) ? 0 : (int) e.max();
    }

    @Override
    public boolean moving() {
        IndiVector v = property("ABS_FOCUS_POSITION");
        return v != null && v.state() == IndiState.BUSY;
    }

    @Override
    public double temperature() {
        IndiVector v = property("FOCUS_TEMPERATURE");
        return v == null ? Double.NaN : v.number("TEMPERATURE");
    }

    @Override
    public Map<String, Object> values() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("connection", connectionState().id());
        v.put("position", position());
        v.put("max_position", maxPosition());
        v.put("moving", moving());
        double t = temperature();
        if (!Double.isNaN(t)) {
            v.put("temperature_celsius", t);
        }
        return v;
    }

    @Override
    public CompletionStage<Void> moveTo(int position, double speed) {
        if (position < 0) {
            throw new IllegalArgumentException("focuser position must be 0 or more, was " + position);
        }
        if (!(speed > 0 && speed <= 1)) {
            throw new IllegalArgumentException("focuser speed must be more than 0 and at most 1, was " + speed);
        }
        String during = "the focuser move";
        return submit(during, () -> {
            Life life = ready(during);
            IndiVector speedProp = property("FOCUS_SPEED");
            IndiElement se = speedProp == null ? null : speedProp.element("FOCUS_SPEED_VALUE");
            if (se != null && !Double.isNaN(se.min()) && !Double.isNaN(se.max()) && se.max() > se.min()
                    && "rw".equals(speedProp.perm())) {
                Map<String, String> sp = values("FOCUS_SPEED_VALUE",
                        IndiWriter.number(Math.round(se.min() + speed * (se.max() - se.min()))));
                apply(life, "FOCUS_SPEED", IndiKind.NUMBER, sp, numbersAt(sp, 0.5), true, settings.settingTimeout(),
                        during);
            }
            Map<String, String> target = values("FOCUS_ABSOLUTE_POSITION", Integer.toString(position));
            apply(life, "ABS_FOCUS_POSITION", IndiKind.NUMBER, target, numbersAt(target, 0.5), false,
                    settings.focusTimeout(), during);
            return null;
        });
    }

    @Override
    public void abort() {
        if (property("FOCUS_ABORT_MOTION") != null) {
            fire("FOCUS_ABORT_MOTION", IndiKind.SWITCH, values("ABORT", "On"));
        }
    }
}
