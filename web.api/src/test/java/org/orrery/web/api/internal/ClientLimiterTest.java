package org.orrery.web.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClientLimiterTest {

    @Test
    void aClientPastItsBoundIsRefusedAndOthersAreNot() {
        ClientLimiter limiter = new ClientLimiter(2);
        assertTrue(limiter.acquire("stalling"));
        assertTrue(limiter.acquire("stalling"));
        assertFalse(limiter.acquire("stalling"));
        assertEquals(2, limiter.inProgress("stalling"));
        assertTrue(limiter.acquire("admin"));
    }

    @Test
    void aFinishedRequestFreesItsPlace() {
        ClientLimiter limiter = new ClientLimiter(1);
        assertTrue(limiter.acquire("op"));
        assertFalse(limiter.acquire("op"));
        limiter.release("op");
        assertEquals(0, limiter.inProgress("op"));
        assertTrue(limiter.acquire("op"));
    }
}
