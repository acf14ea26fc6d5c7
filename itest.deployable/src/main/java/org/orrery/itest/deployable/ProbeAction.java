package org.orrery.itest.deployable;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.orrery.task.Action;
import org.orrery.task.ActionContext;
import org.orrery.task.ActionProperties;
import org.osgi.service.component.annotations.Component;

/**
 * An action that comes and goes with this bundle, for tests of actions installed, stopped and
 * started at run time: {@code itest.probe} answers with the label it was given. Declared with
 * {@link ActionProperties} (the scheduler gets it on first use); the bundle's other actions are
 * registered without them, as a third party's may be (got as soon as they appear).
 */
@Component(service = Action.class)
@ActionProperties(name = ProbeAction.NAME, safeToRerun = true)
public final class ProbeAction implements Action {

    static final String NAME = "itest.probe";

    @Override
    public String name() {
        return NAME;
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
