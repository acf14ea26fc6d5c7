package org.orrery.device;

import java.util.Map;

import org.orrery.task.ResourceClaim;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One configured instrument. Drivers implement the typed sub-interfaces; this part is what every
 * device has: identity, connection state and the values a user watches.
 */
@ProviderType
public interface Device {

    /** Service property: the device's id (String). */
    String ID = "device.id";
    /** Service property: the device's {@link DeviceType#id()} (String). */
    String TYPE = "device.type";
    /** Service property: the driver, e.g. {@code simulator}, {@code indi}, {@code alpaca} (String). */
    String DRIVER = "device.driver";

    /** Unique among the devices of the runtime, e.g. {@code camera-main}: letters, digits, '.', '_' and '-'. */
    String id();

    /** A name for people, e.g. "CCD Simulator". */
    default String name() {
        return id();
    }

    DeviceType type();

    /** The driver that runs it: {@code simulator}, {@code indi}, {@code alpaca}, … */
    String driver();

    ConnectionState connectionState();

    /** Why the device is not connected, or what it last reported; empty when there is nothing to say. */
    default String statusMessage() {
        return "";
    }

    /**
     * The values a user watches, now: e.g. {@code ra_hours}, {@code dec_degrees}, {@code tracking},
     * {@code parked} for a mount; {@code temperature_celsius}, {@code exposure_state} for a camera.
     * Values are strings, numbers, booleans or lists of them; the map is a snapshot.
     */
    Map<String, Object> values();

    /** The scheduler resource a task claims to use this device alone: {@code device:<id>}. */
    default String resourceName() {
        return resourceName(id());
    }

    /** An exclusive claim on this device. */
    default ResourceClaim claim() {
        return ResourceClaim.exclusive(resourceName());
    }

    static String resourceName(String deviceId) {
        return "device:" + deviceId;
    }
}
