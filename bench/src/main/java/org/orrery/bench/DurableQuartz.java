package org.orrery.bench;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Properties;

import org.orrery.bench.Contenders.Finish;
import org.orrery.testsupport.PostgresServer;
import org.quartz.JobBuilder;
import org.quartz.Scheduler;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;

/** Quartz with JobStoreTX (PostgreSQLDelegate) over a HikariCP pool; tables from the jar's tables_postgres.sql. */
final class DurableQuartz implements DurableBenchmark.Durable {

    private final int threads;
    private final String key;
    private final int tasks;
    private final int threadCount;
    private final Scheduler scheduler;
    private final DurableBenchmark.ConnectionSource verify;
    private volatile Finish finish;
    private int round;

    DurableQuartz(int threads, String key, PostgresServer postgres, int tasks, int threadCount) throws Exception {
        this.threads = threads;
        this.key = key;
        this.tasks = tasks;
        this.threadCount = threadCount;
        String url = DurableBenchmark.schema(postgres, "quartz");
        this.verify = () -> DriverManager.getConnection(url, postgres.user(), postgres.password());
        createTables(verify);
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", "bench-durable");
        p.setProperty("org.quartz.scheduler.instanceId", "bench");
        p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(threadCount));
        p.setProperty("org.quartz.scheduler.batchTriggerAcquisitionMaxCount", Integer.toString(threadCount));
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", "pg");
        p.setProperty("org.quartz.jobStore.tablePrefix", "qrtz_");
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        p.setProperty("org.quartz.dataSource.pg.provider", "hikaricp");
        p.setProperty("org.quartz.dataSource.pg.driver", "org.postgresql.Driver");
        p.setProperty("org.quartz.dataSource.pg.URL", url);
        p.setProperty("org.quartz.dataSource.pg.user", postgres.user());
        p.setProperty("org.quartz.dataSource.pg.password", postgres.password());
        p.setProperty("org.quartz.dataSource.pg.maxConnections", Integer.toString(threadCount + threads + 4));
        this.scheduler = new StdSchedulerFactory(p).getScheduler();
        scheduler.getListenerManager().addJobListener(Contenders.quartzCompletions(() -> finish));
        scheduler.start();
    }

    private void createTables(DurableBenchmark.ConnectionSource source) throws Exception {
        String sql;
        try (InputStream in = StdSchedulerFactory.class.getResourceAsStream("/org/quartz/impl/jdbcjobstore/tables_postgres.sql")) {
            if (in == null) {
                throw new IllegalStateException("tables_postgres.sql is not in the Quartz jar");
            }
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        StringBuilder clean = new StringBuilder();
        for (String line : sql.split("\n")) {
            if (!line.trim().startsWith("--") && !line.trim().startsWith("#")) {
                clean.append(line).append('\n');
            }
        }
        try (Connection c = source.open(); Statement st = c.createStatement()) {
            for (String statement : clean.toString().split(";")) {
                String s = statement.trim();
                if (!s.isEmpty() && !s.equalsIgnoreCase("commit")) {
                    st.execute(s);
                }
            }
        }
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public String label() {
        return "Quartz " + org.quartz.core.QuartzScheduler.getVersionMajor() + "."
                + org.quartz.core.QuartzScheduler.getVersionMinor() + "."
                + org.quartz.core.QuartzScheduler.getVersionIteration() + " JobStoreTX (PostgreSQLDelegate, HikariCP) on "
                + "PostgreSQL, SimpleThreadPool of " + threadCount + ", batchTriggerAcquisitionMaxCount " + threadCount
                + ", " + threads + " threads calling scheduleJob() (a JobDetail + a startNow() trigger) per job";
    }

    @Override
    public int tasks() {
        return tasks;
    }

    @Override
    public Contenders.Round run() throws Exception {
        Finish f = new Finish(tasks);
        finish = f;
        int r = ++round;
        long start = System.nanoTime();
        DurableBenchmark.submitFromThreads(threads, tasks, 0, (from, n) -> scheduler.scheduleJob(
                JobBuilder.newJob(Contenders.QuartzNoOpJob.class).withIdentity("job-" + r + "-" + from, "bench").build(),
                TriggerBuilder.newTrigger().withIdentity("trigger-" + r + "-" + from, "bench").startNow().build()));
        long submitted = System.nanoTime();
        f.await(DurableBenchmark.ROUND_TIMEOUT);
        // the listener runs before Quartz commits the trigger's completion: wait for the database
        long end = DurableBenchmark.awaitTrue("Quartz's tables to hold no trigger", DurableBenchmark.ROUND_TIMEOUT,
                () -> DurableBenchmark.count(verify, "SELECT (SELECT COUNT(*) FROM qrtz_triggers) + (SELECT COUNT(*) FROM qrtz_fired_triggers)"
                        + " + (SELECT COUNT(*) FROM qrtz_job_details)") == 0);
        return new Contenders.Round(end - start, submitted - start);
    }

    @Override
    public void close() throws Exception {
        scheduler.shutdown(true);
    }
}
