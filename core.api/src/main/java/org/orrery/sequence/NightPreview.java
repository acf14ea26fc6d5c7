package org.orrery.sequence;

import java.time.Instant;
import java.util.List;

/**
 * What {@link SequenceManager#preview} returns: the night as the planner would run it.
 *
 * @param sequenceId the sequence
 * @param from the preview's start (sky clock time)
 * @param until its end
 * @param entries the timeline, in time order, without gaps between {@code from} and the night's end
 * @param decisions every decision the planner took, as {@link SequenceManager#decisions} would list them
 *        (their {@code index} counts from 0 within the preview)
 */
public record NightPreview(String sequenceId, Instant from, Instant until, List<Entry> entries,
        List<TargetDecision> decisions) {

    public NightPreview {
        entries = List.copyOf(entries);
        decisions = List.copyOf(decisions);
    }

    /**
     * One stretch of the night.
     *
     * @param start when it begins
     * @param end when it ends
     * @param activity {@code target} (frames of a target), {@code wait} (nothing viable), {@code end} (the night is over)
     * @param stepId the target step, for {@code target}
     * @param target the target's name, for {@code target}
     * @param frames the frames planned in this stretch, per plan entry key (for {@code target})
     * @param reason why (the decision's summary)
     */
    public record Entry(Instant start, Instant end, String activity, String stepId, String target,
            java.util.Map<String, Integer> frames, String reason) {

        public Entry {
            frames = frames == null ? java.util.Map.of() : java.util.Map.copyOf(frames);
        }
    }
}
