package org.orrery.core.sequence.internal;

import java.util.List;

import org.orrery.actions.params.ParameterSchema;
import org.orrery.actions.system.internal.EchoAction;
import org.orrery.actions.system.internal.FailAction;
import org.orrery.actions.system.internal.NoopAction;
import org.orrery.actions.system.internal.WaitAction;
import org.orrery.devices.camera.internal.CameraExposeAction;
import org.orrery.devices.microscope.internal.AdjustFocusAction;
import org.orrery.devices.microscope.internal.CaptureImageAction;
import org.orrery.devices.microscope.internal.MoveStageAction;
import org.orrery.devices.telescope.internal.FilterWheelSelectAction;
import org.orrery.devices.telescope.internal.FocuserMoveAction;
import org.orrery.devices.telescope.internal.MountParkAction;
import org.orrery.devices.telescope.internal.MountSlewAction;
import org.orrery.devices.telescope.internal.MountTrackAction;
import org.orrery.devices.telescope.internal.MountUnparkAction;
import org.orrery.task.Action;
import org.orrery.task.ActionInfo;

/** The real parameter schemas of the actions the built-in templates use, read from their classes. */
final class ActionSchemas {

    private ActionSchemas() {
    }

    static List<ActionInfo> all() {
        List<ParameterSchema> devices = List.of(CameraExposeAction.PARAMETERS, MountParkAction.PARAMETERS,
                MountUnparkAction.PARAMETERS, MountSlewAction.PARAMETERS, MountTrackAction.PARAMETERS,
                FocuserMoveAction.PARAMETERS, FilterWheelSelectAction.PARAMETERS, MoveStageAction.PARAMETERS,
                AdjustFocusAction.PARAMETERS, CaptureImageAction.PARAMETERS);
        List<Action> system = List.of(new NoopAction(), new EchoAction(), new FailAction(), new WaitAction());
        List<ActionInfo> infos = new java.util.ArrayList<>();
        devices.forEach(p -> infos.add(new ActionInfo(p.action(), "", p.json(), false, "test")));
        system.forEach(a -> infos.add(new ActionInfo(a.name(), "", a.parameterSchema(), true, "test")));
        return infos;
    }
}
