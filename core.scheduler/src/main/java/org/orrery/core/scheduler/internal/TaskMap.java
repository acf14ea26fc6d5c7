package org.orrery.core.scheduler.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.orrery.task.TaskRecord;

/**
 * The engine's tasks in memory by id, counting them by status as they come, go and change (so the
 * statistics need not walk every task under the lock). Only {@link #put} and {@link #remove} may
 * change it; the entries it holds change their record through {@link TaskEntry#record(TaskRecord)}.
 * Guarded by the engine's lock.
 */
final class TaskMap extends HashMap<String, TaskEntry> {

    private static final long serialVersionUID = 1L;

    private final transient EngineStatistics.Counts counts = new EngineStatistics.Counts();

    @Override
    public TaskEntry put(String id, TaskEntry e) {
        TaskEntry old = super.put(id, e);
        leave(old);
        e.countedIn = counts;
        counts.add(e.record.status(), e.spec().action());
        return old;
    }

    @Override
    public TaskEntry remove(Object id) {
        TaskEntry old = super.remove(id);
        leave(old);
        return old;
    }

    private void leave(TaskEntry old) {
        if (old != null && old.countedIn == counts) {
            counts.remove(old.record.status(), old.spec().action());
            old.countedIn = null;
        }
    }

    /** The tasks held, by status (as counted while they changed). */
    EngineStatistics.Counts counts() {
        return counts;
    }

    /**
     * Fails when the tasks held, counted one by one, differ from the counts kept as they changed
     * (for tests). @return true
     */
    boolean checkCounts() {
        EngineStatistics.Counts all = new EngineStatistics.Counts();
        for (TaskEntry e : values()) {
            all.add(e.record.status(), e.spec().action());
        }
        if (!counts.sameAs(all)) {
            throw new AssertionError("the counts kept (" + counts + ") differ from a full count (" + all + ")");
        }
        return true;
    }

    // every other way to change the map would bypass the counts
    @Override
    public void putAll(Map<? extends String, ? extends TaskEntry> m) {
        throw new UnsupportedOperationException();
    }

    @Override
    public TaskEntry putIfAbsent(String key, TaskEntry value) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean remove(Object key, Object value) {
        throw new UnsupportedOperationException();
    }

    @Override
    public TaskEntry replace(String key, TaskEntry value) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean replace(String key, TaskEntry oldValue, TaskEntry newValue) {
        throw new UnsupportedOperationException();
    }

    @Override
    public TaskEntry computeIfAbsent(String key, Function<? super String, ? extends TaskEntry> f) {
        throw new UnsupportedOperationException();
    }

    @Override
    public TaskEntry computeIfPresent(String key, BiFunction<? super String, ? super TaskEntry, ? extends TaskEntry> f) {
        throw new UnsupportedOperationException();
    }

    @Override
    public TaskEntry compute(String key, BiFunction<? super String, ? super TaskEntry, ? extends TaskEntry> f) {
        throw new UnsupportedOperationException();
    }

    @Override
    public TaskEntry merge(String key, TaskEntry value, BiFunction<? super TaskEntry, ? super TaskEntry, ? extends TaskEntry> f) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void replaceAll(BiFunction<? super String, ? super TaskEntry, ? extends TaskEntry> f) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void clear() {
        throw new UnsupportedOperationException();
    }
}
