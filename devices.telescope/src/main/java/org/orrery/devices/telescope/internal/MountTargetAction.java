package org.orrery.devices.telescope.internal;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.orrery.actions.params.ParameterSchema;
import org.orrery.actions.params.Parameters;
import org.orrery.device.Mount;
import org.orrery.devices.common.action.DeviceAction;
import org.orrery.devices.common.action.Instruments;
import org.orrery.task.ActionContext;
import org.orrery.task.TaskParameterException;

/** A mount action about a position ({@code ra}, {@code dec} JNow) and a mount: {@code mount.sync}, {@code mount.meridian_flip}. */
public abstract class MountTargetAction extends DeviceAction<Mount> {

    protected MountTargetAction(Instruments instruments, String name, String description, String what) {
        super(instruments, name, description, ParameterSchema.of(name, what, MountSlewAction.RA_PARAM,
                MountSlewAction.DEC_PARAM, MountStateAction.MOUNT_PARAM), Mount.class, MountStateAction.MOUNT_PARAM,
                "mount");
    }

    @Override
    public final CompletableFuture<Map<String, Object>> run(ActionContext context) throws TaskParameterException {
        Parameters p = read(context);
        double ra = p.get(MountSlewAction.RA_PARAM);
        double dec = p.get(MountSlewAction.DEC_PARAM);
        return device(context, p).thenCompose(mount -> at(context, mount, ra, dec));
    }

    /** Does what the action does with the mount and the position (already checked). */
    protected abstract CompletableFuture<Map<String, Object>> at(ActionContext context, Mount mount, double ra,
            double dec);
}
