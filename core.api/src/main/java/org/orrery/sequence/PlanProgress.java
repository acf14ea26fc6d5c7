package org.orrery.sequence;

import java.time.Instant;

/**
 * The frames kept for one exposure plan entry of one target, across sequences and nights (the
 * Target Scheduler's accounting).
 *
 * @param target the target's key (its name, normalised: {@link TargetStore#key(String)})
 * @param plan the plan entry's key ({@code L-60s-1x1} or the entry's own {@code id})
 * @param acquired frames taken and written
 * @param accepted of those, frames that passed the frame checks (stars found, HFR within limits)
 * @param updatedAt when the last frame was recorded
 */
public record PlanProgress(String target, String plan, int acquired, int accepted, Instant updatedAt) {
}
