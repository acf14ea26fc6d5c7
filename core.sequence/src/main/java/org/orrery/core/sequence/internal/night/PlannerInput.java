package org.orrery.core.sequence.internal.night;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the planner decides over.
 *
 * @param containerStepId the {@code targets} container
 * @param strategy its strategy
 * @param weights its weights (dispatch)
 * @param targets its target steps, in document order
 * @param status each target's status, by step id (absent = {@link TargetStatus#PENDING})
 * @param accepted accepted frames per target step id and plan entry key (absent = 0), from the {@code TargetStore}
 * @param runningStepId the target running now, or null
 * @param now the time of the decision
 * @param nightEnd when the container ends (its {@code until}), or null: then the planner looks 24 hours ahead
 */
public record PlannerInput(String containerStepId, Strategy strategy, Weights weights, List<TargetSpec> targets,
        Map<String, TargetStatus> status, Map<String, Map<String, Integer>> accepted, String runningStepId,
        Instant now, Instant nightEnd) {

    public PlannerInput {
        targets = List.copyOf(targets);
        status = Map.copyOf(status);
        accepted = Map.copyOf(accepted);
    }
}
