package org.orrery.devices.microscope.internal;

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
        return Stream.of(new CaptureImageAction(i), new MoveStageAction(i), new AdjustFocusAction(i));
    }

    @Override
    protected List<String> names() {
        return List.of("capture_image", "move_stage", "adjust_focus");
    }

    @Override
    protected Stream<Arguments> parameters(Instruments i) {
        Action capture = new CaptureImageAction(i);
        Action stage = new MoveStageAction(i);
        Action adjust = new AdjustFocusAction(i);
        return Stream.of(
                Arguments.of(capture, "{}", true),
                Arguments.of(capture, "{\"exposure\": 100, \"gain\": 1.5}", true),
                Arguments.of(capture, "{\"exposure\": -5}", false),
                Arguments.of(capture, "{\"exposure\": \"100\"}", false),
                Arguments.of(capture, "{\"microscope\": \"m\"}", false),
                Arguments.of(stage, "{\"x\": 1, \"y\": 2}", true),
                Arguments.of(stage, "{\"x\": 1, \"y\": 2, \"z\": 3.5}", true),
                Arguments.of(stage, "{\"x\": 1}", false),
                Arguments.of(stage, "{\"x\": 1, \"y\": \"2\"}", false),
                Arguments.of(adjust, "{\"position\": 100, \"speed\": 0.5}", true),
                Arguments.of(adjust, "{\"position\": 100}", true),
                Arguments.of(adjust, "{\"speed\": 0.5}", false),
                Arguments.of(adjust, "{\"position\": 100, \"speed\": 2}", false));
    }
}
