package org.orrery.core.sequence.internal.night;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The dispatch strategy's scores (see {@link Weights}): for each viable target the weighted mean
 * of meridian proximity, setting soonest, percent complete and priority, less the switch penalty
 * for every target but the running one (when one runs); never below 0. Not viable: null.
 */
final class DispatchScores {

    private static final double MERIDIAN_HOURS = 6;

    private DispatchScores() {
    }

    static Double[] score(ConstraintCheck check, List<Assessment> all, PlannerInput in, Instant nightEnd) {
        Weights w = in.weights() == null ? Weights.DEFAULT : in.weights();
        double sum = w.meridian() + w.setting() + w.completion() + w.priority();
        double night = Math.max(1, Duration.between(in.now(), nightEnd).getSeconds());
        Double[] scores = new Double[all.size()];
        for (int i = 0; i < all.size(); i++) {
            Assessment a = all.get(i);
            if (!a.viable()) {
                continue;
            }
            double meridian = check.hourAngle(a.spec(), in.now())
                    .map(ha -> 1 - Math.min(Math.abs(ha), MERIDIAN_HOURS) / MERIDIAN_HOURS).orElse(0.0);
            double setting = check.viableUntil(a.spec(), in.now(), nightEnd)
                    .map(until -> 1 - Duration.between(in.now(), until).getSeconds() / night).orElse(0.0);
            double completion = a.total() == 0 ? 0 : (double) a.done() / a.total();
            double priority = (Math.max(1, Math.min(5, a.spec().priority())) - 1) / 4.0;
            double mean = sum <= 0 ? 0 : (w.meridian() * meridian + w.setting() * clamp(setting)
                    + w.completion() * completion + w.priority() * priority) / sum;
            boolean charged = in.runningStepId() != null && !in.runningStepId().equals(a.stepId());
            scores[i] = Math.max(0, mean - (charged ? w.switchPenalty() : 0));
        }
        return scores;
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }
}
