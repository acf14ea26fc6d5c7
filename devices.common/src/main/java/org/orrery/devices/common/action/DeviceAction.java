package org.orrery.devices.common.action;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.orrery.actions.params.Param;
import org.orrery.actions.params.ParameterSchema;
import org.orrery.actions.params.Parameters;
import org.orrery.device.Device;
import org.orrery.task.ActionContext;
import org.orrery.task.ResourceClaim;
import org.orrery.task.TaskParameterException;

/**
 * An action that drives one device, named by a parameter of the same name as the device type's
 * id ({@code mount}, {@code focuser}, {@code filter_wheel}; default: the first of the type by id),
 * and claims it exclusively.
 */
public abstract class DeviceAction<D extends Device> extends InstrumentAction {

    private final Class<D> type;
    private final Param<String> parameter;
    private final String noun;

    /**
     * @param parameter the parameter naming the device; its name is also the type id of its claim
     * @param noun the device type in messages, e.g. {@code filter wheel}
     */
    public DeviceAction(Instruments instruments, String name, String description, ParameterSchema parameters,
            Class<D> type, Param<String> parameter, String noun) {
        super(instruments, name, description, parameters);
        this.type = type;
        this.parameter = parameter;
        this.noun = noun;
    }

    @Override
    public List<ResourceClaim> resources(Map<String, Object> parameters) {
        return List.of(claim(parameters, parameter.name(), type, parameter.name(), true));
    }

    /** The device the parameters name (checking the id), once it is there and connected. */
    public CompletableFuture<D> device(ActionContext context, Parameters p) throws TaskParameterException {
        return instruments.await(context, type, noun, p.get(parameter));
    }

    /** {@code focuser 'sim-focuser'}. */
    public String label(D device) {
        return label(noun, instruments.idOf(device));
    }
}
