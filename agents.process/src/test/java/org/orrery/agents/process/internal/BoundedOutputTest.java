package org.orrery.agents.process.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class BoundedOutputTest {

    private static BoundedOutput drained(int limit, String text) throws Exception {
        BoundedOutput out = new BoundedOutput(limit);
        out.drain(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        return out;
    }

    @Test
    void outputUpToTheLimitIsKeptWhole() throws Exception {
        BoundedOutput out = drained(10, "0123456789");
        assertEquals("0123456789", out.text());
        assertFalse(out.truncated());
        assertEquals(10, out.total());
    }

    @Test
    void beyondTheLimitTheHeadAndTheTailAreKept() throws Exception {
        BoundedOutput out = drained(10, "abcdefghijklmnopqrstuvwxyz");
        assertTrue(out.truncated());
        assertEquals(26, out.total());
        assertEquals("abcde\n[… 16 bytes left out …]\nvwxyz", out.text());
        assertEquals("…xyz", out.lastChars(3));
    }

    @Test
    void manySmallWritesWrapTheTailInOrder() {
        BoundedOutput out = new BoundedOutput(6);
        for (char c = 'a'; c <= 'z'; c++) {
            out.append(new byte[] {(byte) c}, 1);
        }
        assertEquals("abc\n[… 20 bytes left out …]\nxyz", out.text());
    }
}
