package org.orrery.device;

import java.util.List;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/** A filter wheel; slots are numbered from 1 as in INDI and ASCOM's user interfaces. */
@ProviderType
public interface FilterWheel extends Device {

    @Override
    default DeviceType type() {
        return DeviceType.FILTER_WHEEL;
    }

    /** The slot in the light path, 1-based; 0 while moving or unknown. */
    int slot();

    /** The filter names by slot: element 0 is slot 1. */
    List<String> filterNames();

    boolean moving();

    /** Turns to a slot (1-based); completes when the wheel reports it stopped. */
    CompletionStage<Void> select(int slot);
}
