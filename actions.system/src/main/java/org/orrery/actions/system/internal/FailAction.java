package org.orrery.actions.system.internal;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.orrery.task.Action;
import org.orrery.task.ActionContext;
import org.orrery.task.TaskExecutionException;
import org.osgi.service.component.annotations.Component;

/**
 * {@code system.fail}: fails with a {@link TaskExecutionException} carrying the given message,
 * retryable or not as asked. For testing error handling and retries.
 */
@Component(service = Action.class)
public final class FailAction implements Action {

    static final String NAME = "system.fail";
    static final String MESSAGE = "message";
    static final String RETRYABLE = "retryable";
    static final String DEFAULT_MESSAGE = "system.fail was asked to fail";

    static final String SCHEMA = """
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "title": "system.fail",
              "description": "How the task fails.",
              "type": "object",
              "properties": {
                "message": {
                  "type": "string",
                  "description": "The message of the failure.",
                  "default": "system.fail was asked to fail"
                },
                "retryable": {
                  "type": "boolean",
                  "description": "Whether the failure says another attempt may succeed (so the retry policy applies).",
                  "default": true
                }
              },
              "additionalProperties": false
            }
            """;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Fails with the given message, for testing error handling and retries.";
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
        Parameters parameters = Parameters.of(NAME, context.parameters(), Set.of(MESSAGE, RETRYABLE));
        String message = parameters.string(MESSAGE, DEFAULT_MESSAGE);
        boolean retryable = parameters.bool(RETRYABLE, true);
        return CompletableFuture.failedFuture(new TaskExecutionException(message, retryable, null));
    }
}
