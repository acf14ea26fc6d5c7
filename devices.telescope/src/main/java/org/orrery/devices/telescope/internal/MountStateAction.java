package org.orrery.devices.telescope.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

import org.orrery.actions.params.Param;
import org.orrery.actions.params.ParameterSchema;
import org.orrery.actions.params.Parameters;
import org.orrery.device.Mount;
import org.orrery.devices.common.action.DeviceAction;
import org.orrery.devices.common.action.Instruments;
import org.orrery.devices.common.action.Moves;
import org.orrery.devices.common.action.Settings;
import org.orrery.devices.common.action.Texts;
import org.orrery.devices.common.action.Waits;
import org.orrery.task.ActionContext;
import org.orrery.task.TaskParameterException;

/**
 * A mount action that brings the mount into a state (parked, unparked, tracking on or off) and
 * verifies it is there: nothing is sent when it already is.
 */
public abstract class MountStateAction extends DeviceAction<Mount> {

    public static final String MOUNT = "mount";

    /** The mount a mount action drives. */
    public static final Param<String> MOUNT_PARAM = Param.deviceId(MOUNT,
            "Device id of the mount; default: the first mount by id.");

    public MountStateAction(Instruments instruments, String name, String description, ParameterSchema parameters) {
        super(instruments, name, description, parameters, Mount.class, MOUNT_PARAM, "mount");
    }

    /** The parameters of an action whose only parameter is the mount. */
    public static ParameterSchema mountOnly(String action) {
        return ParameterSchema.of(action, "Which mount.", MOUNT_PARAM);
    }

    /** What the mount is asked for and how to see it holds. */
    public record Goal(String doing, String state, Predicate<Mount> holds, java.util.function.Function<Mount, CompletionStage<Void>> start,
            Duration timeout, boolean abortOnTimeout) {
    }

    public abstract Goal goal(Parameters p, Settings settings) throws TaskParameterException;

    @Override
    public final CompletableFuture<Map<String, Object>> run(ActionContext context) throws TaskParameterException {
        Parameters p = read(context);
        Goal goal = goal(p, instruments.settings());
        return device(context, p).thenCompose(mount -> reach(context, mount, goal));
    }

    private CompletableFuture<Map<String, Object>> reach(ActionContext context, Mount mount, Goal goal) {
        String mountId = instruments.idOf(mount);
        String label = label(mount);
        CompletableFuture<Void> done;
        boolean already = goal.holds().test(mount) && !mount.slewing();
        if (already) {
            done = CompletableFuture.completedFuture(null);
        } else {
            context.progress(0, goal.doing() + " " + label);
            done = Waits.operation(context, instruments, mount, label + " " + goal.doing(), goal.timeout(),
                    () -> label + " did not report " + goal.state() + " within " + Texts.seconds(goal.timeout())
                            + " (now " + describe(mount) + ")" + (goal.abortOnTimeout() ? "; the motion was aborted" : ""),
                    goal.abortOnTimeout() ? mount::abort : () -> { }, () -> goal.start().apply(mount))
                    .thenCompose(v -> Waits.verify(context, instruments.settings().settle(),
                            () -> goal.holds().test(mount),
                            () -> label + " reported " + goal.doing() + " done but is not " + goal.state() + " (now "
                                    + describe(mount) + ")"));
        }
        return done.thenApply(v -> {
            context.progress(1, label + " " + goal.state());
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("mount", mountId);
            result.put("parked", mount.parked());
            result.put("tracking", mount.tracking());
            result.put("ra", mount.rightAscension());
            result.put("dec", mount.declination());
            result.put("changed", !already);
            return result;
        });
    }

    public static String describe(Mount mount) {
        return "parked: " + Moves.yesNo(mount.parked()) + ", tracking: " + Moves.yesNo(mount.tracking())
                + ", slewing: " + Moves.yesNo(mount.slewing()) + ", at "
                + Texts.radec(mount.rightAscension(), mount.declination());
    }
}
