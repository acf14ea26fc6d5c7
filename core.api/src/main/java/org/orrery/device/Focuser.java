package org.orrery.device;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/** A focuser with absolute positions in steps, 0 to {@link #maxPosition()}. */
@ProviderType
public interface Focuser extends Device {

    @Override
    default DeviceType type() {
        return DeviceType.FOCUSER;
    }

    int position();

    int maxPosition();

    boolean moving();

    /** Temperature at the focuser in °C, or NaN. */
    default double temperature() {
        return Double.NaN;
    }

    /**
     * Moves to an absolute position; completes when the focuser reports it stopped.
     *
     * @param speed a speed factor from 0 (exclusive) to 1 (full speed); focusers that cannot set
     *        their speed ignore it
     */
    CompletionStage<Void> moveTo(int position, double speed);

    void abort();
}
