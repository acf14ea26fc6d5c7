package org.orrery.itest.deployable;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.orrery.task.Action;
import org.orrery.task.ActionContext;
import org.osgi.service.component.annotations.Component;

/**
 * An action that comes and goes with this bundle, for tests of actions installed, stopped and
 * started at run time: {@code itest.probe} answers with the label it was given.
 */
@Component(service = Action.class)
public final class ProbeAction implements Action {

    @Override
    public String name() {
        return "itest.probe";
    }

    @Override
    public String description() {
        return "Answers with its label (a test action installed at run time)";
    }

    @Override
    public String parameterSchema() {
        return """
                {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
                 "properties": {"label": {"type": "string", "description": "what to answer with"}},
                 "required": ["label"], "additionalProperties": false}""";
    }

    @Override
    public boolean safeToRerun() {
        return true;
    }

    @Override
    public CompletionStage<Map<String, Object>> execute(ActionContext context) {
        return CompletableFuture.completedFuture(Map.of("probe", context.parameters().get("label")));
    }
}
