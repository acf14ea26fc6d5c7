package org.orrery.sequence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One decision of the planner of a targets container: at a decision point it considered every
 * target and chose one to run, or to wait, or to end the night; each candidate says why it was
 * or was not chosen ("below 30° until 23:14", "moon 18° away, needs 40°", "complete",
 * "score 0.41 &lt; 0.63").
 *
 * @param sequenceId the sequence
 * @param index 0, 1, 2, … per sequence, in the order the decisions were taken
 * @param containerStepId the container whose targets were considered
 * @param at the sky clock's time of the decision
 * @param kind what was decided
 * @param chosenStepId the target step chosen ({@link Kind#RUN}, {@link Kind#CONTINUE}), else null
 * @param chosenTarget that target's name, else null
 * @param summary one sentence for people ("M 42: highest score 0.72; switch from M 31, which is complete")
 * @param candidates every target considered, in the container's order
 * @param waitUntil for {@link Kind#WAIT}: when a target is expected to become viable, or null
 */
public record TargetDecision(String sequenceId, long index, String containerStepId, Instant at, Kind kind,
        String chosenStepId, String chosenTarget, String summary, List<Candidate> candidates, Instant waitUntil) {

    public TargetDecision {
        candidates = List.copyOf(candidates);
    }

    /** What a decision decided; {@link #id()} is its JSON name. */
    public enum Kind {
        /** Start a target (the first, or after the previous one ended). */
        RUN,
        /** Keep the running target (decided again at a decision point). */
        CONTINUE,
        /** Leave the running target for a clearly better one. */
        SWITCH,
        /** No target is viable now; wait (parking if the container asks) until one is. */
        WAIT,
        /** No target will be viable again (tonight, or ever: all complete); the container ends. */
        END;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One target considered.
     *
     * @param stepId the target step
     * @param target its name
     * @param viable whether all its constraints hold now and it is not complete
     * @param score the planner's score (dispatch strategy; null for the other strategies or when not viable)
     * @param chosen whether this is the target chosen
     * @param reason why it was chosen or not, for people
     */
    public record Candidate(String stepId, String target, boolean viable, Double score, boolean chosen,
            String reason) {

        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("step_id", stepId);
            m.put("target", target);
            m.put("viable", viable);
            m.put("score", score);
            m.put("chosen", chosen);
            m.put("reason", reason);
            return m;
        }
    }

    /** The JSON shape (snake_case keys) used by the REST API, the event stream and the store. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sequence_id", sequenceId);
        m.put("index", index);
        m.put("container_step_id", containerStepId);
        m.put("at", at.toString());
        m.put("kind", kind.id());
        m.put("chosen_step_id", chosenStepId);
        m.put("chosen_target", chosenTarget);
        m.put("summary", summary);
        List<Object> list = new ArrayList<>();
        for (Candidate c : candidates) {
            list.add(c.toMap());
        }
        m.put("candidates", list);
        m.put("wait_until", waitUntil == null ? null : waitUntil.toString());
        return m;
    }
}
