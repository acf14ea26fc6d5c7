package org.orrery.core.sequence.internal.night;

/**
 * The dispatch strategy's score weights (each ≥ 0) and its switching rules. A viable target's
 * score is the weighted mean of parts each from 0 to 1: meridian proximity, setting soonest,
 * percent complete, priority; the running target is not charged the switch penalty, the others
 * are. A running target is left only for one whose score is higher by more than
 * {@link #switchMargin}.
 *
 * @param meridian weight of closeness to the meridian (1 at transit, 0 six hours away)
 * @param setting weight of setting soon (1 when it becomes unviable now, 0 when it stays viable all night)
 * @param completion weight of percent complete (finishing what was begun)
 * @param priority weight of the target's priority (1 for 5, 0 for 1)
 * @param switchPenalty subtracted from every target but the running one
 * @param switchMargin how much better (in score) another target must be to leave the running one
 * @param decisionIntervalSeconds how often the runner decides again while a target runs
 */
public record Weights(double meridian, double setting, double completion, double priority, double switchPenalty,
        double switchMargin, double decisionIntervalSeconds) {

    public static final Weights DEFAULT = new Weights(1, 1, 0.5, 1, 0.1, 0.1, 600);
}
