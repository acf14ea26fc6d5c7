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
     * The task as submitted: its action (seed 004's {@code task_type}), capability, description,
     * execution context, metadata. An agent reads what to do here.
     */
    TaskSpec task();

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

    /**
     * What an earlier attempt of this task saved with {@link #checkpoint(Map)} (a retry, or the
     * re-run after a crash or restart), in the value model of {@link #parameters()}; an empty map
     * if nothing was saved. An action that can continue where it stopped (frames already written)
     * reads it first.
     */
    Map<String, Object> checkpoint();

    /**
     * Saves this attempt's progress durably, replacing what was saved before: committed to the task
     * store before this returns, so that the next attempt sees it in {@link #checkpoint()} even
     * after a crash. Values are JSON-like (maps, lists, strings, numbers, booleans, null); the next
     * attempt reads them in the value model of {@link #parameters()} (a fraction as a
     * {@code BigDecimal}). An attempt that is being cancelled (by a user, its timeout, an
     * immediate pause) still saves: what it did until it stops is real. Once the attempt was given
     * up (it did not stop in time) or the scheduler stops, the checkpoint is ignored — not stored —
     * and this throws, so that an action that saves before it acts does not act. The task's record
     * shows the checkpoint ({@link TaskRecord#checkpoint()}); it is kept across retries, also a
     * user's retry of a failed or cancelled task, so that the next attempt continues.
     *
     * @throws TaskException the checkpoint was not stored: the store could not keep it (a
     *         {@link TaskStoreException}), or the attempt was given up; the action should stop
     *         rather than go on with progress a later attempt could not know of
     */
    void checkpoint(Map<String, Object> state) throws TaskException;

    /**
     * Reports what this attempt's work used when the action measured it itself (a child process's
     * CPU time and peak memory, from the operating system): the attempt's {@link TaskExecution}
     * keeps it instead of the CPU time of the threads that ran the action's code.
     */
    void reportUsage(TaskExecution.ResourceUsage usage);

    /**
     * Writes to the log, tagged with the task. The lines are also kept with the attempt's
     * {@link TaskExecution} (bounded).
     */
    TaskLog log();

    /** A logger for actions: messages are logged with the task's id and name. */
    interface TaskLog {
        void info(String message);

        void warn(String message);

        void error(String message);
    }
}
