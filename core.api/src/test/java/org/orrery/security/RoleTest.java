package org.orrery.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class RoleTest {

    @Test
    void rolesIncludeTheLowerOnes() {
        assertTrue(Role.ADMIN.includes(Role.OPERATOR));
        assertTrue(Role.OPERATOR.includes(Role.VIEWER));
        assertFalse(Role.VIEWER.includes(Role.OPERATOR));
        assertEquals(Role.OPERATOR, Role.fromId("Operator"));
    }

    @Test
    void anAgentStandsOutsideTheChainAndOnlyAnAdminMayActForIt() {
        assertTrue(Role.AGENT.includes(Role.AGENT));
        assertTrue(Role.ADMIN.includes(Role.AGENT));
        assertFalse(Role.AGENT.includes(Role.VIEWER));
        assertFalse(Role.AGENT.includes(Role.OPERATOR));
        assertFalse(Role.AGENT.includes(Role.ADMIN));
        assertFalse(Role.OPERATOR.includes(Role.AGENT));
        assertFalse(Role.VIEWER.includes(Role.AGENT));
        assertEquals(Role.AGENT, Role.fromId("agent"));
        assertEquals("agent", Role.AGENT.id());
    }

    @Test
    void aThrottledLoginRoundsItsWaitUpToWholeSeconds() {
        assertEquals(2, Authentication.throttled(Duration.ofMillis(1500)).retryAfterSeconds());
        assertEquals(1, Authentication.throttled(Duration.ofMillis(1)).retryAfterSeconds());
        assertEquals(0, Authentication.REFUSED.retryAfterSeconds());
    }

    @Test
    void theAuditLogHoldsChangesAndRefusalsNotAnsweredReads() {
        assertTrue(AuditLog.isRecorded("POST", 201));
        assertTrue(AuditLog.isRecorded("DELETE", 500));
        assertTrue(AuditLog.isRecorded("GET", 401));
        assertTrue(AuditLog.isRecorded("GET", 403));
        assertTrue(AuditLog.isRecorded("HEAD", 429));
        assertFalse(AuditLog.isRecorded("GET", 200));
        assertFalse(AuditLog.isRecorded("OPTIONS", 404));
    }
}
