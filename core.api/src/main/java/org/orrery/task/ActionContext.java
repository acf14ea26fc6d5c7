package org.orrery.task;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/** What an action gets for one attempt of one task. */
@ProviderType
public interface ActionContext {

    String taskId();

    String taskName();

    /** 1 for the first attempt, 2 for the first retry, … */
    int attempt();

    /**
     * The task's parameters (already validated against the action's schema), in Orrery's value
     * model, the same on every attempt and after a restart: a JSON object is a
     * {@code Map<String, Object>} (in document order), an array a {@code List<Object>}, a string a
     * {@code String}, {@code true}/{@code false} a {@code Boolean}, {@code null} null, a whole
     * number written without fraction or exponent an {@code Integer}, {@code Long} or
     * {@code BigInteger} (the smallest that holds it), and every other number a
     * {@code java.math.BigDecimal}, exactly as written ({@code 2.0} is not an integer). Read
     * numbers through {@link Number}, not by their class.
     */
    Map<String, Object> parameters();

    /** True once the task was cancelled, timed out or lost its action: stop as soon as possible. */
    boolean isCancelled();

    /** Completes (with the reason) when the attempt is cancelled; an asynchronous action listens here. */
    CompletionStage<TaskException> cancellation();

    /** Reports progress, 0 to 1, with what is being done; posted as a progress event. */
    void progress(double fraction, String message);

    /**
     * A stage that completes after {@code duration} without holding a thread, or exceptionally
     * with the cancellation reason if the attempt is cancelled first.
     */
    CompletionStage<Void> delay(Duration duration);

    /** Writes to the log, tagged with the task. */
    TaskLog log();

    /** A logger for actions: messages are logged with the task's id and name. */
    interface TaskLog {
        void info(String message);

        void warn(String message);

        void error(String message);
    }
}
