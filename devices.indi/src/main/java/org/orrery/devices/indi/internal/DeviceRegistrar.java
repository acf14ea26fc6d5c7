package org.orrery.devices.indi.internal;

import java.util.List;
import java.util.Map;

import org.orrery.device.Device;

/** Publishes device services: the OSGi service registry at run time, a list in tests. */
interface DeviceRegistrar {

    /** A published device; {@link #unregister()} may be called once. */
    interface Registration {
        void unregister();
    }

    Registration register(Device device, List<String> interfaces, Map<String, Object> properties);
}
