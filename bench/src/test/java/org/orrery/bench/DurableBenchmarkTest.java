package org.orrery.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.bench.BenchSupport.Settings;
import org.orrery.core.scheduler.internal.EngineSettings;
import org.orrery.store.jdbc.internal.StandaloneTaskStores;

/**
 * The durable benchmark's harness: every task is submitted exactly once, a failing submit ends the
 * round, and one Orrery round on a real SQLite store counts its completions in the database. No
 * timing is asserted (the benchmark runs only with -Pbench -Dbench.suite=durable).
 */
class DurableBenchmarkTest {

    @Test
    void everyTaskIsSubmittedExactlyOnceWithAndWithoutBatches() throws Exception {
        for (int batch : new int[] {0, 1, 7, 100}) {
            AtomicIntegerArray seen = new AtomicIntegerArray(1_003);
            DurableBenchmark.submitFromThreads(5, 1_003, batch, (from, n) -> {
                assertTrue(n >= 1 && n <= Math.max(1, batch), "batch of " + n);
                for (int i = from; i < from + n; i++) {
                    seen.incrementAndGet(i);
                }
            });
            for (int i = 0; i < seen.length(); i++) {
                assertEquals(1, seen.get(i), "task " + i + " with batch " + batch);
            }
        }
    }

    @Test
    void aFailingSubmitFailsTheRound() {
        IllegalStateException boom = new IllegalStateException("store unavailable");
        Exception thrown = assertThrows(IllegalStateException.class, () -> DurableBenchmark.submitFromThreads(3, 100, 0,
                (from, n) -> {
                    if (from == 42) {
                        throw boom;
                    }
                }));
        assertSame(boom, thrown);
    }

    @Test
    void anOrreryRoundOnSqliteEndsWithEveryTaskCompletedInTheDatabase(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tasks.db");
        try (DurableOrrery orrery = new DurableOrrery(4, "orrery-sqlite-batch", "SQLite",
                TimedStore.of(StandaloneTaskStores.sqlite(file, 1)), () -> DriverManager.getConnection("jdbc:sqlite:" + file),
                EngineSettings.defaults(), 300, 10)) {
            Contenders.Round first = orrery.run();
            Contenders.Round second = orrery.run();
            assertTrue(first.nanos() > 0 && second.nanos() > 0);
        }
        assertEquals(600, DurableBenchmark.count(() -> DriverManager.getConnection("jdbc:sqlite:" + file),
                "SELECT COUNT(*) FROM tasks WHERE status = 'COMPLETED'"));
    }
}
