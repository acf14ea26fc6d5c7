package org.orrery.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AuditLoggerTest {

    @Test
    void secretsInQueryStringsAndFormsAreMasked() {
        assertEquals("/api/v1/tasks?access_token=****&status=pending",
                AuditLogger.mask("/api/v1/tasks?access_token=orrery_abc_def&status=pending"));
        assertEquals("/x?user=bob&password=****", AuditLogger.mask("/x?user=bob&password=hunter22"));
        assertEquals("/x?.password=****;client_secret=****&api-key=****",
                AuditLogger.mask("/x?.password=a;client_secret=b&api-key=c"));
        assertEquals("/api/v1/ws?ticket=****&type=task_completed",
                AuditLogger.mask("/api/v1/ws?ticket=Zm9vYmFy-_x&type=task_completed"), "a stream ticket");
        assertEquals("/api/v1/tasks?status=pending&tag=night", AuditLogger.mask("/api/v1/tasks?status=pending&tag=night"));
    }

    @Test
    void aPathWithoutParametersStaysAsItIs() {
        String path = "/api/v1/agents/gpu-1/tasks/t1/complete";
        assertEquals(path, AuditLogger.mask(path));
        assertEquals("/x/token/abc", AuditLogger.mask("/x/token/abc"), "a secret's name without a value is no parameter");
    }

    @Test
    void lineBreaksAndTabsBecomeUnderscores() {
        assertEquals("a_b_c_d", AuditLogger.oneLine("a\rb\nc\td"));
        assertEquals("plain", AuditLogger.oneLine("plain"));
    }
}
