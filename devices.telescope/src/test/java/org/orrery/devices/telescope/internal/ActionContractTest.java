package org.orrery.devices.telescope.internal;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.provider.Arguments;
import org.orrery.devices.common.action.ActionContract;
import org.orrery.devices.common.action.Instruments;
import org.orrery.task.Action;

/** The action contract for this bundle's actions. */
class ActionContractTest extends ActionContract {

    @Override
    protected Stream<Action> actions(Instruments i) {
        return Stream.of(new MountSlewAction(i), new MountParkAction(i), new MountUnparkAction(i), new MountTrackAction(i), new FocuserMoveAction(i), new FilterWheelSelectAction(i),
                new MountSyncAction(i), new MountDitherAction(i), new MountMeridianFlipAction(i, new SkyTime()));
    }

    @Override
    protected List<String> names() {
        return List.of("mount.slew", "mount.park", "mount.unpark", "mount.track", "focuser.move", "filterwheel.select",
                "mount.sync", "mount.dither", "mount.meridian_flip");
    }

    @Override
    protected Stream<Arguments> parameters(Instruments i) {
        Action slew = new MountSlewAction(i);
        Action park = new MountParkAction(i);
        Action track = new MountTrackAction(i);
        Action focus = new FocuserMoveAction(i);
        Action filter = new FilterWheelSelectAction(i);
        Action sync = new MountSyncAction(i);
        Action dither = new MountDitherAction(i);
        Action flip = new MountMeridianFlipAction(i, new SkyTime());
        return Stream.of(
                Arguments.of(sync, "{\"ra\": 10.5, \"dec\": -20, \"mount\": \"m\"}", true),
                Arguments.of(sync, "{\"ra\": 10.5}", false),
                Arguments.of(sync, "{\"ra\": 1, \"dec\": 1, \"tolerance_arcmin\": 5}", false),
                Arguments.of(dither, "{}", true),
                Arguments.of(dither, "{\"max_arcsec\": 600, \"seed\": 3, \"mount\": \"m\"}", true),
                Arguments.of(dither, "{\"max_arcsec\": 0}", false),
                Arguments.of(dither, "{\"max_arcsec\": 601}", false),
                Arguments.of(dither, "{\"seed\": 1.5}", false),
                Arguments.of(flip, "{\"ra\": 23.9, \"dec\": 0}", true),
                Arguments.of(flip, "{\"dec\": 0}", false),
                Arguments.of(slew, "{\"ra\": 10.5, \"dec\": -20}", true),
                Arguments.of(slew, "{\"ra\": 0, \"dec\": 90, \"tolerance_arcmin\": 5, \"mount\": \"m\"}", true),
                Arguments.of(slew, "{\"ra\": 24, \"dec\": 0}", false),
                Arguments.of(slew, "{\"ra\": 1, \"dec\": 91}", false),
                Arguments.of(slew, "{\"ra\": 1}", false),
                Arguments.of(slew, "{\"ra\": 1, \"dec\": 1, \"tolerance_arcmin\": 0}", false),
                Arguments.of(park, "{}", true),
                Arguments.of(park, "{\"mount\": \"m\"}", true),
                Arguments.of(park, "{\"now\": true}", false),
                Arguments.of(track, "{\"tracking\": false}", true),
                Arguments.of(track, "{}", false),
                Arguments.of(track, "{\"tracking\": \"on\"}", false),
                Arguments.of(focus, "{\"position\": 0}", true),
                Arguments.of(focus, "{\"position\": 1000, \"speed\": 1, \"focuser\": \"f\"}", true),
                Arguments.of(focus, "{\"position\": -1}", false),
                Arguments.of(focus, "{\"position\": 10.5}", false),
                Arguments.of(focus, "{\"position\": 10, \"speed\": 0}", false),
                Arguments.of(focus, "{\"position\": 10, \"speed\": 1.5}", false),
                Arguments.of(filter, "{\"slot\": 2}", true),
                Arguments.of(filter, "{\"name\": \"Ha\", \"filter_wheel\": \"w\"}", true),
                Arguments.of(filter, "{}", false),
                Arguments.of(filter, "{\"slot\": 1, \"name\": \"L\"}", false),
                Arguments.of(filter, "{\"slot\": 0}", false),
                Arguments.of(filter, "{\"name\": \"\"}", false));
    }
}
