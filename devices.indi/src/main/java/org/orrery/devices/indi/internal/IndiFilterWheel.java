package org.orrery.devices.indi.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.orrery.device.FilterWheel;

/** An INDI filter wheel (a device with FILTER_SLOT) as an Orrery filter wheel. */
final class IndiFilterWheel extends AbstractIndiDevice implements FilterWheel {

    IndiFilterWheel(IndiServer server, String indiName) {
        super(server, indiName);
    }

    @Override
    public int slot() {
        IndiVector v = property("FILTER_SLOT");
        if (v == null || v.state() == IndiState.BUSY) {
            return 0;
        }
        double s = v.number("FILTER_SLOT_VALUE");
        return Double.isNaN(s) ? 0 : (int) Math.round(s);
    }

    @Override
    public List<String> filterNames() {
        IndiVector v = property("FILTER_NAME");
        List<String> names = new ArrayList<>();
        if (v != null) {
            for (IndiElement e : v.elements().values()) {
                names.add(e.value());
            }
        }
        return names;
    }

    @Override
    public boolean moving() {
        IndiVector v = property("FILTER_SLOT");
        return v != null && v.state() == IndiState.BUSY;
    }

    @Override
    public Map<String, Object> values() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("connection", connectionState().id());
        int slot = slot();
        v.put("slot", slot);
        List<String> names = filterNames();
        if (slot >= 1 && slot <= names.size()) {
            v.put("filter", names.get(slot - 1));
        }
        v.put("filter_names", names);
        v.put("moving", moving());
        return v;
    }

    @Override
    public CompletionStage<Void> select(int slot) {
        String during = "the filter change";
        return submit(during, () -> {
            Life life = ready(during);
            IndiVector v = require(life, "FILTER_SLOT", during);
            IndiElement e = v.element("FILTER_SLOT_VALUE");
            if (e != null && !Double.isNaN(e.min()) && !Double.isNaN(e.max()) && (slot < e.min() || slot > e.max())) {
                throw new org.orrery.device.DeviceException(id(), indiName + " has slots " + (int) e.min() + " to "
                        + (int) e.max() + ", slot " + slot + " was asked");
            }
            Map<String, String> target = values("FILTER_SLOT_VALUE", Integer.toString(slot));
            apply(life, "FILTER_SLOT", IndiKind.NUMBER, target, numbersAt(target, 0.01), false,
                    settings.filterTimeout(), during);
            remember("FILTER_SLOT", IndiKind.NUMBER, target);
            return null;
        });
    }
}
