package org.orrery.devices.microscope.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.orrery.actions.params.ParameterSchema;
import org.orrery.device.Microscope;
import org.orrery.devices.common.action.InstrumentAction;
import org.orrery.devices.common.action.Instruments;
import org.orrery.task.ActionContext;
import org.orrery.task.ResourceClaim;

/**
 * Seed 001's microscope actions take exactly the seed's parameters, so the microscope is not a
 * parameter: it is the configured {@code microscope.id}, else the first microscope by id. A task
 * claims the microscope, which stands for its stage, focus and camera.
 */
public abstract class MicroscopeAction extends InstrumentAction {

    public MicroscopeAction(Instruments instruments, String name, String description, ParameterSchema parameters) {
        super(instruments, name, description, parameters);
    }

    private String configuredId() {
        String id = instruments.settings().microscopeId();
        return id == null || id.isBlank() ? null : id;
    }

    @Override
    public List<ResourceClaim> resources(Map<String, Object> parameters) {
        return List.of(claim(configuredId(), Microscope.class, "microscope", true));
    }

    public CompletableFuture<Microscope> microscope(ActionContext context) {
        return instruments.await(context, Microscope.class, "microscope", configuredId());
    }

    /** {@code stage of microscope 'scope-1'}. */
    public String part(String part, Microscope microscope) {
        return part + " of microscope '" + instruments.idOf(microscope) + "'";
    }
}
