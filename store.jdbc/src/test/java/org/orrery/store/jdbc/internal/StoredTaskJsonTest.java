package org.orrery.store.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.orrery.task.ResourceClaim;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskSpec;
import org.orrery.task.TaskStatus;

/** The store's record format keeps the value model of parameters, metadata and results (core.api README). */
class StoredTaskJsonTest {

    /** The class of every value, nested ones included, as {@code name=Class}. */
    static Map<String, String> classes(Map<String, Object> values) {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> describe(k, v, out));
        return out;
    }

    private static void describe(String at, Object v, Map<String, String> out) {
        if (v instanceof Map<?, ?> m) {
            out.put(at, "Map");
            m.forEach((k, x) -> describe(at + "." + k, x, out));
        } else if (v instanceof List<?> l) {
            out.put(at, "List");
            for (int i = 0; i < l.size(); i++) {
                describe(at + "[" + i + "]", l.get(i), out);
            }
        } else {
            out.put(at, v == null ? "null" : v.getClass().getSimpleName());
        }
    }

    @Test
    void numbersComeBackAsTheValueModelsTypes() throws Exception {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("exposure", 100);
        parameters.put("gain", new BigDecimal("1.50"));
        parameters.put("whole", new BigDecimal("2.0"));
        parameters.put("huge", new BigDecimal("1E+999"));
        parameters.put("nanos", 12_345_678_901L);
        parameters.put("id", new BigInteger("123456789012345678901234567890"));
        parameters.put("list", List.of(1, new BigDecimal("0.1"), "x", true));
        parameters.put("nested", Map.of("ra", new BigDecimal("83.822")));
        TaskSpec spec = TaskSpec.builder("system.echo").id("v1").parameters(parameters).metadata(parameters).build();
        TaskRecord task = TaskRecord.accepted(spec, TaskStatus.READY, null, java.time.Instant.parse("2026-01-01T00:00:00Z"));

        TaskRecord back = new StoredTaskJson().read(new StoredTaskJson().write(task));

        Map<String, String> expected = Map.ofEntries(Map.entry("exposure", "Integer"), Map.entry("gain", "BigDecimal"), Map.entry("whole", "BigDecimal"),
                Map.entry("huge", "BigDecimal"), Map.entry("nanos", "Long"), Map.entry("id", "BigInteger"),
                Map.entry("list", "List"), Map.entry("list[0]", "Integer"), Map.entry("list[1]", "BigDecimal"),
                Map.entry("list[2]", "String"), Map.entry("list[3]", "Boolean"), Map.entry("nested", "Map"),
                Map.entry("nested.ra", "BigDecimal"));
        assertEquals(expected, classes(parameters));
        assertEquals(expected, classes(back.spec().parameters()));
        assertEquals(expected, classes(back.spec().metadata()));
        assertEquals(parameters, back.spec().parameters());
    }

    @Test
    void resourceClaimsKeepTheirTypeAndOnesStoredWithoutATypeAreCustom() throws Exception {
        List<ResourceClaim> claims = List.of(new ResourceClaim("system_cpu", ResourceClaim.Type.CPU, ResourceClaim.Mode.READ, 2),
                new ResourceClaim("openai_api", ResourceClaim.Type.EXTERNAL_API, ResourceClaim.Mode.EXCLUSIVE, 1),
                new ResourceClaim("results", ResourceClaim.Type.DATABASE, ResourceClaim.Mode.WRITE, 1),
                ResourceClaim.shared("device:mount-1"));
        TaskSpec spec = TaskSpec.builder("system.echo").id("r1").resources(claims).build();
        StoredTaskJson json = new StoredTaskJson();
        String stored = json.write(TaskRecord.accepted(spec, TaskStatus.READY, null, java.time.Instant.EPOCH));

        assertEquals(claims, json.read(stored).spec().resources());
        // as a task stored before claims had a type (format 1 without "type")
        String untyped = stored.replaceAll(",?\\s*\"type\"\\s*:\\s*\"[A-Z_]+\"", "");
        assertEquals(List.of(ResourceClaim.Type.CUSTOM), json.read(untyped).spec().resources().stream()
                .map(ResourceClaim::type).distinct().toList());
    }

    @Test
    void theCheckpointIsKeptWithItsTypes() throws Exception {
        Map<String, Object> checkpoint = new LinkedHashMap<>();
        checkpoint.put("frames_done", 6);
        checkpoint.put("files", List.of("a.fits", "b.fits"));
        checkpoint.put("hfr", new BigDecimal("2.50"));
        checkpoint.put("nothing", null);
        TaskSpec spec = TaskSpec.builder("camera.expose").id("c1").build();
        TaskRecord task = TaskRecord.accepted(spec, TaskStatus.RUNNING, null, java.time.Instant.EPOCH).toBuilder()
                .checkpoint(checkpoint).build();
        StoredTaskJson json = new StoredTaskJson();

        TaskRecord back = json.read(json.write(task));

        assertEquals(task, back);
        assertEquals(classes(checkpoint), classes(back.checkpoint()));
        TaskRecord none = TaskRecord.accepted(spec, TaskStatus.READY, null, java.time.Instant.EPOCH);
        assertEquals(Map.of(), json.read(json.write(none)).checkpoint());
    }

    @Test
    void aRecordWrittenBeforeSeed004sFieldsStillReads() throws Exception {
        String old = "{\"format\":1,\"spec\":{\"id\":\"o1\",\"name\":\"old\",\"action\":\"camera.expose\","
                + "\"parameters\":{},\"priority\":\"NORMAL\",\"depends_on\":[],\"resources\":[],\"tags\":[],"
                + "\"metadata\":{},\"run_always\":false,\"wait_for_action\":false},\"status\":\"COMPLETED\","
                + "\"attempts\":1,\"progress\":1.0,\"created_at\":\"2026-01-01T00:00:00Z\","
                + "\"execution_time\":\"PT1S\",\"revision\":3}";
        TaskRecord back = new StoredTaskJson().read(old);
        assertEquals("old", back.spec().name());
        assertEquals(null, back.spec().description());
        assertEquals(null, back.spec().createdBy());
        assertEquals(Map.of(), back.spec().executionContext());
        assertEquals(null, back.spec().resourceRequirements());
    }

    @Test
    void aSpecEncodedOnceIsWrittenAsAFreshWriterWritesItUntilItChangesOrItsTaskEnds() throws Exception {
        TaskSpec spec = TaskSpec.builder("system.echo").id("s1").name("first").parameters(Map.of("gain", new BigDecimal("1.50")))
                .tags(java.util.Set.of("b", "a")).build();
        TaskRecord ready = TaskRecord.accepted(spec, TaskStatus.READY, null, java.time.Instant.parse("2026-01-01T00:00:00Z"));
        TaskRecord running = ready.toBuilder().status(TaskStatus.RUNNING).attempts(1).revision(1).build();
        StoredTaskJson json = new StoredTaskJson();

        assertEquals(new StoredTaskJson().write(ready), json.write(ready));
        assertEquals(1, json.cachedSpecs());
        assertEquals(new StoredTaskJson().write(running), json.write(running), "the same spec object, written from the cache");

        TaskSpec renamed = TaskSpec.builder("system.echo").id("s1").name("second").build();
        TaskRecord updated = TaskRecord.builder(renamed).status(TaskStatus.READY).revision(2)
                .createdAt(ready.createdAt()).build();
        String written = json.write(updated);
        assertEquals(new StoredTaskJson().write(updated), written);
        assertEquals("second", json.read(written).spec().name(), "a new spec object is encoded anew");

        TaskRecord done = updated.toBuilder().status(TaskStatus.COMPLETED).revision(3).build();
        assertEquals(new StoredTaskJson().write(done), json.write(done));
        assertEquals(0, json.cachedSpecs(), "an ended task's spec is not kept");
    }
}
