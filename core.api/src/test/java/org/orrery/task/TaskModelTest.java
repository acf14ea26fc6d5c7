package org.orrery.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class TaskModelTest {

    @Test
    void aResultKeepsItsNullsAndItsOrder() {
        java.util.Map<String, Object> result = new java.util.LinkedHashMap<>();
        result.put("exit_code", 0);
        result.put("peak_memory_bytes", null); // not measured: JSON null
        result.put("cpu_seconds", 0.25);
        result.put("duration", "PT1S");
        TaskRecord record = TaskRecord.builder(TaskSpec.builder("system.noop").id("t").build())
                .status(TaskStatus.COMPLETED).createdAt(java.time.Instant.EPOCH).result(result).build();
        assertEquals(List.of("exit_code", "peak_memory_bytes", "cpu_seconds", "duration"), List.copyOf(record.result().keySet()));
        assertTrue(record.result().containsKey("peak_memory_bytes"));
        assertThrows(UnsupportedOperationException.class, () -> record.result().put("x", 1));
    }

    @Test
    void terminalStatusesOnlyLeaveThroughARetry() {
        assertTrue(TaskStatus.COMPLETED.next().isEmpty());
        assertEquals(java.util.Set.of(TaskStatus.PENDING), TaskStatus.FAILED.next());
        assertEquals(java.util.Set.of(TaskStatus.PENDING), TaskStatus.CANCELLED.next());
        assertFalse(TaskStatus.PENDING.canChangeTo(TaskStatus.RUNNING), "a task becomes READY before it runs");
        assertFalse(TaskStatus.RUNNING.canChangeTo(TaskStatus.PAUSED), "a running task cannot be paused");
        assertTrue(TaskStatus.RUNNING.canChangeTo(TaskStatus.RETRYING));
    }

    @Test
    void statusAndPriorityParseTheirJsonNames() {
        assertEquals(TaskStatus.RUNNING, TaskStatus.parse("running"));
        assertEquals("retrying", TaskStatus.RETRYING.id());
        assertEquals(Priority.HIGH, Priority.parse("high"));
        assertEquals(Priority.URGENT, Priority.parse("4"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TaskStatus.parse("done"));
        assertTrue(e.getMessage().contains("'done'"));
        assertThrows(IllegalArgumentException.class, () -> Priority.of(6));
    }

    @Test
    void retryDelaysGrowByTheBackoffUpToTheCap() {
        RetryPolicy policy = new RetryPolicy(5, Duration.ofSeconds(1), 2, Duration.ofSeconds(5), 0);
        assertEquals(Duration.ofSeconds(1), policy.delayBefore(1, 0.5));
        assertEquals(Duration.ofSeconds(2), policy.delayBefore(2, 0.5));
        assertEquals(Duration.ofSeconds(4), policy.delayBefore(3, 0.5));
        assertEquals(Duration.ofSeconds(5), policy.delayBefore(4, 0.5));
    }

    @Test
    void jitterVariesTheDelayWithinItsShare() {
        RetryPolicy policy = new RetryPolicy(1, Duration.ofSeconds(10), 1, Duration.ofSeconds(20), 0.2);
        assertEquals(Duration.ofSeconds(8), policy.delayBefore(1, 0.0));
        assertEquals(Duration.ofSeconds(10), policy.delayBefore(1, 0.5));
        assertTrue(policy.delayBefore(1, 0.999).compareTo(Duration.ofSeconds(12)) <= 0);
    }

    @Test
    void badPoliciesAreRefusedWithTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RetryPolicy(-1, Duration.ZERO, 1, Duration.ZERO, 0));
        assertTrue(e.getMessage().contains("max_retries"));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(1, Duration.ZERO, 0.5, Duration.ZERO, 0));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(1, Duration.ZERO, 1, Duration.ZERO, 2));
    }

    @Test
    void specDefaultsAndCopies() {
        TaskSpec spec = TaskSpec.builder("system.noop").parameter("a", 1).dependsOn("x", "x", "y").build();
        assertEquals("system.noop", spec.name());
        assertEquals(Priority.NORMAL, spec.priority());
        assertEquals(List.of("x", "y"), spec.dependsOn());
        assertThrows(UnsupportedOperationException.class, () -> spec.parameters().put("b", 2));
        assertEquals(Map.of("a", 1), spec.parameters());
        assertThrows(IllegalArgumentException.class, () -> TaskSpec.builder("a").timeout(Duration.ZERO).build());
    }

    @Test
    void eventTypesUseSeedNamesAndTopics() {
        assertEquals("task_scheduled", TaskEvent.Type.SCHEDULED.id());
        assertEquals("org/orrery/task/COMPLETED", TaskEvent.Type.COMPLETED.topic());
    }

    @Test
    void exceptionsCarrySeverityAndRetryability() {
        TaskError timeout = new TaskTimeoutException("took too long").toError();
        assertEquals("TaskTimeoutException", timeout.type());
        assertTrue(timeout.retryable());
        assertFalse(new TaskParameterException("bad").toError().retryable());
        assertEquals("IllegalStateException", TaskError.of(new IllegalStateException("x")).type());
    }

    @Test
    void moduleIsAFieldTakenFromMetadataOnlyWhenNotGiven() {
        TaskSpec given = TaskSpec.builder("a").module("static_analysis").build();
        assertEquals("static_analysis", given.module());
        assertEquals(given, given.toBuilder().build());
        TaskSpec legacy = TaskSpec.builder("a").metadata(java.util.Map.of("module", "environment_setup")).build();
        assertEquals("environment_setup", legacy.module(), "how tasks carried it before 2.4");
        assertEquals(java.util.Map.of("module", "environment_setup"), legacy.metadata(), "metadata kept");
        assertEquals("own", TaskSpec.builder("a").module("own").metadata(java.util.Map.of("module", "old")).build().module());
        assertEquals(null, TaskSpec.builder("a").metadata(java.util.Map.of("module", 7)).build().module());
        assertEquals(null, TaskSpec.builder("a").module(" ").build().module());
        TaskRecord r = TaskRecord.accepted(given.withId("t"), TaskStatus.PENDING, null, java.time.Instant.EPOCH);
        assertTrue(TaskQuery.all().withModule("static_analysis").matches(r));
        assertTrue(!TaskQuery.all().withModule("other").matches(r));
        assertTrue(TaskQuery.all().matches(r));
    }
}
