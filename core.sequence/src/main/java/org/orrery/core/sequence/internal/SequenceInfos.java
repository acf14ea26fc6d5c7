package org.orrery.core.sequence.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.orrery.sequence.SequenceInfo;
import org.orrery.sequence.StepInfo;
import org.orrery.sequence.StepState;

/** A run as people see it: {@link SequenceInfo} with the tree of its steps (each at its latest execution). */
final class SequenceInfos {

    private SequenceInfos() {
    }

    static SequenceInfo of(Run run) {
        Map<String, List<StepRun>> byStep = new HashMap<>();
        for (StepRun r : run.records.values()) {
            byStep.computeIfAbsent(r.stepId, k -> new ArrayList<>()).add(r);
        }
        byStep.values().forEach(list -> list.sort(Comparator.comparingLong(r -> r.order)));
        List<StepInfo> areas = new ArrayList<>();
        for (Step.Container area : run.plan.areas()) {
            areas.add(step(run, area, byStep));
        }
        int done = 0;
        int total = 0;
        List<String> current = new ArrayList<>();
        for (Step leaf : run.plan.leaves()) {
            List<StepRun> executions = byStep.getOrDefault(leaf.id(), List.of());
            int known = 0;
            for (StepRun r : executions) {
                done += r.state.isFinished() && r.state != StepState.SKIPPED ? 1 : 0;
                known += r.state != StepState.SKIPPED ? 1 : 0;
            }
            // a step skipped is no work; one not reached yet outside loops is
            total += executions.isEmpty() && !run.plan.inLoop(leaf.id()) ? 1 : known;
        }
        for (String key : run.active) {
            StepRun r = run.records.get(key);
            current.add(run.plan.step(r.stepId).path());
        }
        return SequenceInfo.builder(run.id).name(run.name).description(run.description).state(run.state)
                .document(run.document).variables(run.variables).template(run.template)
                .area(run.live() && run.area < Plan.AREAS.size() ? Plan.AREAS.get(run.area) : null)
                .currentSteps(current).progress(done, total).error(run.error).createdAt(run.createdAt)
                .startedAt(run.startedAt).finishedAt(run.finishedAt).areas(areas).build();
    }

    private static StepInfo step(Run run, Step step, Map<String, List<StepRun>> byStep) {
        StepRun r = run.latest.get(step.id());
        StepInfo.Builder b = StepInfo.builder(step.id().startsWith("@") ? step.id().substring(1) : step.id(),
                step.type()).name(step.name()).path(step.path());
        if (r != null) {
            b.state(r.state).attempts(r.attempts).iteration(r.iteration).taskIds(taskIds(byStep.getOrDefault(step.id(), List.of()))).error(r.error)
                    .startedAt(r.startedAt).finishedAt(r.finishedAt);
            if (r.result != null) {
                b.result(r.result);
            }
        }
        for (Step child : step.children()) {
            b.child(step(run, child, byStep));
        }
        return b.build();
    }

    /** Every task of the step, every iteration, oldest first. */
    private static List<String> taskIds(List<StepRun> executions) {
        List<String> ids = new ArrayList<>();
        for (StepRun r : executions) {
            ids.addAll(r.taskIds);
        }
        return ids;
    }
}
