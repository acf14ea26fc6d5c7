package org.orrery.store.files.internal;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Recently read contents, bounded by their total bytes, least recently used first out. An entry
 * remembers the file's identity on disk when it was read ({@link Stamp}); a get with another
 * stamp is a miss, so a file changed behind the store's back is not served stale either. A
 * capacity of 0 turns the cache off. Thread-safe.
 */
final class ReadCache {

    /** What identifies a version of a file: its inode (or null), modification time and stored size. */
    record Stamp(Object fileKey, long modifiedNanos, long storedSize) {
    }

    private record Entry(Stamp stamp, byte[] content) {
    }

    private final long capacity;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    ReadCache(long capacity) {
        this.capacity = Math.max(0, capacity);
    }

    /** The content cached for {@code path} at {@code stamp}, or null. The caller must not change it. */
    synchronized byte[] get(String path, Stamp stamp) {
        Entry e = entries.get(path);
        if (e == null) {
            return null;
        }
        if (!e.stamp().equals(stamp)) {
            remove(path);
            return null;
        }
        return e.content();
    }

    /** Keeps {@code content}, unless it alone is more than a quarter of the capacity. */
    synchronized void put(String path, Stamp stamp, byte[] content) {
        if (capacity == 0 || content.length > capacity / 4) {
            return;
        }
        remove(path);
        entries.put(path, new Entry(stamp, content));
        bytes += content.length;
        Iterator<Map.Entry<String, Entry>> eldest = entries.entrySet().iterator();
        while (bytes > capacity && eldest.hasNext()) {
            bytes -= eldest.next().getValue().content().length;
            eldest.remove();
        }
    }

    synchronized void remove(String path) {
        Entry e = entries.remove(path);
        if (e != null) {
            bytes -= e.content().length;
        }
    }

    synchronized long bytes() {
        return bytes;
    }

    boolean enabled() {
        return capacity > 0;
    }
}
