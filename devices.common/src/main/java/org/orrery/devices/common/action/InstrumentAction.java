package org.orrery.devices.common.action;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.orrery.actions.params.DeclaredAction;
import org.orrery.actions.params.ParameterSchema;
import org.orrery.device.Device;
import org.orrery.task.ActionContext;
import org.orrery.task.ResourceClaim;
import org.orrery.task.TaskParameterException;

/**
 * What the instrument actions share: the {@link Instruments} they use, their name, description
 * and schema ({@link DeclaredAction}), re-run safety (every one of them moves to an absolute
 * target or takes frames into new files, so running it again after a crash does no harm) and the
 * claims on the devices they use.
 */
public abstract class InstrumentAction extends DeclaredAction {

    /** Prefix of the claim a task makes while no device of the type it needs is registered. */
    public static final String ANY_DEVICE_OF_TYPE = "device-type:";

    public final Instruments instruments;

    public InstrumentAction(Instruments instruments, String name, String description, ParameterSchema parameters) {
        super(name, description, parameters);
        this.instruments = instruments;
    }

    @Override
    public boolean safeToRerun() {
        return true;
    }

    @Override
    public final CompletionStage<Map<String, Object>> execute(ActionContext context) throws Exception {
        // parameter errors are thrown at once; everything later completes the stage, unwrapped
        return run(context).handle((result, e) -> e == null ? CompletableFuture.completedFuture(result)
                : CompletableFuture.<Map<String, Object>>failedFuture(Waits.unwrap(e))).thenCompose(x -> x);
    }

    /** Checks the parameters (throwing a {@link TaskParameterException}) and starts the attempt. */
    public abstract CompletableFuture<Map<String, Object>> run(ActionContext context) throws TaskParameterException;

    /**
     * The claim on the device a task will use: the device named by {@code parameter}, else the
     * first of the type by id now; while there is none, a claim on the type
     * ({@code device-type:camera}) so that tasks waiting for one take turns.
     */
    public ResourceClaim claim(Map<String, Object> parameters, String parameter, Class<? extends Device> type,
            String typeId, boolean exclusive) {
        Object named = parameters == null ? null : parameters.get(parameter);
        String id = named instanceof String s && !s.isBlank() ? s : null;
        return claim(id, type, typeId, exclusive);
    }

    public ResourceClaim claim(String id, Class<? extends Device> type, String typeId, boolean exclusive) {
        if (id == null) {
            Device first = instruments.first(type);
            id = first == null ? null : instruments.idOf(first);
        }
        String name = id == null ? ANY_DEVICE_OF_TYPE + typeId : Device.resourceName(id);
        return exclusive ? ResourceClaim.exclusive(name) : ResourceClaim.shared(name);
    }

    /** {@code mount 'sim-mount'}. */
    public static String label(String type, String id) {
        return type + " '" + id + "'";
    }
}
