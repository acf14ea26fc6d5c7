package org.orrery.core.sequence.internal.night;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.orrery.sequence.TargetDecision;
import org.orrery.sequence.TargetDecision.Kind;

/**
 * Picks the target of a {@code targets} container at a decision point, and says for every
 * target why it was or was not chosen. Pure and deterministic: the same input gives the same
 * decision.
 *
 * <ul>
 * <li>Targets done (status, or every plan entry has its accepted frames) or failed never run;
 *     nor does a target before every target it {@code depends_on} is done (all strategies).</li>
 * <li>{@link Strategy#IN_ORDER}: the first target in document order that is viable now or later
 *     in the night; the planner waits for it (targets not viable again tonight are passed).</li>
 * <li>{@link Strategy#DEPENDENCIES}: the first viable target in document order.</li>
 * <li>{@link Strategy#PRIORITY}: the viable target of highest priority, document order breaking ties.</li>
 * <li>{@link Strategy#DISPATCH}: the viable target of highest score ({@link DispatchScores}); a
 *     running target is left only for one whose score is higher by more than the switch margin.</li>
 * </ul>
 * With the first three a running target continues while it is viable and not done. When no
 * target may run, the decision is WAIT until the earliest time one becomes viable within the
 * night, else END. The night ends at {@link PlannerInput#nightEnd()}, or 24 hours after the
 * decision when there is none. The kind is RUN when no target runs (or the running one is done
 * or failed), CONTINUE when the running one is chosen again, SWITCH when another is.
 */
public final class Planner {

    static final Duration LOOKAHEAD = Duration.ofHours(24);

    private final ConstraintCheck check;

    public Planner(SkyView view) {
        this(new ConstraintCheck(view));
    }

    public Planner(ConstraintCheck check) {
        this.check = check;
    }

    public ConstraintCheck constraints() {
        return check;
    }

    public PlannerDecision decide(PlannerInput in) {
        Instant nightEnd = in.nightEnd() != null ? in.nightEnd() : in.now().plus(LOOKAHEAD);
        Ballot b = new Ballot(Assessor.assess(check, in, nightEnd), in.runningStepId());
        if (!nightEnd.isAfter(in.now())) {
            return b.end("the night ended at " + Texts.time(nightEnd));
        }
        int running = b.running();
        if (running >= 0 && in.strategy() != Strategy.DISPATCH && b.at(running).viable()) {
            b.reasons[running] = "running: still viable";
            b.passOthers(running, b.at(running).name() + " is running");
            return b.decide(running, b.at(running).name() + " continues: still viable");
        }
        return switch (in.strategy()) {
            case IN_ORDER -> inOrder(b);
            case DEPENDENCIES -> firstViable(b);
            case PRIORITY -> priority(b);
            case DISPATCH -> dispatch(b, DispatchScores.score(check, b.all, in, nightEnd), in);
        };
    }

    private static PlannerDecision inOrder(Ballot b) {
        for (int i = 0; i < b.size(); i++) {
            Assessment a = b.at(i);
            if (a.viable()) {
                b.passOthers(i, "after " + a.name() + " in order");
                return b.decide(i, a.name() + ": the first target in order that may run tonight");
            }
            if (a.later()) {
                b.passOthers(i, "after " + a.name() + " in order");
                return b.waitFor(a.nextViable(), a.name() + " is the next in order");
            }
        }
        return b.noneViable();
    }

    private static PlannerDecision firstViable(Ballot b) {
        for (int i = 0; i < b.size(); i++) {
            Assessment a = b.at(i);
            if (a.viable()) {
                b.passOthers(i, "after " + a.name() + " in order");
                return b.decide(i, a.name() + ": the first viable target in order");
            }
        }
        return b.noneViable();
    }

    private static PlannerDecision priority(Ballot b) {
        int best = -1;
        for (int i = 0; i < b.size(); i++) {
            if (b.at(i).viable() && (best < 0 || b.at(i).spec().priority() > b.at(best).spec().priority())) {
                best = i;
            }
        }
        if (best < 0) {
            return b.noneViable();
        }
        Assessment chosen = b.at(best);
        int top = chosen.spec().priority();
        for (int i = 0; i < b.size(); i++) {
            if (i != best && b.at(i).viable()) {
                int p = b.at(i).spec().priority();
                b.reasons[i] = p < top ? "priority " + p + " < " + top
                        : "priority " + p + ", after " + chosen.name() + " in order";
            }
        }
        return b.decide(best, chosen.name() + ": the viable target of highest priority (" + top + ")");
    }

    private static PlannerDecision dispatch(Ballot b, Double[] scores, PlannerInput in) {
        for (int i = 0; i < scores.length; i++) {
            b.scores[i] = scores[i] == null ? null : Math.round(scores[i] * 10_000) / 10_000.0;
        }
        int best = -1;
        for (int i = 0; i < b.size(); i++) {
            if (b.scores[i] != null && (best < 0 || b.scores[i] > b.scores[best])) {
                best = i;
            }
        }
        if (best < 0) {
            return b.noneViable();
        }
        int running = b.running();
        double margin = (in.weights() == null ? Weights.DEFAULT : in.weights()).switchMargin();
        if (running >= 0 && b.scores[running] != null && best != running) {
            double mine = b.scores[running];
            double other = b.scores[best];
            if (other - mine <= margin) {
                String why = "score " + Texts.score(mine) + ", best other " + Texts.score(other)
                        + " (not better by " + Texts.score(margin) + ")";
                scoreOthers(b, running);
                b.reasons[running] = "running: " + why;
                return b.decide(running, b.at(running).name() + " continues: " + why);
            }
            scoreOthers(b, best);
            b.reasons[best] = "chosen: score " + Texts.score(other);
            return b.decide(best, b.at(best).name() + ": score " + Texts.score(other) + " beats "
                    + b.at(running).name() + "'s " + Texts.score(mine) + " by more than " + Texts.score(margin));
        }
        scoreOthers(b, best);
        if (best == running) {
            String why = "score " + Texts.score(b.scores[best]) + secondBest(b, best);
            b.reasons[best] = "running: " + why;
            return b.decide(best, b.at(best).name() + " continues: " + why);
        }
        b.reasons[best] = "chosen: score " + Texts.score(b.scores[best]);
        return b.decide(best, b.at(best).name() + ": highest score " + Texts.score(b.scores[best]));
    }

    /** {@code ", best other 0.43"}, or nothing when no other target is viable. */
    private static String secondBest(Ballot b, int best) {
        Double second = null;
        for (int i = 0; i < b.size(); i++) {
            if (i != best && b.scores[i] != null && (second == null || b.scores[i] > second)) {
                second = b.scores[i];
            }
        }
        return second == null ? "" : ", best other " + Texts.score(second);
    }

    private static void scoreOthers(Ballot b, int chosen) {
        for (int i = 0; i < b.size(); i++) {
            if (i != chosen && b.scores[i] != null) {
                b.reasons[i] = "score " + Texts.score(b.scores[i]) + " < " + Texts.score(b.scores[chosen]);
            }
        }
    }

    /** The assessments and what the strategy made of them: reasons, scores, then the decision. */
    private static final class Ballot {
        final List<Assessment> all;
        final String[] reasons;
        final Double[] scores;
        final String runningStepId;

        Ballot(List<Assessment> all, String runningStepId) {
            this.all = all;
            this.runningStepId = runningStepId;
            this.reasons = new String[all.size()];
            this.scores = new Double[all.size()];
            for (int i = 0; i < all.size(); i++) {
                reasons[i] = all.get(i).reason();
            }
        }

        int size() {
            return all.size();
        }

        Assessment at(int i) {
            return all.get(i);
        }

        int running() {
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).stepId().equals(runningStepId)) {
                    return i;
                }
            }
            return -1;
        }

        /** Viable targets other than {@code chosen} that have no reason yet get this one. */
        void passOthers(int chosen, String reason) {
            for (int i = 0; i < all.size(); i++) {
                if (i != chosen && all.get(i).viable() && reasons[i] == null) {
                    reasons[i] = reason;
                }
            }
        }

        PlannerDecision decide(int chosen, String summary) {
            if (reasons[chosen] == null) {
                reasons[chosen] = "chosen";
            }
            int running = running();
            // a running target that is done or failed has ended: the next one is a new run
            Kind kind = running < 0 || at(running).over() ? Kind.RUN
                    : running == chosen ? Kind.CONTINUE : Kind.SWITCH;
            String full = summary;
            if (running >= 0 && running != chosen && !at(running).viable()) {
                full = summary + "; " + at(running).name() + ": " + reasons[running];
            }
            return new PlannerDecision(kind, at(chosen).stepId(), full, candidates(chosen), null);
        }

        PlannerDecision waitFor(Instant until, String why) {
            return new PlannerDecision(Kind.WAIT, null, "no target may run now; waiting until " + Texts.time(until)
                    + " (" + why + ")", candidates(-1), until);
        }

        /** Nothing viable: wait for the earliest target viable later in the night, else end. */
        PlannerDecision noneViable() {
            Assessment first = null;
            for (Assessment a : all) {
                if (a.later() && (first == null || a.nextViable().isBefore(first.nextViable()))) {
                    first = a;
                }
            }
            if (first != null) {
                return waitFor(first.nextViable(), first.name() + " becomes viable first");
            }
            boolean over = all.stream().allMatch(Assessment::over);
            return end(over ? "every target is complete or failed" : "no target becomes viable before the night ends");
        }

        PlannerDecision end(String summary) {
            return new PlannerDecision(Kind.END, null, summary, candidates(-1), null);
        }

        private List<TargetDecision.Candidate> candidates(int chosen) {
            List<TargetDecision.Candidate> list = new ArrayList<>(all.size());
            for (int i = 0; i < all.size(); i++) {
                Assessment a = all.get(i);
                list.add(new TargetDecision.Candidate(a.stepId(), a.name(), a.viable(), scores[i], i == chosen,
                        reasons[i] == null ? "viable" : reasons[i]));
            }
            return list;
        }
    }
}
