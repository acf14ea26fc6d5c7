package org.orrery.core.scheduler.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

import org.orrery.task.TaskPage;
import org.orrery.task.TaskQuery;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskStore;

/**
 * Keeps tasks in memory only: what the scheduler uses when no durable store is installed.
 * For tests and benchmarks of the engine: it is not registered as a service, so the scheduler
 * never silently falls back to memory when the durable store is stopped (it stops too, and
 * takes up the store's unfinished tasks when the store is back). Listing is by key (creation time, then id), so a
 * page costs the same however deep it is.
 */
public final class InMemoryTaskStore implements TaskStore {

    record Key(Instant createdAt, String id) {
        static final Comparator<Key> ORDER = Comparator.comparing(Key::createdAt).thenComparing(Key::id);

        String cursor() {
            return createdAt.getEpochSecond() + "." + createdAt.getNano() + ":" + id;
        }

        static Key parse(String cursor) {
            int colon = cursor.indexOf(':');
            int dot = cursor.indexOf('.');
            if (colon < 0 || dot < 0 || dot > colon) {
                throw new IllegalArgumentException("not a task cursor: '" + cursor + "'");
            }
            try {
                Instant at = Instant.ofEpochSecond(Long.parseLong(cursor.substring(0, dot)),
                        Long.parseLong(cursor.substring(dot + 1, colon)));
                return new Key(at, cursor.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a task cursor: '" + cursor + "'");
            }
        }
    }

    /** Ids in listing order; a task's key never changes, so only new tasks touch it. */
    private final NavigableMap<Key, String> byCreation = new TreeMap<>(Key.ORDER);
    private final Map<String, TaskRecord> records = new HashMap<>();

    @Override
    public synchronized void save(Collection<TaskRecord> tasks) {
        for (TaskRecord task : tasks) {
            if (records.put(task.id(), task) == null) {
                byCreation.put(new Key(task.createdAt(), task.id()), task.id());
            }
        }
    }

    @Override
    public synchronized Optional<TaskRecord> get(String id) {
        return Optional.ofNullable(records.get(id));
    }

    @Override
    public synchronized TaskPage list(TaskQuery query) {
        NavigableMap<Key, String> tail = query.after() == null ? byCreation
                : byCreation.tailMap(Key.parse(query.after()), false);
        List<TaskRecord> page = new ArrayList<>();
        Key last = null;
        for (Map.Entry<Key, String> entry : tail.entrySet()) {
            TaskRecord task = records.get(entry.getValue());
            if (!query.matches(task)) {
                continue;
            }
            if (page.size() == query.limit()) {
                return new TaskPage(page, last.cursor());
            }
            page.add(task);
            last = entry.getKey();
        }
        return new TaskPage(page, null);
    }

    @Override
    public synchronized List<TaskRecord> unfinished() {
        return byCreation.values().stream().map(records::get).filter(t -> !t.status().isTerminal()).toList();
    }

    synchronized int size() {
        return records.size();
    }
}
