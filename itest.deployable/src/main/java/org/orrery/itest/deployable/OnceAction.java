package org.orrery.itest.deployable;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.orrery.task.Action;
import org.orrery.task.ActionContext;
import org.osgi.service.component.annotations.Component;

/**
 * A test action that must never run twice ({@code safeToRerun() == false}): {@code itest.once}
 * waits {@code seconds} and completes. Crash tests use it to see that an interrupted attempt is
 * failed, not repeated, after a restart.
 */
@Component(service = Action.class)
public final class OnceAction implements Action {

    @Override
    public String name() {
        return "itest.once";
    }

    @Override
    public String description() {
        return "Waits, and must not run twice (a test action)";
    }

    @Override
    public String parameterSchema() {
        return """
                {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
                 "properties": {"seconds": {"type": "number", "minimum": 0, "maximum": 3600}},
                 "required": ["seconds"], "additionalProperties": false}""";
    }

    @Override
    public CompletionStage<Map<String, Object>> execute(ActionContext context) {
        double seconds = ((Number) context.parameters().get("seconds")).doubleValue();
        return context.delay(Duration.ofMillis((long) (seconds * 1000))).thenApply(v -> Map.of("waited", seconds));
    }
}
