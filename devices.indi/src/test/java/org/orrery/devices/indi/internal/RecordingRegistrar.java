package org.orrery.devices.indi.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.orrery.device.Device;

/** A registrar that keeps the registrations in a list, as the service registry would. */
final class RecordingRegistrar implements DeviceRegistrar {

    record Published(Device device, List<String> interfaces, Map<String, Object> properties) {
    }

    final List<Published> live = new CopyOnWriteArrayList<>();
    final List<Published> unregistered = new CopyOnWriteArrayList<>();

    @Override
    public Registration register(Device device, List<String> interfaces, Map<String, Object> properties) {
        Published p = new Published(device, List.copyOf(interfaces), Map.copyOf(properties));
        live.add(p);
        return () -> {
            if (!live.remove(p)) {
                throw new IllegalStateException("unregistered twice: " + device.id());
            }
            unregistered.add(p);
        };
    }

    Published byId(String id) {
        return live.stream().filter(p -> p.device().id().equals(id)).findFirst().orElse(null);
    }
}
