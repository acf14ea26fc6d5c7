package org.orrery.device;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/** A motorised XY(Z) stage; positions in micrometres, within the limits it reports. */
@ProviderType
public interface Stage extends Device {

    @Override
    default DeviceType type() {
        return DeviceType.STAGE;
    }

    /** The current position: x, y, z in µm. */
    double[] position();

    /** Travel limits: {minX, maxX, minY, maxY, minZ, maxZ} in µm. */
    double[] limits();

    boolean moving();

    /** Moves to (x, y, z) in µm; completes when the stage reports it stopped. */
    CompletionStage<Void> moveTo(double x, double y, double z);

    void abort();
}
