package org.orrery.astro.sky.internal;

/**
 * A small direct-mapped cache of values per instant (epoch milliseconds): lock-free, an entry
 * replaced by a later one of the same slot. Values must be immutable, or at least never changed
 * after {@link #put}. The slot is the instant's number of {@code unit}s modulo the size, so that
 * consecutive units (the hours of a night, the 5-minute steps of a planner's search) never evict
 * each other; a multiplicative hash of the milliseconds put consecutive hours into 3 of 16 slots,
 * and a night's search recomputed the hourly frame for every target.
 */
final class InstantCache<V> {

    private record Entry<V>(long key, V value) {
    }

    private final Entry<V>[] slots;
    private final long unit;

    /** @param unitMillis the keys' usual spacing (an hour for hourly keys, a minute otherwise) */
    @SuppressWarnings("unchecked")
    InstantCache(int size, long unitMillis) {
        slots = new Entry[size];
        unit = unitMillis;
    }

    V get(long key) {
        Entry<V> e = slots[slot(key)];
        return e != null && e.key() == key ? e.value() : null;
    }

    void put(long key, V value) {
        slots[slot(key)] = new Entry<>(key, value);
    }

    private int slot(long key) {
        return (int) Math.floorMod(Math.floorDiv(key, unit), (long) slots.length);
    }
}
