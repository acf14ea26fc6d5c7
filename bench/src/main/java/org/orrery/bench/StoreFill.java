package org.orrery.bench;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/**
 * Fills a runtime home's SQLite task store with many tasks fast, for the benchmarks that need a
 * full store: the runtime runs a seed of real tasks (through its API), is stopped, and the seed's
 * rows are copied in SQL.
 */
final class StoreFill {

    /** Puts the seed tasks in through the API of the runtime started for it. */
    @FunctionalInterface
    interface Seeder {
        void seed() throws Exception;
    }

    private StoreFill() {
    }

    /**
     * Starts the runtime on {@code home}, seeds it, stops it and copies the seed's rows until there
     * are {@code copies} times as many.
     *
     * @return the seconds it took
     */
    static double fill(String java, Path jar, Path home, int port, HttpClient http, String base, Seeder seeder,
            int copies) throws Exception {
        long fillStart = System.nanoTime();
        Process seeding = ApiBenchmark.startRuntime(java, jar, home, port, null);
        try {
            ApiBenchmark.awaitHealthy(http, base, seeding);
            seeder.seed();
        } finally {
            seeding.destroy();
            seeding.waitFor(60, TimeUnit.SECONDS);
        }
        copyRows(home.resolve("data/tasks.db"), copies);
        return (System.nanoTime() - fillStart) / 1e9;
    }

    /**
     * Copies the seeded rows {@code copies - 1} times with new ids ({@code <id>.c<k>}: '.' is in no
     * UUID) and creation times shifted by k microseconds, every column of the tasks and of their
     * executions, then checkpoints the log into the file.
     */
    static void copyRows(Path database, int copies) throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + database); Statement st = db.createStatement()) {
            // the seed apart, so each copy reads 'seed' rows, not the whole growing table
            st.execute("CREATE TEMP TABLE seed_tasks AS SELECT * FROM tasks");
            st.execute("CREATE TEMP TABLE seed_executions AS SELECT * FROM task_executions");
            db.setAutoCommit(false);
            for (int k = 1; k < copies; k++) {
                String suffix = "'.c" + k + "'";
                st.executeUpdate("INSERT INTO tasks (id, status, action, created_at, revision, record, finished_at, assigned_to,"
                        + " module, execution_nanos) SELECT id || " + suffix + ", status, action, created_at + " + (k * 1000L)
                        + ", revision, replace(record, id, id || " + suffix + "), finished_at + " + (k * 1000L)
                        + ", assigned_to, module, execution_nanos FROM seed_tasks");
                st.executeUpdate("INSERT INTO task_executions (task_id, attempt, executor_id, status, started_at, ended_at,"
                        + " execution) SELECT task_id || " + suffix + ", attempt, executor_id, status, started_at, ended_at,"
                        + " replace(execution, task_id, task_id || " + suffix + ") FROM seed_executions");
                db.commit();
            }
            db.setAutoCommit(true);
            st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
    }

}
