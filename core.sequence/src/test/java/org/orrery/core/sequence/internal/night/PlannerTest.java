package org.orrery.core.sequence.internal.night;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.orrery.core.sequence.internal.night.FakeSky.at;
import static org.orrery.core.sequence.internal.night.FakeSky.transitingAt;
import static org.orrery.core.sequence.internal.night.Targets.assertWithinAMinuteAfter;
import static org.orrery.core.sequence.internal.night.Targets.dependingOn;
import static org.orrery.core.sequence.internal.night.Targets.minAltitude;
import static org.orrery.core.sequence.internal.night.Targets.target;
import static org.orrery.core.sequence.internal.night.Targets.withPriority;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.orrery.sequence.TargetDecision.Candidate;
import org.orrery.sequence.TargetDecision.Kind;

class PlannerTest {

    private final FakeSky sky = new FakeSky();
    private final Planner planner = new Planner(FakeSky.view(sky));

    /** Up (≥ 30°) from 20:00 to 04:00. */
    private final TargetSpec rising = target("rising", transitingAt(6), minAltitude(30));
    /** Up from 16:00 to 00:00. */
    private final TargetSpec high = target("high", transitingAt(2), minAltitude(30));
    /** Up from 17:00 to 01:00. */
    private final TargetSpec other = target("other", transitingAt(3), minAltitude(30));

    private PlannerDecision decide(Strategy s, List<TargetSpec> targets, Instant now) {
        return decide(s, targets, Map.of(), Map.of(), null, now);
    }

    private PlannerDecision decide(Strategy s, List<TargetSpec> targets, Map<String, TargetStatus> status,
            Map<String, Map<String, Integer>> accepted, String running, Instant now) {
        return decide(s, Weights.DEFAULT, targets, status, accepted, running, now);
    }

    private PlannerDecision decide(Strategy s, Weights w, List<TargetSpec> targets, Map<String, TargetStatus> status,
            Map<String, Map<String, Integer>> accepted, String running, Instant now) {
        return planner.decide(new PlannerInput("night", s, w, targets, status, accepted, running, now, at(12)));
    }

    private static Candidate candidate(PlannerDecision d, String stepId) {
        return d.candidates().stream().filter(c -> c.stepId().equals(stepId)).findFirst().orElseThrow();
    }

    @Test
    void inOrderWaitsForTheFirstTargetEvenWhenALaterOneIsViable() {
        PlannerDecision d = decide(Strategy.IN_ORDER, List.of(rising, high), at(0));
        assertEquals(Kind.WAIT, d.kind());
        assertWithinAMinuteAfter(at(2), d.waitUntil());
        assertTrue(candidate(d, "rising").reason().matches("below 30° until 20:0[01]Z"), candidate(d, "rising").reason());
        assertEquals("after RISING in order", candidate(d, "high").reason());
        assertTrue(candidate(d, "high").viable());
        assertFalse(candidate(d, "rising").viable());
    }

    @Test
    void inOrderRunsTheFirstViableTarget() {
        PlannerDecision d = decide(Strategy.IN_ORDER, List.of(high, rising), at(0));
        assertEquals(Kind.RUN, d.kind());
        assertEquals("high", d.chosenStepId());
        assertTrue(candidate(d, "high").chosen());
        assertNull(candidate(d, "high").score());
    }

    @Test
    void inOrderPassesATargetThatIsNotViableAgainTonight() {
        TargetSpec never = target("never", transitingAt(0), minAltitude(80));
        PlannerDecision d = decide(Strategy.IN_ORDER, List.of(never, high), at(0));
        assertEquals("high", d.chosenStepId());
        assertEquals("below 80° (now 70°); not viable before 06:00Z", candidate(d, "never").reason());
    }

    @Test
    void aCompleteTargetIsPassedWithItsCounts() {
        PlannerDecision d = decide(Strategy.IN_ORDER, List.of(high, other), Map.of(),
                Map.of("high", Map.of("L-60s-1x1", 25)), null, at(0));
        assertEquals("other", d.chosenStepId());
        assertEquals("complete (20/20)", candidate(d, "high").reason());
        assertFalse(candidate(d, "high").viable());
    }

    @Test
    void priorityPicksTheHighestViablePriority() {
        PlannerDecision d = decide(Strategy.PRIORITY,
                List.of(withPriority(high, 2), withPriority(other, 4), withPriority(rising, 5)), at(0));
        assertEquals(Kind.RUN, d.kind());
        assertEquals("other", d.chosenStepId());
        assertEquals("priority 2 < 4", candidate(d, "high").reason());
        assertTrue(candidate(d, "rising").reason().startsWith("below 30° until"));
    }

    @Test
    void aRunningTargetContinuesWhileViableExceptUnderDispatch() {
        PlannerDecision d = decide(Strategy.PRIORITY, List.of(withPriority(high, 2), withPriority(other, 4)),
                Map.of("high", TargetStatus.RUNNING), Map.of(), "high", at(0));
        assertEquals(Kind.CONTINUE, d.kind());
        assertEquals("high", d.chosenStepId());
        assertEquals("HIGH is running", candidate(d, "other").reason());
    }

    @Test
    void aTargetThatSetsIsLeftForTheNext() {
        PlannerDecision d = decide(Strategy.IN_ORDER, List.of(high, rising), Map.of("high", TargetStatus.RUNNING),
                Map.of(), "high", at(6.5));
        assertEquals(Kind.SWITCH, d.kind());
        assertEquals("rising", d.chosenStepId());
        assertTrue(d.summary().contains("HIGH: below 30°"), d.summary());
    }

    @Test
    void afterTheRunningTargetCompletesTheNextIsARun() {
        PlannerDecision d = decide(Strategy.DISPATCH, List.of(high, other), Map.of(),
                Map.of("high", Map.of("L-60s-1x1", 20)), "high", at(2));
        assertEquals(Kind.RUN, d.kind());
        assertEquals("other", d.chosenStepId());
        assertTrue(d.summary().endsWith("; HIGH: complete (20/20)"), d.summary());
    }

    @Test
    void dependenciesWaitForTheTargetTheyDependOn() {
        TargetSpec later = dependingOn(high, "rising");
        PlannerDecision d = decide(Strategy.DEPENDENCIES, List.of(later, rising), at(0));
        assertEquals(Kind.WAIT, d.kind());
        assertEquals("waiting for rising (depends_on)", candidate(d, "high").reason());

        d = decide(Strategy.DEPENDENCIES, List.of(later, rising), Map.of("rising", TargetStatus.FAILED), Map.of(),
                null, at(0));
        assertEquals(Kind.END, d.kind());
        assertEquals("rising failed (depends_on)", candidate(d, "high").reason());
        assertEquals("failed", candidate(d, "rising").reason());
        assertEquals("every target is complete or failed", d.summary());

        d = decide(Strategy.DEPENDENCIES, List.of(later, rising), Map.of("rising", TargetStatus.DONE), Map.of(),
                null, at(0));
        assertEquals("high", d.chosenStepId());
    }

    @Test
    void aDependencyCycleNeverRuns() {
        PlannerDecision d = decide(Strategy.DEPENDENCIES, List.of(dependingOn(high, "other"),
                dependingOn(other, "high")), at(0));
        assertEquals(Kind.END, d.kind());
        assertEquals("other can never run (depends_on)", candidate(d, "high").reason());
        assertEquals("dependency cycle through high (depends_on)", candidate(d, "other").reason());
    }

    @Test
    void waitIsUntilTheEarliestTargetBecomesViable() {
        TargetSpec late = target("late", transitingAt(9), minAltitude(30)); // up at 23:00
        PlannerDecision d = decide(Strategy.DISPATCH, List.of(late, rising), at(0));
        assertEquals(Kind.WAIT, d.kind());
        assertWithinAMinuteAfter(at(2), d.waitUntil());
        assertTrue(d.summary().contains("RISING becomes viable first"), d.summary());
    }

    @Test
    void endsWhenNothingBecomesViableBeforeTheNightEnds() {
        PlannerDecision d = decide(Strategy.DISPATCH, List.of(target("never", transitingAt(0), minAltitude(80))), at(0));
        assertEquals(Kind.END, d.kind());
        assertEquals("no target becomes viable before the night ends", d.summary());
        assertNull(d.waitUntil());
    }

    @Test
    void dispatchScoresEveryViableTargetAndRunsTheBest() {
        // at 20:00 "high" is at hour angle 0 and sets at 00:00; "other" at −1 h, sets at 01:00
        PlannerDecision d = decide(Strategy.DISPATCH, List.of(other, high, rising), at(2));
        assertEquals(Kind.RUN, d.kind());
        assertEquals("high", d.chosenStepId());
        Candidate h = candidate(d, "high");
        Candidate o = candidate(d, "other");
        assertTrue(h.score() > o.score());
        assertEquals(String.format(java.util.Locale.ROOT, "chosen: score %.2f", h.score()), h.reason());
        assertEquals(String.format(java.util.Locale.ROOT, "score %.2f < %.2f", o.score(), h.score()), o.reason());
        // meridian 1, setting 1 − 4/10, completion 0, priority 0.25: (1 + 0.6 + 0 + 0.25) / 3.5
        assertEquals((1 + 0.6 + 0.25) / 3.5, h.score(), 0.002);
    }

    @Test
    void dispatchKeepsTheRunningTargetUnlessAnotherIsClearlyBetter() {
        // "other" runs; "high" scores better, but less than the penalty
        PlannerDecision d = decide(Strategy.DISPATCH, List.of(other, high), Map.of("other", TargetStatus.RUNNING),
                Map.of(), "other", at(2));
        assertEquals(Kind.CONTINUE, d.kind());
        assertEquals("other", d.chosenStepId());
        Candidate o = candidate(d, "other");
        assertEquals(String.format(java.util.Locale.ROOT, "running: score %.2f, best other %.2f", o.score(),
                candidate(d, "high").score()), o.reason());

        // without a penalty it scores better, but not by more than the margin
        Weights noPenalty = new Weights(1, 1, 0.5, 1, 0, 0.1, 600);
        d = decide(Strategy.DISPATCH, noPenalty, List.of(other, high), Map.of("other", TargetStatus.RUNNING),
                Map.of(), "other", at(2));
        assertEquals(Kind.CONTINUE, d.kind());
        o = candidate(d, "other");
        assertTrue(candidate(d, "high").score() > o.score());
        assertTrue(o.reason().endsWith("(not better by 0.10)"), o.reason());

        // a critical target far better than a low one that runs
        TargetSpec low = withPriority(target("low", transitingAt(-1.5), minAltitude(30)), 1);
        TargetSpec critical = withPriority(high, 5);
        d = decide(Strategy.DISPATCH, List.of(low, critical), Map.of("low", TargetStatus.RUNNING), Map.of(), "low",
                at(2));
        assertEquals(Kind.SWITCH, d.kind());
        assertEquals("high", d.chosenStepId());
        assertTrue(d.summary().contains("by more than 0.10"), d.summary());
    }

    @Test
    void theSameInputGivesTheSameDecision() {
        List<TargetSpec> all = List.of(other, high, rising);
        assertEquals(decide(Strategy.DISPATCH, all, at(2)), decide(Strategy.DISPATCH, all, at(2)));
    }

    @Test
    void afterTheNightEndsTheDecisionIsEnd() {
        PlannerDecision d = decide(Strategy.DISPATCH, List.of(high), at(13));
        assertEquals(Kind.END, d.kind());
        assertEquals("the night ended at 06:00Z", d.summary());
    }
}
