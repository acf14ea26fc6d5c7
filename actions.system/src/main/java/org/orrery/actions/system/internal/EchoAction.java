package org.orrery.actions.system.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.orrery.actions.params.ParameterSchema;
import org.orrery.task.Action;
import org.orrery.task.ActionContext;
import org.orrery.task.ActionProperties;
import org.osgi.service.component.annotations.Component;

/** {@code system.echo}: returns its parameters as its result. */
@Component(service = Action.class)
@ActionProperties(name = EchoAction.NAME, safeToRerun = true)
public final class EchoAction extends SystemAction {

    static final String NAME = "system.echo";

    static final ParameterSchema PARAMETERS = ParameterSchema.anyObject(NAME, "Any parameters; they are returned unchanged as the result.");

    public EchoAction() {
        super(NAME, "Returns its parameters as its result.", PARAMETERS);
    }

    @Override
    public CompletionStage<Map<String, Object>> execute(ActionContext context) {
        Map<String, Object> parameters = context.parameters();
        // a copy that keeps the order and any null values (which Map.copyOf would refuse)
        Map<String, Object> result = parameters == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        return CompletableFuture.completedFuture(result);
    }
}
