package org.orrery.actions.system.internal;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.orrery.task.Action;
import org.orrery.task.ActionContext;
import org.osgi.service.component.annotations.Component;

/** {@code system.noop}: does nothing and completes at once with an empty result. */
@Component(service = Action.class)
public final class NoopAction implements Action {

    static final String NAME = "system.noop";

    static final String SCHEMA = """
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "title": "system.noop",
              "description": "Takes no parameters.",
              "type": "object",
              "properties": {},
              "additionalProperties": false
            }
            """;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Does nothing and completes at once with an empty result.";
    }

    @Override
    public String parameterSchema() {
        return SCHEMA;
    }

    @Override
    public boolean safeToRerun() {
        return true;
    }

    @Override
    public CompletionStage<Map<String, Object>> execute(ActionContext context) throws Exception {
        Parameters.of(NAME, context.parameters(), Set.of());
        return CompletableFuture.completedFuture(Map.of());
    }
}
