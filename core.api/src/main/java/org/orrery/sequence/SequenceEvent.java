package org.orrery.sequence;

import java.time.Instant;
import java.util.Locale;

/**
 * A change of a sequence or of one of its steps, posted to the OSGi Event Admin under
 * {@link Type#topic()} (e.g. {@code org/orrery/sequence/STEP_STARTED}) with the properties named
 * by the constants below, and streamed over the WebSocket as JSON ({@code type},
 * {@code sequence_id}, {@code step_id}, {@code path}, …).
 *
 * @param type what happened
 * @param sequenceId the sequence
 * @param sequenceName its name
 * @param state the sequence's state after the change
 * @param stepId the step, for step events (null for sequence events)
 * @param path the step's JSON pointer in the document, for step events
 * @param stepType the step's type, for step events
 * @param taskId the scheduler task of a task step, when there is one
 * @param error why, for {@code step_failed} and {@code sequence_failed}; the reason for skips and stops
 * @param timestamp when it happened
 */
public record SequenceEvent(Type type, String sequenceId, String sequenceName, SequenceState state, String stepId,
        String path, String stepType, String taskId, String error, Instant timestamp) {

    public static final String TOPIC_PREFIX = "org/orrery/sequence/";
    public static final String TOPIC_ALL = TOPIC_PREFIX + "*";
    public static final String PROPERTY_TYPE = "type";
    public static final String PROPERTY_SEQUENCE_ID = "sequence_id";
    public static final String PROPERTY_SEQUENCE_NAME = "sequence_name";
    public static final String PROPERTY_STATE = "state";
    public static final String PROPERTY_STEP_ID = "step_id";
    public static final String PROPERTY_PATH = "path";
    public static final String PROPERTY_STEP_TYPE = "step_type";
    public static final String PROPERTY_TASK_ID = "task_id";
    public static final String PROPERTY_ERROR = "error";
    public static final String PROPERTY_TIMESTAMP = "timestamp";
    /** For {@link Type#TARGET_DECISION}: the decision, a {@code Map} as {@link TargetDecision#toMap()} gives it. */
    public static final String PROPERTY_DECISION = "decision";

    /** The kinds of sequence event; {@link #id()} is the JSON {@code type}. */
    public enum Type {
        SEQUENCE_STARTED, STEP_STARTED, STEP_COMPLETED, STEP_FAILED, STEP_SKIPPED, SEQUENCE_PAUSED,
        SEQUENCE_RESUMED, SEQUENCE_COMPLETED, SEQUENCE_FAILED, SEQUENCE_STOPPED, SEQUENCE_HALTED,
        /**
         * The planner of a targets container decided which target runs (or to wait, or to end):
         * {@code step_id} is the container, and the Event Admin event also carries
         * {@link SequenceEvent#PROPERTY_DECISION} (the {@link TargetDecision} as a map, as
         * {@link TargetDecision#toMap()} gives it).
         */
        TARGET_DECISION,
        /**
         * A running target was interrupted (unsafe, or no longer viable) while it ran a frame or
         * before one: {@code step_id} is the target, {@code error} the reason (e.g.
         * {@code unsafe: rain 2.1 mm/h}, {@code below 30° (now 29°)}).
         */
        STEP_INTERRUPTED;

        /** e.g. {@code step_started}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** e.g. {@code org/orrery/sequence/STEP_STARTED}. */
        public String topic() {
            return TOPIC_PREFIX + name();
        }

        public boolean isStepEvent() {
            return name().startsWith("STEP_");
        }
    }
}
