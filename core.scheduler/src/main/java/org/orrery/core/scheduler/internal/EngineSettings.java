package org.orrery.core.scheduler.internal;

import java.time.Duration;
import java.util.Map;

import org.orrery.task.RetryPolicy;

/**
 * How the engine runs tasks.
 *
 * @param maxConcurrentTasks the most tasks RUNNING at once (a task waiting without a thread counts)
 * @param workerThreads threads that run the synchronous part of actions
 * @param actionLimits the most tasks of one action RUNNING at once, by action name
 * @param resourceCapacities how many units of a resource shared claims may hold together (default 1)
 * @param defaultTimeout the timeout of tasks that name none (null: none)
 * @param defaultRetry the retry policy of tasks that name none
 * @param cancelGrace how long a cancelled action may take to stop before it is given up
 * @param agingStep a ready task waiting this long counts one priority level higher (no starvation)
 */
public record EngineSettings(int maxConcurrentTasks, int workerThreads, Map<String, Integer> actionLimits,
        Map<String, Integer> resourceCapacities, Duration defaultTimeout, RetryPolicy defaultRetry, Duration cancelGrace,
        Duration agingStep) {

    public EngineSettings {
        if (maxConcurrentTasks < 1) {
            throw new IllegalArgumentException("max_concurrent_tasks must be at least 1, was " + maxConcurrentTasks);
        }
        if (workerThreads < 1) {
            throw new IllegalArgumentException("worker_threads must be at least 1, was " + workerThreads);
        }
        actionLimits = Map.copyOf(actionLimits);
        resourceCapacities = Map.copyOf(resourceCapacities);
        defaultRetry = defaultRetry == null ? RetryPolicy.NONE : defaultRetry;
        cancelGrace = cancelGrace == null ? Duration.ofSeconds(10) : cancelGrace;
        agingStep = agingStep == null || agingStep.isZero() || agingStep.isNegative() ? Duration.ofMinutes(1) : agingStep;
    }

    /** Sets a worker pool to {@link #workerThreads} threads (core never above maximum on the way). */
    void resize(java.util.concurrent.ThreadPoolExecutor workers) {
        if (workerThreads > workers.getMaximumPoolSize()) {
            workers.setMaximumPoolSize(workerThreads);
            workers.setCorePoolSize(workerThreads);
        } else {
            workers.setCorePoolSize(workerThreads);
            workers.setMaximumPoolSize(workerThreads);
        }
    }

    public static EngineSettings defaults() {
        return new EngineSettings(64, Math.max(2, Runtime.getRuntime().availableProcessors()), Map.of(), Map.of(), null,
                RetryPolicy.NONE, Duration.ofSeconds(10), Duration.ofMinutes(1));
    }

    public EngineSettings withMaxConcurrentTasks(int value) {
        return new EngineSettings(value, workerThreads, actionLimits, resourceCapacities, defaultTimeout, defaultRetry,
                cancelGrace, agingStep);
    }

    public EngineSettings withCancelGrace(Duration value) {
        return new EngineSettings(maxConcurrentTasks, workerThreads, actionLimits, resourceCapacities, defaultTimeout,
                defaultRetry, value, agingStep);
    }

    public EngineSettings withActionLimits(Map<String, Integer> value) {
        return new EngineSettings(maxConcurrentTasks, workerThreads, value, resourceCapacities, defaultTimeout,
                defaultRetry, cancelGrace, agingStep);
    }

    public EngineSettings withResourceCapacities(Map<String, Integer> value) {
        return new EngineSettings(maxConcurrentTasks, workerThreads, actionLimits, value, defaultTimeout, defaultRetry,
                cancelGrace, agingStep);
    }

    public EngineSettings withDefaultTimeout(Duration value) {
        return new EngineSettings(maxConcurrentTasks, workerThreads, actionLimits, resourceCapacities, value, defaultRetry,
                cancelGrace, agingStep);
    }

    public EngineSettings withAgingStep(Duration value) {
        return new EngineSettings(maxConcurrentTasks, workerThreads, actionLimits, resourceCapacities, defaultTimeout,
                defaultRetry, cancelGrace, value);
    }
}
