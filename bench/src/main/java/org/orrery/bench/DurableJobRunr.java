package org.orrery.bench;

import java.time.Duration;

import org.jobrunr.configuration.JobRunr;
import org.jobrunr.configuration.JobRunrConfiguration.JobRunrConfigurationResult;
import org.jobrunr.jobs.filters.ApplyStateFilter;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.scheduling.JobScheduler;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.storage.StorageProvider;
import org.orrery.bench.BenchSupport.Settings;
import org.orrery.bench.Contenders.Finish;
import com.zaxxer.hikari.HikariDataSource;

/** JobRunr with its SQL storage provider; its default worker count unless set. */
final class DurableJobRunr implements DurableBenchmark.Durable {

    private final Settings settings;
    private final int threads;
    private final String key;
    private final String where;
    private final HikariDataSource dataSource;
    private final StorageProvider storage;
    private final int tasks;
    private final JobScheduler scheduler;
    private final BackgroundJobServer server;
    private final Duration poll;
    private volatile Finish finish;

    DurableJobRunr(Settings settings, int threads, String key, String where, HikariDataSource dataSource, StorageProvider storage, int tasks) {
        this.settings = settings;
        this.threads = threads;
        this.key = key;
        this.where = where;
        this.dataSource = dataSource;
        this.storage = storage;
        this.tasks = tasks;
        // JobRunr refuses less than 5 s with a SQL storage provider ("too much load on your datastore")
        this.poll = Duration.ofMillis(settings.integer("jobrunr.pollMillis", 5000));
        ApplyStateFilter completions = Contenders.jobRunrCompletions(() -> finish);
        BackgroundJobServerConfiguration server = BackgroundJobServerConfiguration
                .usingStandardBackgroundJobServerConfiguration().andPollInterval(poll);
        if (!settings.get("jobrunr.workers", "").isEmpty()) {
            server = server.andWorkerCount(settings.integer("jobrunr.workers", 2));
        }
        JobRunrConfigurationResult result = JobRunr.configure().useStorageProvider(storage).withJobFilter(completions)
                .useBackgroundJobServer(server).initialize();
        this.scheduler = result.getJobScheduler();
        this.server = result.getBackgroundJobServer();
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public String label() {
        String version = JobRunr.class.getPackage().getImplementationVersion();
        return "JobRunr " + (version == null ? "" : version + " ") + "SQL storage on " + where + ", "
                + server.getConfiguration().getBackgroundJobServerWorkerPolicy().toWorkDistributionStrategy(server)
                        .getClass().getSimpleName().replace("WorkDistributionStrategy", "")
                + " workers " + workers() + ", poll interval " + poll.toMillis() + " ms, " + threads
                + " threads calling enqueue() per job";
    }

    private String workers() {
        return settings.get("jobrunr.workers", "default (" + Runtime.getRuntime().availableProcessors() * 8 + ")");
    }

    @Override
    public int tasks() {
        return tasks;
    }

    @Override
    public Contenders.Round run() throws Exception {
        long before = storage.countJobs(StateName.SUCCEEDED);
        Finish f = new Finish(tasks);
        finish = f;
        long start = System.nanoTime();
        DurableBenchmark.submitFromThreads(threads, tasks, 0, (from, n) -> scheduler.enqueue(() -> Contenders.JobRunrJobs.noop()));
        long submitted = System.nanoTime();
        f.await(DurableBenchmark.ROUND_TIMEOUT);
        long end = DurableBenchmark.awaitTrue("JobRunr's storage to count " + tasks + " more succeeded jobs", DurableBenchmark.ROUND_TIMEOUT,
                () -> storage.countJobs(StateName.SUCCEEDED) - before >= tasks);
        finish = null;
        return new Contenders.Round(end - start, submitted - start);
    }

    @Override
    public void close() {
        server.stop();
        JobRunr.destroy();
        dataSource.close();
    }
}
