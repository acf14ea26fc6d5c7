package org.orrery.files;

/**
 * What a file store has done since it started.
 *
 * @param reads files read (from disk or cache)
 * @param writes files written
 * @param deletes files deleted
 * @param cacheHits reads answered from the read cache
 * @param cacheMisses cached reads that had to go to disk
 * @param cacheBytes bytes the read cache holds now
 * @param bytesRead content bytes returned by reads
 * @param bytesWritten content bytes written
 */
public record FileStoreMetrics(long reads, long writes, long deletes, long cacheHits, long cacheMisses, long cacheBytes,
        long bytesRead, long bytesWritten) {
}
