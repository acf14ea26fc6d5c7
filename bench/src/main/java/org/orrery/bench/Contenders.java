package org.orrery.bench;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.jobrunr.configuration.JobRunr;
import org.jobrunr.configuration.JobRunrConfiguration.JobRunrConfigurationResult;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.filters.ApplyStateFilter;
import org.jobrunr.jobs.states.FailedState;
import org.jobrunr.jobs.states.JobState;
import org.jobrunr.jobs.states.SucceededState;
import org.jobrunr.scheduling.JobScheduler;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.storage.InMemoryStorageProvider;
import org.orrery.core.scheduler.internal.EngineSettings;
import org.orrery.core.scheduler.internal.InMemoryTaskStore;
import org.orrery.core.scheduler.internal.ParameterValidator;
import org.orrery.core.scheduler.internal.TaskEngine;
import org.orrery.task.Action;
import org.orrery.task.ActionContext;
import org.orrery.task.Priority;
import org.orrery.task.SchedulerStatistics;
import org.orrery.task.TaskEvent;
import org.orrery.task.TaskSpec;
import org.orrery.task.TaskStatus;
import org.quartz.JobBuilder;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.JobListener;
import org.quartz.Scheduler;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;

/**
 * The systems the throughput benchmark compares, each running N no-op tasks on the same number
 * of worker threads: a plain JDK pool over a priority queue, Orrery's task engine, Quartz and
 * JobRunr. {@link Contender#run()} measures from just before the first submit to the moment the
 * last task is reported done.
 */
final class Contenders {

    private Contenders() {
    }

    static final Duration ROUND_TIMEOUT = Duration.ofMinutes(3);

    /** One system under test. */
    interface Contender extends AutoCloseable {
        /** Short name: pool, orrery, orrery-batch, quartz, jobrunr. */
        String key();

        /** For people, with how it is set up. */
        String label();

        /** Tasks per round. */
        int tasks();

        /** Runs one round. */
        Round run() throws Exception;

        @Override
        default void close() throws Exception {
        }
    }

    /**
     * One measured round.
     *
     * @param nanos from just before the first submit to the last completion
     * @param submitNanos from just before the first submit to the return of the last one
     */
    record Round(long nanos, long submitNanos) {
    }

    /** Counts tasks done; remembers when the last one was. */
    static final class Finish {
        private final int expected;
        private final AtomicInteger remaining;
        private final AtomicInteger failed = new AtomicInteger();
        private final CountDownLatch latch = new CountDownLatch(1);
        private volatile long endNanos;
        private volatile String firstFailure;

        Finish(int expected) {
            this.expected = expected;
            this.remaining = new AtomicInteger(expected);
        }

        void done() {
            if (remaining.decrementAndGet() == 0) {
                endNanos = System.nanoTime();
                latch.countDown();
            }
        }

        void failed(String what) {
            if (failed.getAndIncrement() == 0) {
                firstFailure = what;
            }
            latch.countDown();
        }

        int remaining() {
            return remaining.get();
        }

        /** Waits for the last task; returns System.nanoTime() of its completion. */
        long await(Duration timeout) throws InterruptedException {
            if (!latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s: " + remaining.get() + " of "
                        + expected + " tasks not done");
            }
            if (failed.get() > 0) {
                throw new IllegalStateException(failed.get() + " task(s) failed, the first: " + firstFailure);
            }
            return endNanos;
        }
    }

    // ---------------------------------------------------------------- plain JDK pool

    /** A no-op task in a priority queue: highest priority first, then first in. */
    static final class PrioritizedTask implements Runnable, Comparable<PrioritizedTask> {
        final int priority;
        final long seq;
        final Finish finish;

        PrioritizedTask(int priority, long seq, Finish finish) {
            this.priority = priority;
            this.seq = seq;
            this.finish = finish;
        }

        @Override
        public void run() {
            finish.done();
        }

        @Override
        public int compareTo(PrioritizedTask o) {
            return priority != o.priority ? Integer.compare(o.priority, priority) : Long.compare(seq, o.seq);
        }
    }

    /** {@code ThreadPoolExecutor} with a {@code PriorityBlockingQueue}: the floor a scheduler is measured against. */
    static final class Pool implements Contender {
        private final int workers;
        private final int tasks;

        Pool(int workers, int tasks) {
            this.workers = workers;
            this.tasks = tasks;
        }

        @Override
        public String key() {
            return "pool";
        }

        @Override
        public String label() {
            return "JDK ThreadPoolExecutor + PriorityBlockingQueue, " + workers + " threads";
        }

        @Override
        public int tasks() {
            return tasks;
        }

        @Override
        public Round run() throws Exception {
            ThreadPoolExecutor pool = new ThreadPoolExecutor(workers, workers, 30, TimeUnit.SECONDS,
                    new PriorityBlockingQueue<>());
            pool.prestartAllCoreThreads();
            Finish finish = new Finish(tasks);
            int normal = Priority.NORMAL.value();
            long start = System.nanoTime();
            for (int i = 0; i < tasks; i++) {
                pool.execute(new PrioritizedTask(normal, i, finish));
            }
            long submitted = System.nanoTime();
            long end = finish.await(ROUND_TIMEOUT);
            pool.shutdown();
            pool.awaitTermination(10, TimeUnit.SECONDS);
            return new Round(end - start, submitted - start);
        }
    }

    // ---------------------------------------------------------------- Orrery

    static final String NOOP = "bench.noop";
    private static final CompletableFuture<Map<String, Object>> DONE = CompletableFuture.completedFuture(Map.of());

    /** Does nothing and completes at once. */
    static final class NoOpAction implements Action {
        @Override
        public String name() {
            return NOOP;
        }

        @Override
        public CompletionStage<Map<String, Object>> execute(ActionContext context) {
            return DONE;
        }
    }

    /**
     * A JobRunr job filter that counts each succeeded job into the {@link Finish} of the round
     * running when its state is applied (none: ignored), a failed one as failed.
     */
    static ApplyStateFilter jobRunrCompletions(Supplier<Finish> finish) {
        return new ApplyStateFilter() {
            @Override
            public void onStateApplied(Job job, JobState oldState, JobState newState) {
                Finish f = finish.get();
                if (f == null) {
                    return;
                }
                if (newState instanceof SucceededState) {
                    f.done();
                } else if (newState instanceof FailedState) {
                    f.failed(job.getId() + ": " + ((FailedState) newState).getExceptionMessage());
                }
            }
        };
    }

    /**
     * A Quartz job listener that counts each executed job into the {@link Finish} of the round
     * running when it completes (read from {@code finish} at that time), a veto or a failure as failed.
     */
    static JobListener quartzCompletions(Supplier<Finish> finish) {
        return new JobListener() {
            @Override
            public String getName() {
                return "bench-completions";
            }

            @Override
            public void jobToBeExecuted(JobExecutionContext context) {
            }

            @Override
            public void jobExecutionVetoed(JobExecutionContext context) {
                finish.get().failed("vetoed " + context.getJobDetail().getKey());
            }

            @Override
            public void jobWasExecuted(JobExecutionContext context, JobExecutionException failure) {
                if (failure == null) {
                    finish.get().done();
                } else {
                    finish.get().failed(context.getJobDetail().getKey() + ": " + failure);
                }
            }
        };
    }

    /** Counts COMPLETED events (FAILED and CANCELLED end the round with an error). */
    static Consumer<TaskEvent> completions(Finish finish) {
        return event -> {
            switch (event.type()) {
                case COMPLETED:
                    finish.done();
                    break;
                case FAILED:
                case CANCELLED:
                    finish.failed(event.type() + " " + event.taskId() + ": " + event.error());
                    break;
                default:
                    break;
            }
        };
    }

    static TaskEngine engine(EngineSettings settings, Consumer<TaskEvent> events) {
        TaskEngine engine = new TaskEngine(settings, new InMemoryTaskStore(), events, Clock.systemUTC(), ParameterValidator.NONE);
        engine.addAction(new NoOpAction(), "bench");
        return engine;
    }

    /** Checks the engine's own count after a round, so that a miscounting harness cannot pass. */
    static void checkCompleted(TaskEngine engine, int expected) {
        SchedulerStatistics stats = engine.statistics();
        long completed = stats.byStatus().getOrDefault(TaskStatus.COMPLETED, 0L);
        if (completed != expected) {
            throw new IllegalStateException("the engine counts " + completed + " completed tasks, expected " + expected
                    + ": " + stats.byStatus());
        }
    }

    /** Orrery's task engine with the in-memory store: one {@code submit} per task, or {@code submitAll} in batches. */
    static final class Orrery implements Contender {
        private final EngineSettings settings;
        private final int tasks;
        private final int batch;

        /** @param batch 0: one {@code submit} per task; otherwise {@code submitAll} of this many */
        Orrery(EngineSettings settings, int tasks, int batch) {
            this.settings = settings;
            this.tasks = tasks;
            this.batch = batch;
        }

        @Override
        public String key() {
            return batch <= 0 ? "orrery" : "orrery-batch";
        }

        @Override
        public String label() {
            return "Orrery TaskEngine, in-memory store, " + settings.workerThreads() + " worker threads, max_concurrent_tasks "
                    + settings.maxConcurrentTasks() + (batch <= 0 ? ", one submit() per task"
                            : ", submitAll() of " + batch + " tasks");
        }

        @Override
        public int tasks() {
            return tasks;
        }

        @Override
        public Round run() throws Exception {
            Finish finish = new Finish(tasks);
            TaskEngine engine = engine(settings, completions(finish));
            try {
                long start = System.nanoTime();
                if (batch <= 0) {
                    for (int i = 0; i < tasks; i++) {
                        engine.submit(TaskSpec.builder(NOOP).build());
                    }
                } else {
                    for (int from = 0; from < tasks; from += batch) {
                        int n = Math.min(batch, tasks - from);
                        List<TaskSpec> specs = new ArrayList<>(n);
                        for (int i = 0; i < n; i++) {
                            specs.add(TaskSpec.builder(NOOP).build());
                        }
                        engine.submitAll(specs);
                    }
                }
                long submitted = System.nanoTime();
                long end = finish.await(ROUND_TIMEOUT);
                checkCompleted(engine, tasks);
                return new Round(end - start, submitted - start);
            } finally {
                engine.close();
            }
        }
    }

    // ---------------------------------------------------------------- Quartz

    /** Quartz's job: nothing. Public with a public constructor: Quartz instantiates it per firing. */
    public static final class QuartzNoOpJob implements org.quartz.Job {
        public QuartzNoOpJob() {
        }

        @Override
        public void execute(JobExecutionContext context) {
        }
    }

    /** Quartz with its RAMJobStore and a SimpleThreadPool of the same size; everything else as Quartz ships it. */
    static final class Quartz implements Contender {
        private final int workers;
        private final int tasks;
        private final Scheduler scheduler;
        private volatile Finish finish;
        private int round;

        private final int batch;

        /** @param batch Quartz's batchTriggerAcquisitionMaxCount (its default: 1) */
        Quartz(int workers, int tasks, int batch) throws Exception {
            this.workers = workers;
            this.tasks = tasks;
            this.batch = batch;
            Properties p = new Properties();
            p.setProperty("org.quartz.scheduler.instanceName", "bench");
            p.setProperty("org.quartz.scheduler.instanceId", "bench");
            p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
            p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(workers));
            p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
            p.setProperty("org.quartz.scheduler.batchTriggerAcquisitionMaxCount", Integer.toString(batch));
            this.scheduler = new StdSchedulerFactory(p).getScheduler();
            scheduler.getListenerManager().addJobListener(quartzCompletions(() -> finish));
            scheduler.start();
        }

        @Override
        public String key() {
            return "quartz";
        }

        @Override
        public String label() {
            return "Quartz " + org.quartz.core.QuartzScheduler.getVersionMajor() + "."
                    + org.quartz.core.QuartzScheduler.getVersionMinor() + "."
                    + org.quartz.core.QuartzScheduler.getVersionIteration() + ", RAMJobStore, SimpleThreadPool of " + workers
                    + " threads" + (batch == 1 ? "" : ", batchTriggerAcquisitionMaxCount " + batch)
                    + ", a JobDetail + a startNow() trigger per task, one scheduleJob() per task";
        }

        @Override
        public int tasks() {
            return tasks;
        }

        @Override
        public Round run() throws Exception {
            Finish f = new Finish(tasks);
            finish = f;
            round++;
            long start = System.nanoTime();
            for (int i = 0; i < tasks; i++) {
                String name = round + "-" + i;
                scheduler.scheduleJob(JobBuilder.newJob(QuartzNoOpJob.class).withIdentity("job-" + name, "bench").build(),
                        TriggerBuilder.newTrigger().withIdentity("trigger-" + name, "bench").startNow().build());
            }
            long submitted = System.nanoTime();
            long end = f.await(ROUND_TIMEOUT);
            return new Round(end - start, submitted - start);
        }

        @Override
        public void close() throws Exception {
            scheduler.shutdown(true);
        }
    }

    // ---------------------------------------------------------------- JobRunr

    /** JobRunr's job: a static method it finds by analysing the enqueued lambda. */
    public static final class JobRunrJobs {
        private JobRunrJobs() {
        }

        public static void noop() {
        }
    }

    /** JobRunr with its InMemoryStorageProvider and a background job server of the same worker count. */
    static final class JobRunrContender implements Contender {
        private final int workers;
        private final int tasks;
        private final Duration pollInterval;
        private final InMemoryStorageProvider storage = new InMemoryStorageProvider();
        private final JobScheduler scheduler;
        private final BackgroundJobServer server;
        private volatile Finish finish;

        JobRunrContender(int workers, int tasks, Duration pollInterval) {
            this.workers = workers;
            this.tasks = tasks;
            this.pollInterval = pollInterval;
            ApplyStateFilter completions = jobRunrCompletions(() -> finish);
            JobRunrConfigurationResult result = JobRunr.configure()
                    .useStorageProvider(storage)
                    .withJobFilter(completions)
                    .useBackgroundJobServer(BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration()
                            .andWorkerCount(workers)
                            .andPollInterval(pollInterval))
                    .initialize();
            this.scheduler = result.getJobScheduler();
            this.server = result.getBackgroundJobServer();
        }

        @Override
        public String key() {
            return "jobrunr";
        }

        @Override
        public String label() {
            String version = JobRunr.class.getPackage().getImplementationVersion();
            return "JobRunr " + (version == null ? "" : version + " ") + "InMemoryStorageProvider, " + workers
                    + " workers, poll interval " + pollInterval.toMillis() + " ms, one enqueue(() -> Jobs.noop()) per task";
        }

        @Override
        public int tasks() {
            return tasks;
        }

        @Override
        public Round run() throws Exception {
            // the in-memory store keeps succeeded jobs (36 h by default) and scans all of them on every
            // fetch: start each round empty, as the other systems do
            storage.clear();
            Finish f = new Finish(tasks);
            finish = f;
            long start = System.nanoTime();
            for (int i = 0; i < tasks; i++) {
                scheduler.enqueue(() -> JobRunrJobs.noop());
            }
            long submitted = System.nanoTime();
            long end = f.await(ROUND_TIMEOUT);
            finish = null;
            return new Round(end - start, submitted - start);
        }

        @Override
        public void close() {
            server.stop();
            JobRunr.destroy();
        }
    }
}
