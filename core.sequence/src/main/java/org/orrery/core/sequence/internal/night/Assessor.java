package org.orrery.core.sequence.internal.night;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Assesses every target of a {@link PlannerInput}: completion, status, dependencies, constraints. */
final class Assessor {

    private final ConstraintCheck check;
    private final PlannerInput input;
    private final Instant nightEnd;
    private final Map<String, TargetSpec> byId = new LinkedHashMap<>();
    private final Map<String, Assessment> done = new HashMap<>();
    /** The targets whose dependencies are being assessed (a dependency among them is a cycle). */
    private final Set<String> visiting = new HashSet<>();

    private Assessor(ConstraintCheck check, PlannerInput input, Instant nightEnd) {
        this.check = check;
        this.input = input;
        this.nightEnd = nightEnd;
        for (TargetSpec t : input.targets()) {
            byId.put(t.stepId(), t);
        }
    }

    /** Every target's assessment, in document order. */
    static List<Assessment> assess(ConstraintCheck check, PlannerInput input, Instant nightEnd) {
        Assessor a = new Assessor(check, input, nightEnd);
        return input.targets().stream().map(t -> a.assess(t.stepId())).toList();
    }

    private Assessment assess(String stepId) {
        Assessment known = done.get(stepId);
        if (known != null) {
            return known;
        }
        TargetSpec t = byId.get(stepId);
        visiting.add(stepId);
        Assessment a = compute(t, frames(t));
        visiting.remove(stepId);
        done.put(stepId, a);
        return a;
    }

    private Assessment compute(TargetSpec t, int[] frames) {
        TargetStatus status = input.status().getOrDefault(t.stepId(), TargetStatus.PENDING);
        if (status == TargetStatus.DONE || (frames[1] > 0 && frames[0] >= frames[1])) {
            return new Assessment(t, Assessment.State.DONE, "complete (" + frames[0] + "/" + frames[1] + ")", null,
                    frames[0], frames[1]);
        }
        if (status == TargetStatus.FAILED) {
            return new Assessment(t, Assessment.State.FAILED, "failed", null, frames[0], frames[1]);
        }
        for (String dep : t.dependsOn()) {
            if (!byId.containsKey(dep)) {
                return new Assessment(t, Assessment.State.BLOCKED_FOREVER, "depends on " + dep
                        + ", which is not a target of this container", null, frames[0], frames[1]);
            }
            if (visiting.contains(dep)) {
                return new Assessment(t, Assessment.State.BLOCKED_FOREVER, "dependency cycle through " + dep
                        + " (depends_on)", null, frames[0], frames[1]);
            }
            Assessment d = assess(dep);
            if (d.state() == Assessment.State.FAILED || d.state() == Assessment.State.BLOCKED_FOREVER) {
                String why = d.state() == Assessment.State.FAILED ? " failed" : " can never run";
                return new Assessment(t, Assessment.State.BLOCKED_FOREVER, dep + why + " (depends_on)", null,
                        frames[0], frames[1]);
            }
            if (d.state() != Assessment.State.DONE) {
                return new Assessment(t, Assessment.State.BLOCKED, "waiting for " + dep + " (depends_on)", null,
                        frames[0], frames[1]);
            }
        }
        ConstraintCheck.Verdict v = check.verdict(t, input.now());
        if (v.viable()) {
            return new Assessment(t, Assessment.State.VIABLE, null, null, frames[0], frames[1]);
        }
        Instant next = check.nextViable(t, input.now(), nightEnd).orElse(null);
        String reason = next != null ? v.brief() + " until " + Texts.time(next)
                : v.detail() + "; not viable before " + Texts.time(nightEnd);
        return new Assessment(t, Assessment.State.NOT_VIABLE, reason, next, frames[0], frames[1]);
    }

    /** {accepted frames counting towards the plan, frames the plan asks for}. */
    private int[] frames(TargetSpec t) {
        Map<String, Integer> accepted = input.accepted().getOrDefault(t.stepId(), Map.of());
        int doneFrames = 0;
        int total = 0;
        for (TargetSpec.PlanEntry e : t.plan()) {
            total += e.count();
            doneFrames += Math.min(e.count(), accepted.getOrDefault(e.key(), 0));
        }
        return new int[] {doneFrames, total};
    }
}
