package org.orrery.core.sequence.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.orrery.sequence.SequenceState;
import org.orrery.sequence.SequenceStore;
import org.orrery.sequence.StoredSequence;
import org.orrery.sequence.StoredStep;
import org.orrery.task.TaskStoreException;

/** A {@link SequenceStore} in memory, for tests: it outlives the runners a test crashes and restarts. */
final class InMemorySequenceStore implements SequenceStore {

    private final Map<String, StoredSequence> sequences = new LinkedHashMap<>();
    private final Map<String, Map<String, StoredStep>> steps = new LinkedHashMap<>();
    /** How many updates were made (each one transaction). */
    int updates;
    /** While set, every update fails (a database that is down). */
    volatile boolean failing;

    @Override
    public synchronized void insert(StoredSequence sequence) throws TaskStoreException {
        if (sequences.containsKey(sequence.id())) {
            throw new TaskStoreException("sequence " + sequence.id() + " exists", null);
        }
        sequences.put(sequence.id(), sequence);
        steps.put(sequence.id(), new LinkedHashMap<>());
    }

    @Override
    public synchronized void update(StoredSequence sequence, Collection<StoredStep> changed) throws TaskStoreException {
        if (!sequences.containsKey(sequence.id())) {
            throw new TaskStoreException("no sequence " + sequence.id(), null);
        }
        if (failing) {
            throw new TaskStoreException("the database is down", null);
        }
        updates++;
        sequences.put(sequence.id(), sequence);
        changed.forEach(s -> steps.get(sequence.id()).put(s.key(), s));
    }

    @Override
    public synchronized Optional<StoredSequence> get(String id) {
        return Optional.ofNullable(sequences.get(id));
    }

    @Override
    public synchronized List<StoredStep> steps(String sequenceId) {
        return new ArrayList<>(steps.getOrDefault(sequenceId, Map.of()).values());
    }

    @Override
    public synchronized List<StoredSequence> list(Set<SequenceState> states, String afterId, int limit) {
        List<StoredSequence> all = sequences.values().stream()
                .filter(s -> states.isEmpty() || states.contains(s.state()))
                .sorted(Comparator.comparing(StoredSequence::createdAt).thenComparing(StoredSequence::id)).toList();
        int from = 0;
        if (afterId != null) {
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).id().equals(afterId)) {
                    from = i + 1;
                }
            }
        }
        return all.subList(Math.min(from, all.size()), Math.min(all.size(), from + limit));
    }

    @Override
    public synchronized List<StoredSequence> unfinished() {
        return sequences.values().stream().filter(s -> !s.state().isTerminal()).toList();
    }

    @Override
    public synchronized boolean delete(String id) {
        steps.remove(id);
        return sequences.remove(id) != null;
    }
}
