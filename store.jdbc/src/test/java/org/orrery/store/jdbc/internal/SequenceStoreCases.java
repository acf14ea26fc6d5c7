package org.orrery.store.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.orrery.sequence.SequenceState;
import org.orrery.sequence.SequenceStore;
import org.orrery.sequence.StoredSequence;
import org.orrery.sequence.StoredStep;
import org.orrery.task.TaskStoreException;

/**
 * What the sequence store does, the same on every database: {@link SqliteSequenceStoreTest}
 * runs these cases on SQLite, {@link PostgresSequenceStoreTest} on a real PostgreSQL server.
 */
abstract class SequenceStoreCases {

    private final List<TaskDatabase> open = new ArrayList<>();

    @AfterEach
    void closeAll() {
        open.forEach(TaskDatabase::close);
    }

    /** Opens this test's database (the same one each time within a test), closed after the test. */
    protected final SequenceStore open() throws TaskStoreException {
        TaskDatabase db = openDatabase();
        open.add(db);
        return db.sequences();
    }

    protected abstract TaskDatabase openDatabase() throws TaskStoreException;

    /** Makes the database refuse step records whose key starts with "bad" (a trigger). */
    protected abstract void refuseStepKeysStartingWithBad() throws Exception;

    static StoredSequence sequence(String id, SequenceState state, Instant created) {
        return new StoredSequence(id, "name of " + id, state, "{\"name\":\"" + id + "\"}", "{}", created, created);
    }

    private static StoredStep step(String sequenceId, String key, String state) {
        return new StoredStep(sequenceId, key, state);
    }

    private static List<StoredStep> sorted(List<StoredStep> steps) {
        return steps.stream().sorted(Comparator.comparing(StoredStep::key)).toList();
    }

    private static List<String> ids(List<StoredSequence> sequences) {
        return sequences.stream().map(StoredSequence::id).toList();
    }

    @Test
    void aSequenceIsStoredAndReadBackAsGiven() throws Exception {
        SequenceStore store = open();
        Instant created = Instant.parse("2026-12-05T01:02:03.123456789Z");
        StoredSequence s = new StoredSequence("seq-1", "M42 LRGB", SequenceState.CREATED,
                "{\"name\":\"M42 LRGB\",\"main\":[]}", "{\"area\":\"start\"}", created, created);
        store.insert(s);
        assertEquals(Optional.of(s), store.get("seq-1"));
        assertEquals(Optional.empty(), store.get("seq-2"));
        assertEquals(List.of(), store.steps("seq-1"));
    }

    @Test
    void aSecondInsertOfTheSameIdIsRefusedAndChangesNothing() throws Exception {
        SequenceStore store = open();
        StoredSequence first = sequence("dup", SequenceState.CREATED, Instant.EPOCH);
        store.insert(first);
        StoredSequence second = new StoredSequence("dup", "other", SequenceState.RUNNING, "{}", "{}",
                Instant.EPOCH.plusSeconds(5), Instant.EPOCH.plusSeconds(5));
        TaskStoreException e = assertThrows(TaskStoreException.class, () -> store.insert(second));
        assertTrue(e.getMessage().contains("sequence dup exists already"), e.getMessage());
        assertEquals(Optional.of(first), store.get("dup"));
        // the writer goes on
        store.insert(sequence("next", SequenceState.CREATED, Instant.EPOCH));
        assertTrue(store.get("next").isPresent());
    }

    @Test
    void anUpdateReplacesTheHeaderAndUpsertsSteps() throws Exception {
        SequenceStore store = open();
        Instant created = Instant.EPOCH.plusSeconds(100);
        store.insert(sequence("s", SequenceState.CREATED, created));
        StoredSequence running = new StoredSequence("s", "renamed", SequenceState.RUNNING, "{\"doc\":2}",
                "{\"area\":\"main\"}", created, created.plusSeconds(1));
        store.update(running, List.of(step("s", "a", "{\"state\":\"running\"}"), step("s", "b", "{\"state\":\"pending\"}")));
        assertEquals(Optional.of(running), store.get("s"));
        assertEquals(List.of(step("s", "a", "{\"state\":\"running\"}"), step("s", "b", "{\"state\":\"pending\"}")),
                sorted(store.steps("s")));

        StoredSequence later = new StoredSequence("s", "renamed", SequenceState.COMPLETED, "{\"doc\":2}", "{}",
                Instant.EPOCH, created.plusSeconds(2));
        store.update(later, List.of(step("s", "a", "{\"state\":\"completed\"}"), step("s", "c.1", "{}")));
        StoredSequence read = store.get("s").orElseThrow();
        assertEquals(SequenceState.COMPLETED, read.state());
        assertEquals(created, read.createdAt(), "the creation time is the inserted one: it orders the listing");
        assertEquals(created.plusSeconds(2), read.updatedAt());
        assertEquals(List.of(step("s", "a", "{\"state\":\"completed\"}"), step("s", "b", "{\"state\":\"pending\"}"),
                step("s", "c.1", "{}")), sorted(store.steps("s")));
    }

    @Test
    void anUpdateOfAnUnknownSequenceFailsAndWritesNoSteps() throws Exception {
        SequenceStore store = open();
        TaskStoreException e = assertThrows(TaskStoreException.class, () -> store.update(
                sequence("ghost", SequenceState.RUNNING, Instant.EPOCH), List.of(step("ghost", "a", "{}"))));
        assertTrue(e.getMessage().contains("sequence ghost does not exist"), e.getMessage());
        assertEquals(List.of(), store.steps("ghost"));
        assertThrows(IllegalArgumentException.class, () -> store.update(
                sequence("x", SequenceState.RUNNING, Instant.EPOCH), List.of(step("other", "a", "{}"))));
    }

    @Test
    void anUpdateThatFailsLeavesNothingHalfWritten() throws Exception {
        SequenceStore store = open();
        store.insert(sequence("s", SequenceState.RUNNING, Instant.EPOCH));
        store.update(sequence("s", SequenceState.RUNNING, Instant.EPOCH), List.of(step("s", "a", "{\"v\":1}")));
        StoredSequence before = store.get("s").orElseThrow();
        refuseStepKeysStartingWithBad();

        StoredSequence changed = new StoredSequence("s", "changed", SequenceState.PAUSED, "{}", "{\"v\":2}",
                Instant.EPOCH, Instant.EPOCH.plusSeconds(9));
        TaskStoreException e = assertThrows(TaskStoreException.class, () -> store.update(changed,
                List.of(step("s", "a", "{\"v\":2}"), step("s", "bad", "{}"), step("s", "c", "{}"))));
        assertTrue(e.getMessage().contains("refused by test"), e.getMessage());
        assertEquals(Optional.of(before), store.get("s"), "the header is unchanged");
        assertEquals(List.of(step("s", "a", "{\"v\":1}")), store.steps("s"), "no step changed or added");
        // the store goes on
        store.update(changed, List.of(step("s", "a", "{\"v\":2}")));
        assertEquals(Optional.of(changed), store.get("s"));
    }

    @Test
    void listPagesInCreationOrderAfterTheGivenId() throws Exception {
        SequenceStore store = open();
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        // inserted out of order; b and c share a creation time (then by id)
        store.insert(sequence("d", SequenceState.COMPLETED, t.plusSeconds(3)));
        store.insert(sequence("c", SequenceState.RUNNING, t.plusSeconds(1)));
        store.insert(sequence("a", SequenceState.CREATED, t));
        store.insert(sequence("b", SequenceState.FAILED, t.plusSeconds(1)));
        store.insert(sequence("e", SequenceState.PAUSED, t.plusSeconds(4)));

        assertEquals(List.of("a", "b"), ids(store.list(Set.of(), null, 2)));
        assertEquals(List.of("c", "d"), ids(store.list(Set.of(), "b", 2)));
        assertEquals(List.of("e"), ids(store.list(Set.of(), "d", 2)));
        assertEquals(List.of(), ids(store.list(Set.of(), "e", 2)));
        assertEquals(List.of("b", "c", "d", "e"), ids(store.list(Set.of(), "a", 10)));

        Set<SequenceState> finished = EnumSet.of(SequenceState.COMPLETED, SequenceState.FAILED);
        assertEquals(List.of("b", "d"), ids(store.list(finished, null, 10)));
        assertEquals(List.of("d"), ids(store.list(finished, "b", 10)));
        assertEquals(List.of("d"), ids(store.list(finished, "c", 10)), "after an id of another state");
        assertEquals(List.of(), ids(store.list(Set.of(), "unknown", 10)), "an unknown id has no place");
        assertThrows(IllegalArgumentException.class, () -> store.list(Set.of(), null, 0));
    }

    @Test
    void idsOfTheSameInstantAreInByteOrderWhateverTheLocale() throws Exception {
        SequenceStore store = open();
        for (String id : List.of("b", "B", "a", "_x")) {
            store.insert(sequence(id, SequenceState.CREATED, Instant.EPOCH));
        }
        // as Java's String order: upper case, then '_', then lower case (PostgreSQL: COLLATE "C")
        assertEquals(List.of("B", "_x", "a", "b"), ids(store.list(Set.of(), null, 10)));
        assertEquals(List.of("a", "b"), ids(store.list(Set.of(), "_x", 10)));
    }

    @Test
    void unfinishedIsEveryStateThatIsNotTerminal() throws Exception {
        SequenceStore store = open();
        Instant t = Instant.EPOCH;
        int i = 0;
        for (SequenceState state : SequenceState.values()) {
            store.insert(sequence(state.id(), state, t.plusSeconds(i++)));
        }
        assertEquals(List.of("created", "running", "pausing", "paused"), ids(store.unfinished()));
    }

    @Test
    void deleteRemovesTheSequenceAndItsSteps() throws Exception {
        SequenceStore store = open();
        store.insert(sequence("s", SequenceState.RUNNING, Instant.EPOCH));
        store.insert(sequence("other", SequenceState.RUNNING, Instant.EPOCH));
        store.update(sequence("s", SequenceState.RUNNING, Instant.EPOCH), List.of(step("s", "a", "{}")));
        store.update(sequence("other", SequenceState.RUNNING, Instant.EPOCH), List.of(step("other", "a", "{}")));
        assertTrue(store.delete("s"));
        assertFalse(store.delete("s"));
        assertEquals(Optional.empty(), store.get("s"));
        assertEquals(List.of(), store.steps("s"));
        assertEquals(List.of(step("other", "a", "{}")), store.steps("other"), "others keep theirs");
        // the id can be used again, without old steps
        store.insert(sequence("s", SequenceState.CREATED, Instant.EPOCH));
        assertEquals(List.of(), store.steps("s"));
    }

    @Test
    void everythingSurvivesClosingAndReopening() throws Exception {
        TaskDatabase first = openDatabase();
        StoredSequence s = sequence("kept", SequenceState.PAUSED, Instant.EPOCH.plusSeconds(7));
        try {
            first.sequences().insert(s);
            first.sequences().update(s, List.of(step("kept", "a", "{\"state\":\"completed\"}")));
        } finally {
            first.close();
        }
        SequenceStore again = open();
        assertEquals(Optional.of(s), again.get("kept"));
        assertEquals(List.of(step("kept", "a", "{\"state\":\"completed\"}")), again.steps("kept"));
        assertEquals(List.of("kept"), ids(again.unfinished()));
    }
}
