package org.orrery.device;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A microscope: a composite of a stage, a focus drive and a camera. Its parts are devices of
 * their own (with their own ids); a task that uses the microscope claims the microscope, which
 * stands for all of its parts.
 */
@ProviderType
public interface Microscope extends Device {

    @Override
    default DeviceType type() {
        return DeviceType.MICROSCOPE;
    }

    Stage stage();

    /** The focus drive (the objective's z), as a focuser. */
    Focuser focus();

    Camera camera();
}
