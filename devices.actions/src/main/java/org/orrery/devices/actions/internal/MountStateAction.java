package org.orrery.devices.actions.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

import org.orrery.device.Mount;
import org.orrery.task.ActionContext;
import org.orrery.task.ResourceClaim;
import org.orrery.task.TaskParameterException;

/**
 * A mount action that brings the mount into a state (parked, unparked, tracking on or off) and
 * verifies it is there: nothing is sent when it already is.
 */
abstract class MountStateAction extends InstrumentAction {

    static final String MOUNT = "mount";

    MountStateAction(Instruments instruments) {
        super(instruments);
    }

    /** What the mount is asked for and how to see it holds. */
    record Goal(String doing, String state, Predicate<Mount> holds, java.util.function.Function<Mount, CompletionStage<Void>> start,
            Duration timeout, boolean abortOnTimeout) {
    }

    abstract Set<String> known();

    abstract Goal goal(Parameters p, Settings settings) throws TaskParameterException;

    @Override
    public List<ResourceClaim> resources(Map<String, Object> parameters) {
        return List.of(claim(parameters, MOUNT, Mount.class, "mount", true));
    }

    @Override
    final CompletableFuture<Map<String, Object>> run(ActionContext context) throws TaskParameterException {
        Parameters p = Parameters.of(name(), context.parameters(), known());
        Goal goal = goal(p, instruments.settings());
        String id = p.deviceId(MOUNT);
        return instruments.await(context, Mount.class, "mount", id).thenCompose(mount -> reach(context, mount, goal));
    }

    private CompletableFuture<Map<String, Object>> reach(ActionContext context, Mount mount, Goal goal) {
        String mountId = instruments.idOf(mount);
        String label = label("mount", mountId);
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

    static String describe(Mount mount) {
        return "parked: " + Moves.yesNo(mount.parked()) + ", tracking: " + Moves.yesNo(mount.tracking())
                + ", slewing: " + Moves.yesNo(mount.slewing()) + ", at "
                + Texts.radec(mount.rightAscension(), mount.declination());
    }
}
