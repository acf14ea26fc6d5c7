package org.orrery.actions.system.internal;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.orrery.actions.params.Param;
import org.orrery.actions.params.ParameterSchema;
import org.orrery.actions.params.Parameters;
import org.orrery.task.Action;
import org.orrery.task.ActionContext;
import org.orrery.task.ActionProperties;
import org.orrery.task.TaskExecutionException;
import org.osgi.service.component.annotations.Component;

/**
 * {@code system.fail}: fails with a {@link TaskExecutionException} carrying the given message,
 * retryable or not as asked. For testing error handling and retries.
 */
@Component(service = Action.class)
@ActionProperties(name = FailAction.NAME, safeToRerun = true)
public final class FailAction extends SystemAction {

    static final String NAME = "system.fail";
    static final String MESSAGE = "message";
    static final String RETRYABLE = "retryable";
    static final String DEFAULT_MESSAGE = "system.fail was asked to fail";

    static final Param<String> MESSAGE_PARAM = Param.string(MESSAGE, "The message of the failure.")
            .orElse(DEFAULT_MESSAGE);
    static final Param<Boolean> RETRYABLE_PARAM = Param.bool(RETRYABLE,
            "Whether the failure says another attempt may succeed (so the retry policy applies).").orElse(true);
    static final ParameterSchema PARAMETERS = ParameterSchema.of(NAME, "How the task fails.", MESSAGE_PARAM,
            RETRYABLE_PARAM);

    public FailAction() {
        super(NAME, "Fails with the given message, for testing error handling and retries.", PARAMETERS);
    }

    @Override
    public CompletionStage<Map<String, Object>> execute(ActionContext context) throws Exception {
        Parameters parameters = PARAMETERS.read(context.parameters());
        String message = parameters.get(MESSAGE_PARAM);
        boolean retryable = parameters.get(RETRYABLE_PARAM);
        return CompletableFuture.failedFuture(new TaskExecutionException(message, retryable, null));
    }
}
