package org.orrery.actions.system.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.orrery.actions.params.Param;
import org.orrery.actions.params.ParameterSchema;
import org.orrery.task.Action;
import org.orrery.task.ActionContext;
import org.orrery.task.ActionProperties;
import org.osgi.service.component.annotations.Component;

/**
 * {@code system.wait}: waits a number of seconds without holding a thread. Cancelling the task
 * ends the wait at once: the stage completes exceptionally with the cancellation reason.
 */
@Component(service = Action.class)
@ActionProperties(name = WaitAction.NAME, safeToRerun = true)
public final class WaitAction extends SystemAction {

    static final String NAME = "system.wait";
    static final String DURATION = "duration";
    static final String WAITED = "waited_seconds";
    /** One day, in seconds. */
    static final double MAX_SECONDS = 86_400;

    static final Param<Double> DURATION_PARAM = Param.number(DURATION, "seconds",
            "Seconds to wait (fractions allowed), from 0 to 86400 (one day).").range(0, MAX_SECONDS).required();
    static final ParameterSchema PARAMETERS = ParameterSchema.of(NAME, "How long to wait.", DURATION_PARAM);

    public WaitAction() {
        super(NAME, "Waits the given number of seconds without holding a thread; cancelling ends the wait.", PARAMETERS);
    }

    @Override
    public CompletionStage<Map<String, Object>> execute(ActionContext context) throws Exception {
        double seconds = PARAMETERS.read(context.parameters()).get(DURATION_PARAM);
        Duration duration = Duration.ofNanos(Math.round(seconds * 1e9));
        // context.delay completes exceptionally with the reason if the attempt is cancelled; that passes through
        return context.delay(duration).thenApply(done -> Map.of(WAITED, seconds));
    }
}
