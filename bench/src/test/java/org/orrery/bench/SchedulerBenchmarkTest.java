package org.orrery.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.orrery.core.scheduler.internal.EngineSettings;

/**
 * The scheduler benchmark's own logic: the DAG it builds, its statistics, its settings, and that
 * its harness counts every task. No timing is asserted (the benchmark itself runs only with
 * -Pbench -Dbench.suite=scheduler).
 */
class SchedulerBenchmarkTest {

    @Test
    void randomDagPointsToDistinctEarlierTasksAndIsReproducible() {
        int[][] dag = SchedulerBenchmark.randomDag(2_000, 3, 7);
        assertEquals(0, dag[0].length);
        assertEquals(1, dag[1].length);
        assertEquals(2, dag[2].length);
        for (int i = 3; i < dag.length; i++) {
            assertEquals(3, dag[i].length, "node " + i);
            assertEquals(3, Arrays.stream(dag[i]).distinct().count(), "node " + i);
            for (int dep : dag[i]) {
                assertTrue(dep >= 0 && dep < i, "node " + i + " depends on " + dep);
            }
        }
        assertArrayEquals(dag[1_999], SchedulerBenchmark.randomDag(2_000, 3, 7)[1_999]);
    }

    @Test
    void fanInRunsEveryTaskAndTheGatheringOne() throws Exception {
        // checkCompleted inside fails the round unless the engine completed all 201
        String section = FanInBenchmark.run(new BenchSupport.Settings(Map.of("fanin.tasks", "200", "fanin.warmups", "0",
                "fanin.rounds", "1")), 2, 64);
        assertTrue(section.contains("One task gathering 200 no-op tasks (0 warm-up + 1 measured rounds)"), section);
    }

    @Test
    void longestChainCountsTasks() {
        int[][] dag = {{}, {0}, {0}, {1, 2}, {}};
        assertEquals(3, SchedulerBenchmark.longestChain(dag));
        assertEquals(1, SchedulerBenchmark.longestChain(new int[][] {{}, {}}));
    }

    @Test
    void dagSpecsNameTheirDependencies() {
        var specs = SchedulerBenchmark.dagSpecs(new int[][] {{}, {0}, {0, 1}});
        assertEquals("n2", specs.get(2).id());
        assertEquals(List.of("n0", "n1"), specs.get(2).dependsOn());
    }

    @Test
    void summaryOfOddAndEvenCounts() {
        BenchSupport.Summary odd = BenchSupport.Summary.of(List.of(5.0, 1.0, 3.0));
        assertEquals(3.0, odd.median());
        assertEquals(1.0, odd.min());
        assertEquals(5.0, odd.max());
        assertEquals(2.5, BenchSupport.Summary.of(List.of(4.0, 1.0, 2.0, 3.0)).median());
    }

    @Test
    void settingsDropPrefixes() {
        Map<String, String> parsed = BenchSupport.parse(List.of("-Dbench.scheduler.workers=3", "bench.quietSeconds=0", "tasks.pool=10"));
        assertEquals(Map.of("workers", "3", "quietSeconds", "0", "tasks.pool", "10"), parsed);
        assertEquals(100_000, new BenchSupport.Settings(Map.of("n", "100_000")).integer("n", 1));
    }

    @Test
    void engineSettingsChangeOnlyLimitAndWorkers() {
        EngineSettings s = BenchSupport.engineSettings(10_000, 3);
        EngineSettings d = EngineSettings.defaults();
        assertEquals(10_000, s.maxConcurrentTasks());
        assertEquals(3, s.workerThreads());
        assertEquals(d.cancelGrace(), s.cancelGrace());
        assertEquals(d.agingStep(), s.agingStep());
    }

    @Test
    void harnessCountsEveryTask() throws Exception {
        try (Contenders.Pool pool = new Contenders.Pool(2, 1_000)) {
            Contenders.Round r = pool.run();
            // no order between the two: the last task may end on a worker before the submitting loop reads the clock
            assertTrue(r.nanos() > 0 && r.submitNanos() > 0);
        }
        Contenders.Orrery orrery = new Contenders.Orrery(BenchSupport.engineSettings(64, 2), 1_000, 0);
        assertTrue(orrery.run().nanos() > 0); // run() also checks the engine's own count of completed tasks
        Contenders.Orrery batched = new Contenders.Orrery(BenchSupport.engineSettings(64, 2), 1_000, 300);
        assertTrue(batched.run().nanos() > 0);
    }
}
