package org.orrery.devices.camera.internal;

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
        return Stream.of(new CameraExposeAction(i), new AutofocusAction(i));
    }

    @Override
    protected List<String> names() {
        return List.of("camera.expose", "autofocus");
    }

    @Override
    protected Stream<Arguments> parameters(Instruments i) {
        Action expose = new CameraExposeAction(i);
        Action focus = new AutofocusAction(i);
        return Stream.of(
                Arguments.of(focus, "{}", true),
                Arguments.of(focus, "{\"exposure\": 3, \"binning\": 2, \"gain\": 100, \"filter\": \"L\","
                        + " \"step_size\": 50, \"steps\": 5, \"method\": \"parabola\", \"backlash\": 100,"
                        + " \"save_frames\": true, \"camera\": \"c\", \"focuser\": \"f\", \"filter_wheel\": \"w\"}",
                        true),
                Arguments.of(focus, "{\"method\": \"spline\"}", false),
                Arguments.of(focus, "{\"steps\": 1}", false),
                Arguments.of(focus, "{\"step_size\": 0}", false),
                Arguments.of(focus, "{\"backlash\": -5}", false),
                Arguments.of(focus, "{\"save_frames\": \"yes\"}", false),
                Arguments.of(focus, "{\"focuser\": \"a b\"}", false),
                Arguments.of(focus, "{\"count\": 3}", false),
                Arguments.of(expose, "{\"exposure\": 30}", true),
                Arguments.of(expose, "{\"exposure\": 0.5, \"frame_type\": \"flat\", \"binning\": 2, \"gain\": 120,"
                        + " \"offset\": 10, \"filter\": \"Ha\", \"count\": 5, \"object\": \"M 42\", \"camera\": \"c\","
                        + " \"mount\": \"m\", \"focuser\": \"f\", \"filter_wheel\": \"w\"}", true),
                Arguments.of(expose, "{\"exposure\": 0, \"frame_type\": \"bias\", \"filter\": 3}", true),
                Arguments.of(expose, "{}", false),
                Arguments.of(expose, "{\"exposure\": -1}", false),
                Arguments.of(expose, "{\"exposure\": \"30\"}", false),
                Arguments.of(expose, "{\"exposure\": 1, \"frame_type\": \"science\"}", false),
                Arguments.of(expose, "{\"exposure\": 1, \"binning\": 0}", false),
                Arguments.of(expose, "{\"exposure\": 1, \"binning\": 1.5}", false),
                Arguments.of(expose, "{\"exposure\": 1, \"count\": 0}", false),
                Arguments.of(expose, "{\"exposure\": 1, \"filter\": 0}", false),
                Arguments.of(expose, "{\"exposure\": 1, \"filter\": \"\"}", false),
                Arguments.of(expose, "{\"exposure\": 1, \"filter\": true}", false),
                Arguments.of(expose, "{\"exposure\": 1, \"offset\": -1}", false),
                Arguments.of(expose, "{\"exposure\": 1, \"camera\": \"a b\"}", false),
                Arguments.of(expose, "{\"exposure\": 1, \"exposure_time\": 1}", false));
    }
}
