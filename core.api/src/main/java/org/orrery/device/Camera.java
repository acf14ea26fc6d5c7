package org.orrery.device;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/** A camera: takes one exposure at a time and returns the frame. */
@ProviderType
public interface Camera extends Device {

    /** The state of {@link #exposureState()}. */
    enum ExposureState {
        IDLE, EXPOSING, READING_OUT, ERROR
    }

    @Override
    default DeviceType type() {
        return DeviceType.CAMERA;
    }

    CameraInfo info();

    ExposureState exposureState();

    /** Sensor temperature in °C, or NaN when the camera cannot tell. */
    double temperature();

    /**
     * Applies the settings (binning, gain, offset, frame type), exposes and reads out. The stage
     * completes with the frame, or exceptionally with a {@link DeviceException} (a setting the
     * camera refused, an exposure that failed, {@link DeviceRemovedException}).
     */
    CompletionStage<Frame> expose(ExposureSettings settings);

    /** Stops an exposure in progress; its stage completes exceptionally. Does nothing when idle. */
    void abortExposure();
}
