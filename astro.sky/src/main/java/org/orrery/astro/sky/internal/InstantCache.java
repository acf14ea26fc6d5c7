package org.orrery.astro.sky.internal;

/**
 * A small direct-mapped cache of values per instant (epoch milliseconds): lock-free, an entry
 * replaced by a later one of the same slot. Values must be immutable, or at least never changed
 * after {@link #put}.
 */
final class InstantCache<V> {

    private record Entry<V>(long key, V value) {
    }

    private final Entry<V>[] slots;

    @SuppressWarnings("unchecked")
    InstantCache(int size) {
        slots = new Entry[size];
    }

    V get(long key) {
        Entry<V> e = slots[slot(key)];
        return e != null && e.key() == key ? e.value() : null;
    }

    void put(long key, V value) {
        slots[slot(key)] = new Entry<>(key, value);
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) ((h >>> 40) % slots.length);
    }
}
