package org.orrery.task;

import java.time.Instant;
import java.util.Locale;

/**
 * The scheduler as a whole was paused or resumed ({@link Scheduler#pauseAll},
 * {@link Scheduler#resumeAll}), posted to the OSGi Event Admin under {@link Type#topic()} (e.g.
 * {@code org/orrery/scheduler/PAUSED}) with the properties named below, and streamed over the
 * WebSocket as {@code {"type": "scheduler_paused", "mode": "deferred", "paused": true, "timestamp": …}},
 * so every page watching sees a pause made by someone else at once.
 *
 * @param type paused or resumed
 * @param mode how it was paused (null for a resume)
 * @param timestamp when
 */
public record SchedulerEvent(Type type, PauseMode mode, Instant timestamp) {

    /** Prefix of every scheduler event topic. */
    public static final String TOPIC_PREFIX = "org/orrery/scheduler/";
    /** Every scheduler event topic, for an Event Admin handler's {@code event.topics}. */
    public static final String TOPIC_ALL = TOPIC_PREFIX + "*";
    public static final String PROPERTY_TYPE = "type";
    public static final String PROPERTY_MODE = "mode";
    public static final String PROPERTY_TIMESTAMP = "timestamp";

    /** The kinds of scheduler event; {@link #id()} is the stream's {@code type} value. */
    public enum Type {
        PAUSED, RESUMED;

        /** e.g. {@code scheduler_paused}. */
        public String id() {
            return "scheduler_" + name().toLowerCase(Locale.ROOT);
        }

        /** e.g. {@code org/orrery/scheduler/PAUSED}. */
        public String topic() {
            return TOPIC_PREFIX + name();
        }
    }
}
