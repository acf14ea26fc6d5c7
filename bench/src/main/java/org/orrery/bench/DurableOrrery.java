package org.orrery.bench;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.orrery.bench.Contenders.Finish;
import org.orrery.core.scheduler.internal.EngineSettings;
import org.orrery.core.scheduler.internal.ParameterValidator;
import org.orrery.core.scheduler.internal.TaskEngine;
import org.orrery.task.TaskSpec;

/** The task engine over the durable store; a new engine per round, the same database. */
final class DurableOrrery implements DurableBenchmark.Durable {

    private final int threads;
    private final String key;
    private final String where;
    private final TimedStore store;
    private final DurableBenchmark.ConnectionSource verify;
    private final EngineSettings engineSettings;
    private final int tasks;
    private final int batch;

    DurableOrrery(int threads, String key, String where, TimedStore store, DurableBenchmark.ConnectionSource verify, EngineSettings engineSettings,
            int tasks, int batch) {
        this.threads = threads;
        this.key = key;
        this.where = where;
        this.store = store;
        this.verify = verify;
        this.engineSettings = engineSettings;
        this.tasks = tasks;
        this.batch = batch;
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public String label() {
        return "Orrery TaskEngine + store.jdbc on " + (where.startsWith("SQLite") ? "SQLite (WAL, synchronous=FULL)"
                : where) + ", " + engineSettings.workerThreads() + " worker threads, " + threads + " threads calling "
                + (batch <= 0 ? "submit() per task" : "submitAll() of " + batch);
    }

    @Override
    public int tasks() {
        return tasks;
    }

    @Override
    public Contenders.Round run() throws Exception {
        long before = DurableBenchmark.count(verify, "SELECT COUNT(*) FROM tasks WHERE status = 'COMPLETED'");
        long commitsBefore = store.commits();
        long saveNanosBefore = store.saveNanos();
        long saveCallsBefore = store.saveCalls();
        Finish finish = new Finish(tasks);
        TaskEngine engine = new TaskEngine(engineSettings, store, Contenders.completions(finish), Clock.systemUTC(),
                ParameterValidator.NONE);
        engine.addAction(new Contenders.NoOpAction(), "bench");
        try {
            long start = System.nanoTime();
            DurableBenchmark.submitFromThreads(threads, tasks, batch, (from, n) -> {
                if (batch <= 0) {
                    engine.submit(TaskSpec.builder(Contenders.NOOP).build());
                } else {
                    List<TaskSpec> specs = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        specs.add(TaskSpec.builder(Contenders.NOOP).build());
                    }
                    engine.submitAll(specs);
                }
            });
            long submitted = System.nanoTime();
            long end = finish.await(DurableBenchmark.ROUND_TIMEOUT);
            Contenders.checkCompleted(engine, tasks);
            long after = DurableBenchmark.count(verify, "SELECT COUNT(*) FROM tasks WHERE status = 'COMPLETED'");
            if (after - before != tasks) {
                throw new IllegalStateException("the database holds " + (after - before) + " more COMPLETED tasks, expected "
                        + tasks);
            }
            long commits = Math.max(1, store.commits() - commitsBefore);
            long calls = Math.max(1, store.saveCalls() - saveCallsBefore);
            double saveMillis = (store.saveNanos() - saveNanosBefore) / 1e6;
            System.out.printf(Locale.ROOT, "    (%d commits for %d tasks: %.1f tasks per commit; %d save() calls of %.2f ms"
                    + " on average, %.0f %% of the round)%n", commits, tasks, tasks / (double) commits, calls,
                    saveMillis / calls, 100 * saveMillis / ((System.nanoTime() - start) / 1e6));
            return new Contenders.Round(end - start, submitted - start);
        } finally {
            engine.close();
        }
    }

    @Override
    public void close() {
        store.close();
    }
}
