package org.orrery.devices.common.action;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.orrery.device.Device;
import org.osgi.framework.Constants;

/**
 * A device service known to the {@link Instruments} by its properties, and got from the service
 * registry only when an action first needs it: DS activates a simulator or a driver (which
 * renders, connects, starts threads) on that first use, not because an action bundle started.
 * The properties answer what lists and lookups ask without the object: its id, its type, the
 * interfaces it is registered under.
 */
final class RegisteredDevice {

    final String id;
    final Object key;
    private final Map<String, Object> properties;
    private final Supplier<Device> source;
    private volatile Device device;

    RegisteredDevice(String id, Object key, Map<String, Object> properties, Supplier<Device> source) {
        this.id = id;
        this.key = key;
        this.properties = properties;
        this.source = source;
    }

    /** An entry for a device object at hand (not from DS: a test's, a part's). */
    static RegisteredDevice of(String id, Device device, Map<String, Object> properties) {
        RegisteredDevice entry = new RegisteredDevice(id, device, properties, () -> device);
        entry.device = device;
        return entry;
    }

    /** The device, got from the registry on the first call; null if its service is gone. */
    Device device() {
        Device d = device;
        if (d == null) {
            synchronized (this) {
                d = device;
                if (d == null) {
                    d = source.get();
                    device = d;
                }
            }
        }
        return d;
    }

    /** The device if it was got already, else null (nothing is activated). */
    Device obtained() {
        return device;
    }

    /**
     * Whether it may be a {@code type}: registered under that interface, or under none more
     * specific than {@link Device} (then only the object can tell).
     */
    boolean mayBe(Class<?> type) {
        List<String> classes = objectClasses();
        return classes.contains(type.getName()) || classes.stream().allMatch(Device.class.getName()::equals);
    }

    /** Its type for people ({@code camera}): the {@link Device#TYPE} property, else the object's. */
    String typeId() {
        Object type = properties.get(Device.TYPE);
        if (type instanceof String s && !s.isBlank()) {
            return s;
        }
        Device d = device();
        return d == null ? "?" : d.type().id();
    }

    private List<String> objectClasses() {
        Object classes = properties.get(Constants.OBJECTCLASS);
        if (classes instanceof String[] names) {
            return List.of(names);
        }
        return List.of(Device.class.getName());
    }
}
