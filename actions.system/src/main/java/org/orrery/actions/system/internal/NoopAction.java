package org.orrery.actions.system.internal;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.orrery.actions.params.ParameterSchema;
import org.orrery.task.Action;
import org.orrery.task.ActionContext;
import org.orrery.task.ActionProperties;
import org.osgi.service.component.annotations.Component;

/** {@code system.noop}: does nothing and completes at once with an empty result. */
@Component(service = Action.class)
@ActionProperties(name = NoopAction.NAME, safeToRerun = true)
public final class NoopAction extends SystemAction {

    static final String NAME = "system.noop";

    static final ParameterSchema PARAMETERS = ParameterSchema.of(NAME, "Takes no parameters.");

    public NoopAction() {
        super(NAME, "Does nothing and completes at once with an empty result.", PARAMETERS);
    }

    @Override
    public CompletionStage<Map<String, Object>> execute(ActionContext context) throws Exception {
        PARAMETERS.read(context.parameters());
        return CompletableFuture.completedFuture(Map.of());
    }
}
