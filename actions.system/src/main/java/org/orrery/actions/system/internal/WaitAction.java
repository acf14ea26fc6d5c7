package org.orrery.actions.system.internal;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import org.orrery.task.Action;
import org.orrery.task.ActionContext;
import org.osgi.service.component.annotations.Component;

/**
 * {@code system.wait}: waits a number of seconds without holding a thread. Cancelling the task
 * ends the wait at once: the stage completes exceptionally with the cancellation reason.
 */
@Component(service = Action.class)
public final class WaitAction implements Action {

    static final String NAME = "system.wait";
    static final String DURATION = "duration";
    static final String WAITED = "waited_seconds";
    /** One day, in seconds. */
    static final double MAX_SECONDS = 86_400;

    static final String SCHEMA = """
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "title": "system.wait",
              "description": "How long to wait.",
              "type": "object",
              "properties": {
                "duration": {
                  "type": "number",
                  "description": "Seconds to wait (fractions allowed), from 0 to 86400 (one day).",
                  "minimum": 0,
                  "maximum": 86400
                }
              },
              "required": ["duration"],
              "additionalProperties": false
            }
            """;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Waits the given number of seconds without holding a thread; cancelling ends the wait.";
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
        double seconds = Parameters.of(NAME, context.parameters(), Set.of(DURATION))
                .number(DURATION, 0, MAX_SECONDS, "seconds");
        Duration duration = Duration.ofNanos(Math.round(seconds * 1e9));
        // context.delay completes exceptionally with the reason if the attempt is cancelled; that passes through
        return context.delay(duration).thenApply(done -> Map.of(WAITED, seconds));
    }
}
