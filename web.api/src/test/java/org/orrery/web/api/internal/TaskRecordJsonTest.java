package org.orrery.web.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.orrery.task.Priority;
import org.orrery.task.ResourceClaim;
import org.orrery.task.RetryPolicy;
import org.orrery.task.Severity;
import org.orrery.task.TaskError;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskSpec;
import org.orrery.task.TaskStatus;

/** A task's API JSON, written field by field: the exact text of every field a task can have. */
class TaskRecordJsonTest {

    static TaskRecord full() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("list", List.of(1, new BigDecimal("2.50"), "x", true));
        nested.put("none", null);
        nested.put("big", 10_000_000_000L);
        TaskSpec spec = TaskSpec.builder("camera.expose").id("t1").name("Dark \"frame\"").parameter("exposure",
                new BigDecimal("12.5")).parameter("options", nested).priority(Priority.URGENT).dependsOn("a1", "a2")
                .timeout(Duration.ofMillis(90_500)).retry(new RetryPolicy(3, Duration.ofSeconds(5), 2.5,
                        Duration.ofMinutes(2), 0.25))
                .resource(ResourceClaim.exclusive("device:camera-main"))
                .tag("night", "calibration").metadata(Map.of("submitted_by", "alice"))
                .notBefore(Instant.parse("2030-01-02T03:04:05.123456789Z")).deadline(Instant.parse("2030-01-03T00:00:00Z"))
                .capability("camera").assignedTo("agent-1").runAlways(true).waitForAction(true)
                .description("darks\nfor the night").createdBy("alice").module("imaging")
                .executionContext(Map.of("site", "roof"))
                .resourceRequirements(new org.orrery.task.ResourceRequirements(2.5, 4, 0, 1)).build();
        return TaskRecord.builder(spec).status(TaskStatus.RETRYING)
                .result(Map.of("frames", List.of("f1.fits"))).error(new TaskError("TaskTimeoutException", "took too long",
                        Severity.HIGH, true)).attempts(2).progress(0.375).progressMessage("exposing 2/3")
                .waitingFor("retry delay").createdAt(Instant.parse("2026-05-06T07:08:09.000000001Z"))
                .startedAt(Instant.parse("2026-05-06T07:09:00Z")).completedAt(Instant.parse("2026-05-06T07:10:00.5Z"))
                .executionTime(Duration.ofNanos(61_000_000_123L)).assignedTo("agent-2").revision(42)
                .checkpoint(Map.of("frames_done", 2)).build();
    }

    static String written(TaskRecord r) throws Exception {
        return ApiJson.MAPPER.writeValueAsString(TaskRecordJson.of(r));
    }

    /** The text the tree of {@code TaskApiJson.record} gave before the answers were streamed (pinned then). */
    static final String FULL = "{\"id\":\"t1\",\"name\":\"Dark \\\"frame\\\"\",\"action\":\"camera.expose\",\"task_type\":\"came"
                + "ra.expose\",\"description\":\"darks\\nfor the night\",\"created_by\":\"alice\",\"execution_conte"
                + "xt\":{\"site\":\"roof\"},\"resource_requirements\":{\"cpu_cores\":2.5,\"memory_gb\":4.0,\"disk_g"
                + "b\":0.0,\"gpu_memory_gb\":1.0},\"parameters\":{\"exposure\":12.5,\"options\":{\"list\":[1,2.50,\""
                + "x\",true],\"none\":null,\"big\":10000000000}},\"status\":\"retrying\",\"result\":{\"frames\":[\""
                + "f1.fits\"]},\"error\":\"took too long\",\"error_detail\":{\"type\":\"TaskTimeoutException\",\"me"
                + "ssage\":\"took too long\",\"severity\":\"high\",\"retryable\":true},\"priority\":\"urgent\",\"de"
                + "pends_on\":[\"a1\",\"a2\"],\"timeout\":90.5,\"max_retries\":3,\"retry_delay\":5.0,\"backoff\":2."
                + "5,\"max_delay\":120.0,\"jitter\":0.25,\"resources\":[{\"name\":\"device:camera-main\",\"type\":\""
                + "custom\",\"mode\":\"exclusive\",\"amount\":1}],\"tags\":[\"calibration\",\"night\"],\"metadata\""
                + ":{\"submitted_by\":\"alice\"},\"not_before\":\"2030-01-02T03:04:05.123456789Z\",\"deadline\":\"2"
                + "030-01-03T00:00:00Z\",\"capability\":\"camera\",\"assigned_to\":\"agent-2\",\"run_always\":true,"
                + "\"wait_for_action\":true,\"attempts\":2,\"retry_count\":1,\"can_retry\":false,\"module\":\"imagi"
                + "ng\",\"progress\":0.375,\"progress_message\":\"exposing 2/3\",\"waiting_for\":\"retry delay\",\""
                + "created_at\":\"2026-05-06T07:08:09.000000001Z\",\"started_at\":\"2026-05-06T07:09:00Z\",\"comple"
                + "ted_at\":\"2026-05-06T07:10:00.500Z\",\"execution_time\":61.000000123,\"checkpoint\":{\"frames_d"
                + "one\":2}}";

    static final String BARE = "{\"id\":\"n\",\"name\":\"system.noop\",\"action\":\"system.noop\",\"task_type\":\"system.noop\","
                + "\"description\":null,\"created_by\":null,\"execution_context\":{},\"resource_requirements\":null"
                + ",\"parameters\":{},\"status\":\"ready\",\"result\":null,\"error\":null,\"error_detail\":null,\"p"
                + "riority\":\"normal\",\"depends_on\":[],\"timeout\":null,\"resources\":[],\"tags\":[],\"metadata\""
                + ":{},\"not_before\":null,\"deadline\":null,\"capability\":null,\"assigned_to\":null,\"run_always\""
                + ":false,\"wait_for_action\":false,\"attempts\":0,\"retry_count\":0,\"can_retry\":false,\"module\""
                + ":null,\"progress\":0.0,\"progress_message\":null,\"waiting_for\":null,\"created_at\":\"1970-01-0"
                + "1T00:00:00Z\",\"started_at\":null,\"completed_at\":null,\"execution_time\":0.0,\"checkpoint\":{}"
                + "}";

    @Test
    void aFullTaskIsWrittenExactlyAsBefore() throws Exception {
        assertEquals(FULL, written(full()));
        assertEquals(FULL, ApiJson.MAPPER.writeValueAsString(TaskApiJson.record(full())), "the tree, for the tests that read one");
    }

    @Test
    void aBareTaskIsWrittenExactlyAsBefore() throws Exception {
        TaskRecord bare = TaskRecord.accepted(TaskSpec.builder("system.noop").id("n").build(), TaskStatus.READY, null,
                Instant.EPOCH);
        assertEquals(BARE, written(bare));
        assertEquals(BARE, ApiJson.MAPPER.writeValueAsString(TaskApiJson.record(bare)));
    }

    @Test
    void aLeaseCarriesTheTaskAsWritten() throws Exception {
        String claim = ApiJson.MAPPER.writeValueAsString(AgentApiJson.leases(List.of(FakeAgents.lease("t1"))));
        String task = written(FakeAgents.lease("t1").task());
        assertEquals(true, claim.contains("\"task\":" + task + "}"), claim);
    }

    @Test
    void aTaskGoesToTheAnswersStreamInOneWrite() throws Exception {
        int[] writes = {0};
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream() {
            @Override
            public synchronized void write(byte[] b, int off, int len) {
                writes[0]++;
                super.write(b, off, len);
            }
        };
        ApiJson.MAPPER.writeValue(out, TaskRecordJson.of(full()));
        // a flush per tree inside it (what writeTree does) was a socket write per tree
        assertEquals(1, writes[0], "writes to the stream");
        assertEquals(FULL, out.toString(java.nio.charset.StandardCharsets.UTF_8));
    }
}
