package org.orrery.task;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * A change of a task, posted to the OSGi Event Admin under the topic {@link Type#topic()}
 * (e.g. {@code org/orrery/task/STARTED}) with the properties named by the constants below, and
 * streamed over the WebSocket as seed 001's JSON ({@code type}, {@code task_id}, {@code name},
 * {@code action}, {@code result}, {@code error}, {@code timestamp}).
 *
 * @param type what happened
 * @param taskId the task
 * @param name the task's name
 * @param action the task's action
 * @param status the task's status after the change
 * @param result the result, for {@code task_completed}
 * @param error the error message, for {@code task_failed}, {@code task_cancelled} and {@code task_retrying}
 * @param progress 0 to 1, for {@code task_progress}
 * @param message the progress message or the retry delay, for people
 * @param attempt the attempt the event belongs to
 * @param timestamp when it happened
 */
public record TaskEvent(Type type, String taskId, String name, String action, TaskStatus status,
        Map<String, Object> result, String error, double progress, String message, int attempt, Instant timestamp) {

    /** Prefix of every task event topic. */
    public static final String TOPIC_PREFIX = "org/orrery/task/";
    /** Every task event topic, for an Event Admin handler's {@code event.topics}. */
    public static final String TOPIC_ALL = TOPIC_PREFIX + "*";
    public static final String PROPERTY_TYPE = "type";
    public static final String PROPERTY_TASK_ID = "task_id";
    public static final String PROPERTY_NAME = "name";
    public static final String PROPERTY_ACTION = "action";
    public static final String PROPERTY_STATUS = "status";
    public static final String PROPERTY_RESULT = "result";
    public static final String PROPERTY_ERROR = "error";
    public static final String PROPERTY_PROGRESS = "progress";
    public static final String PROPERTY_MESSAGE = "message";
    public static final String PROPERTY_ATTEMPT = "attempt";
    public static final String PROPERTY_TIMESTAMP = "timestamp";

    /** The kinds of task event; {@link #id()} is seed 001's {@code type} value. */
    public enum Type {
        SCHEDULED, READY, STARTED, PROGRESS, COMPLETED, FAILED, CANCELLED, RETRYING, PAUSED, RESUMED, WAITING,
        /** A user changed a task that has not started ({@link Scheduler#update}). */
        UPDATED;

        private final String id;
        private final String topic;

        Type() {
            // made once: every event of every task asks for them
            this.id = "task_" + name().toLowerCase(Locale.ROOT);
            this.topic = TOPIC_PREFIX + name();
        }

        /** e.g. {@code task_started}. */
        public String id() {
            return id;
        }

        /** e.g. {@code org/orrery/task/STARTED}. */
        public String topic() {
            return topic;
        }
    }
}
