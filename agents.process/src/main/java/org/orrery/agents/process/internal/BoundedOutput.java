package org.orrery.agents.process.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * What a process wrote to one stream, bounded: the first half of the limit and the last half are
 * kept, the bytes between are counted and dropped. Filled by one reader thread; read once it ended.
 */
final class BoundedOutput {

    private final byte[] head;
    private final byte[] tail;
    private int headLength;
    /** Bytes written to {@link #tail} in total (it is a ring). */
    private long tailWritten;
    private long total;

    BoundedOutput(int limit) {
        head = new byte[limit / 2];
        tail = new byte[limit - limit / 2];
    }

    /** Reads the stream to its end (or until it is closed under it). */
    void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) >= 0;) {
            append(buffer, n);
        }
    }

    synchronized void append(byte[] bytes, int length) {
        total += length;
        int i = 0;
        int toHead = Math.min(length, head.length - headLength);
        System.arraycopy(bytes, 0, head, headLength, toHead);
        headLength += toHead;
        i += toHead;
        for (; i < length; i++) {
            tail[(int) (tailWritten++ % tail.length)] = bytes[i];
        }
    }

    synchronized long total() {
        return total;
    }

    synchronized boolean truncated() {
        return tailWritten > tail.length;
    }

    /** The text kept, with a line saying how many bytes were left out where they were. */
    synchronized String text() {
        StringBuilder text = new StringBuilder(new String(head, 0, headLength, StandardCharsets.UTF_8));
        int kept = (int) Math.min(tailWritten, tail.length);
        if (truncated()) {
            text.append("\n[… ").append(tailWritten - tail.length).append(" bytes left out …]\n");
        }
        byte[] end = new byte[kept];
        int start = (int) (tailWritten % tail.length);
        for (int i = 0; i < kept; i++) {
            end[i] = tail[kept < tail.length ? i : (start + i) % tail.length];
        }
        return text.append(new String(end, StandardCharsets.UTF_8)).toString();
    }

    /** The last {@code chars} characters kept (for an error message). */
    String lastChars(int chars) {
        String all = text();
        return all.length() <= chars ? all : "…" + all.substring(all.length() - chars);
    }
}
