package org.orrery.store.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.orrery.sequence.PlanProgress;
import org.orrery.sequence.TargetDecision;
import org.orrery.sequence.TargetDecision.Candidate;
import org.orrery.sequence.TargetDecision.Kind;
import org.orrery.sequence.TargetStore;
import org.orrery.task.TaskStoreException;

/**
 * What the target store does, the same on every database: {@link SqliteTargetStoreTest} runs
 * these cases on SQLite, {@link PostgresTargetStoreTest} on a real PostgreSQL server.
 */
abstract class TargetStoreCases {

    private final List<TaskDatabase> open = new ArrayList<>();

    @AfterEach
    void closeAll() {
        open.forEach(TaskDatabase::close);
    }

    protected final TargetStore open() throws TaskStoreException {
        TaskDatabase db = openDatabase();
        open.add(db);
        return db.targets();
    }

    protected abstract TaskDatabase openDatabase() throws TaskStoreException;

    static TargetDecision decision(String sequenceId, long index) {
        Instant at = Instant.parse("2026-12-05T21:00:00Z").plusSeconds(600 * index);
        List<Candidate> candidates = List.of(
                new Candidate("m42", "M 42", true, 0.6312, true, "chosen: score 0.63"),
                new Candidate("m31", "M 31", false, null, false, "below 30° until 23:14Z"));
        return index % 2 == 0
                ? new TargetDecision(sequenceId, index, "night", at, Kind.RUN, "m42", "M 42", "M 42: highest score 0.63",
                        candidates, null)
                : new TargetDecision(sequenceId, index, "night", at, Kind.WAIT, null, null, "no target may run now",
                        candidates, at.plusSeconds(3600));
    }

    @Test
    void aFrameCountsOnceWhateverHowOftenItIsRecorded() throws Exception {
        TargetStore store = open();
        assertTrue(store.recordFrame("M 42", "L-60s-1x1", "t1#1", true));
        assertFalse(store.recordFrame("M 42", "L-60s-1x1", "t1#1", true));
        assertTrue(store.recordFrame("m  42", "L-60s-1x1", "t1#2", false));
        assertTrue(store.recordFrame("M 42", "R-60s-1x1", "t2#1", true));
        List<PlanProgress> progress = store.progress(" m 42 ");
        assertEquals(List.of("L-60s-1x1", "R-60s-1x1"), progress.stream().map(PlanProgress::plan).toList());
        assertEquals("M 42", progress.get(0).target());
        assertEquals(2, progress.get(0).acquired());
        assertEquals(1, progress.get(0).accepted());
        assertEquals(1, progress.get(1).accepted());
        assertTrue(progress.get(0).updatedAt().isAfter(Instant.parse("2026-01-01T00:00:00Z")));
        assertEquals(List.of(), store.progress("M 31"));
    }

    @Test
    void progressSurvivesAReopen() throws Exception {
        open().recordFrame("M 31", "L-60s-1x1", "t1#1", true);
        closeAll();
        open.clear();
        TargetStore again = open();
        assertFalse(again.recordFrame("M 31", "L-60s-1x1", "t1#1", true));
        assertEquals(1, again.progress("M 31").get(0).accepted());
    }

    @Test
    void concurrentRecordsOfTheSameFramesCountEachOnce() throws Exception {
        TargetStore store = open();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Boolean>> calls = new ArrayList<>();
            for (int copy = 0; copy < 4; copy++) {
                for (int frame = 1; frame <= 25; frame++) {
                    String id = "task#" + frame;
                    calls.add(() -> store.recordFrame("M 42", "L-60s-1x1", id, true));
                }
            }
            int added = 0;
            for (Future<Boolean> f : pool.invokeAll(calls)) {
                added += f.get() ? 1 : 0;
            }
            assertEquals(25, added);
        } finally {
            pool.shutdownNow();
        }
        PlanProgress p = store.progress("M 42").get(0);
        assertEquals(25, p.acquired());
        assertEquals(25, p.accepted());
    }

    @Test
    void resetForgetsATargetsFramesOnly() throws Exception {
        TargetStore store = open();
        store.recordFrame("M 42", "L-60s-1x1", "t1#1", true);
        store.recordFrame("M 42", "R-60s-1x1", "t1#2", true);
        store.recordFrame("M 31", "L-60s-1x1", "t2#1", true);
        assertEquals(2, store.resetProgress("m 42"));
        assertEquals(List.of(), store.progress("M 42"));
        assertEquals(1, store.progress("M 31").size());
        assertTrue(store.recordFrame("M 42", "L-60s-1x1", "t1#1", true), "a frame counts again after a reset");
        assertEquals(0, store.resetProgress("NGC 7000"));
    }

    @Test
    void decisionsComeBackAsAppendedPageByPage() throws Exception {
        TargetStore store = open();
        for (int i = 0; i < 5; i++) {
            store.appendDecision(decision("seq-1", i));
        }
        store.appendDecision(decision("seq-2", 0));
        assertEquals(List.of(decision("seq-1", 0), decision("seq-1", 1)), store.decisions("seq-1", -1, 2));
        assertEquals(List.of(decision("seq-1", 2), decision("seq-1", 3)), store.decisions("seq-1", 1, 2));
        assertEquals(List.of(decision("seq-1", 4)), store.decisions("seq-1", 3, 10));
        assertEquals(List.of(), store.decisions("seq-1", 4, 10));
        assertEquals(List.of(decision("seq-2", 0)), store.decisions("seq-2", -1, 10));
    }

    @Test
    void aSecondDecisionOfTheSameIndexIsIgnored() throws Exception {
        TargetStore store = open();
        store.appendDecision(decision("seq-1", 0));
        TargetDecision other = new TargetDecision("seq-1", 0, "night", Instant.EPOCH, Kind.END, null, null, "end",
                List.of(), null);
        store.appendDecision(other);
        assertEquals(List.of(decision("seq-1", 0)), store.decisions("seq-1", -1, 10));
    }

    @Test
    void deleteRemovesOneSequencesDecisions() throws Exception {
        TargetStore store = open();
        store.appendDecision(decision("seq-1", 0));
        store.appendDecision(decision("seq-2", 0));
        store.deleteDecisions("seq-1");
        assertEquals(List.of(), store.decisions("seq-1", -1, 10));
        assertEquals(1, store.decisions("seq-2", -1, 10).size());
    }
}
