package org.orrery.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.bench.BenchSupport.Settings;
import org.orrery.bench.SequenceBenchmark.Round;
import org.orrery.bench.SequenceBenchmark.Shape;

/**
 * The sequence benchmark's harness: the documents have the shapes of their baselines, and one small
 * round of each variant runs to its end on a real SQLite store with its counters counting. No
 * timing is asserted (the benchmark runs only with -Pbench -Dbench.suite=sequence).
 */
class SequenceBenchmarkTest {

    @Test
    @SuppressWarnings("unchecked")
    void theParallelDocumentHasOneSequentialBranchPerChain() {
        Map<String, Object> doc = SequenceBenchmark.document(new Shape("sequence-B", true, 3, 4));
        List<Object> main = (List<Object>) doc.get("main");
        assertEquals(1, main.size());
        Map<String, Object> parallel = (Map<String, Object>) main.get(0);
        assertEquals("parallel", parallel.get("type"));
        List<Object> branches = (List<Object>) parallel.get("steps");
        assertEquals(3, branches.size());
        for (Object b : branches) {
            Map<String, Object> branch = (Map<String, Object>) b;
            assertEquals("sequential", branch.get("type"));
            assertEquals(Map.of("type", "task", "action", "system.noop"),
                    ((List<Object>) branch.get("steps")).get(0));
            assertEquals(4, ((List<Object>) branch.get("steps")).size());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSequentialDocumentIsOneContainer() {
        Map<String, Object> doc = SequenceBenchmark.document(new Shape("sequence-A", true, 1, 5));
        Map<String, Object> sequential = (Map<String, Object>) ((List<Object>) doc.get("main")).get(0);
        assertEquals("sequential", sequential.get("type"));
        assertEquals(5, ((List<Object>) sequential.get("steps")).size());
    }

    @Test
    void everyVariantRunsToItsEndAndCounts(@TempDir Path folder) throws Exception {
        SequenceBenchmark bench = new SequenceBenchmark(new Settings(Map.of()), folder);
        for (Shape shape : List.of(new Shape("baseline-A", false, 1, 6), new Shape("sequence-A", true, 1, 6),
                new Shape("baseline-B", false, 3, 4), new Shape("sequence-B", true, 3, 4))) {
            Round r = bench.round(shape);
            assertTrue(r.commits() >= 1, shape + ": " + r);
            assertTrue(r.taskSaves() >= 1, shape + ": " + r);
            if (shape.sequence()) {
                assertTrue(r.seqUpdates() >= 1, shape + ": " + r);
                assertTrue(r.submits() >= 1, shape + ": " + r);
            } else {
                assertEquals(0, r.seqUpdates(), shape + ": " + r);
            }
        }
    }
}
