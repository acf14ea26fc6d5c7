package org.orrery.core.sequence.internal.night;

import java.time.Instant;
import java.util.List;

import org.orrery.sequence.TargetDecision;

/**
 * What {@link Planner#decide} returns; the runner numbers it and adds the sequence to make a
 * {@link TargetDecision}.
 *
 * @param kind run, continue, switch, wait or end
 * @param chosenStepId the target to run (run, continue, switch), else null
 * @param summary one sentence for people
 * @param candidates every target, in document order, each with why it was (not) chosen
 * @param waitUntil for wait: the earliest time a target becomes viable (null when unknown)
 */
public record PlannerDecision(TargetDecision.Kind kind, String chosenStepId, String summary,
        List<TargetDecision.Candidate> candidates, Instant waitUntil) {

    public PlannerDecision {
        candidates = List.copyOf(candidates);
    }
}
