package org.orrery.itest.deployable;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.orrery.agent.Agent;
import org.orrery.task.ActionContext;
import org.orrery.task.TaskParameterException;
import org.osgi.service.component.annotations.Component;

/**
 * A local test agent, {@code itest-agent}, with the capability {@code itest_probe}: it answers
 * with its id, the task type and the {@code label} parameter; it refuses a task whose
 * {@code label} is not text. Tests install and remove it at run time.
 */
@Component(service = Agent.class)
public final class ProbeAgent implements Agent {

    @Override
    public String id() {
        return "itest-agent";
    }

    @Override
    public String type() {
        return "itest";
    }

    @Override
    public Set<String> capabilities() {
        return Set.of("itest_probe");
    }

    @Override
    public int concurrency() {
        return 2;
    }

    @Override
    public void validate(String taskType, Map<String, Object> parameters) throws TaskParameterException {
        Object label = parameters.get("label");
        if (label != null && !(label instanceof String)) {
            throw new TaskParameterException("label: expected text, found " + label);
        }
    }

    @Override
    public boolean safeToRerun(String taskType) {
        return true;
    }

    @Override
    public CompletionStage<Map<String, Object>> execute(ActionContext context) {
        return CompletableFuture.completedFuture(Map.of("agent", id(), "task_type", context.task().action(),
                "label", String.valueOf(context.parameters().get("label"))));
    }
}
