package org.orrery.web.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.orrery.security.Role;
import org.orrery.task.ResourceClaim;
import org.orrery.task.ResourceClaim.Mode;
import org.orrery.task.ResourceClaim.Type;
import org.orrery.task.ResourceState;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskSpec;
import org.orrery.task.TaskStatus;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Seed 003's resource claims over REST ({@code type}, {@code identifier}, modes) and
 * {@code GET /resources}: who holds what and who waits.
 */
class ResourcesServletTest {

    private final FakeScheduler scheduler = new FakeScheduler();
    private final ResourcesServlet servlet = new ResourcesServlet(scheduler);

    private JsonNode get(String pathInfo, Map<String, String[]> query, int status) throws Exception {
        FakeHttp http = new FakeHttp();
        servlet.doGet(FakeHttp.request("GET", "/resources", pathInfo, Role.VIEWER, query, null, null, Map.of()), http.response());
        assertEquals(status, http.status, http.body());
        return ApiJson.MAPPER.readTree(http.body());
    }

    // ------------------------------------------------------------------ claims in task JSON

    @Test
    void aClaimTakesSeed003sTypeAndModeAndIsWrittenBackWithThem() throws Exception {
        TaskSpec spec = TaskApiJsonTest.spec("{\"action\": \"a\", \"resources\": ["
                + "{\"name\": \"system_cpu\", \"type\": \"cpu\", \"mode\": \"read\", \"amount\": 2},"
                + "{\"identifier\": \"openai_api\", \"type\": \"EXTERNAL_API\", \"mode\": \"exclusive\"},"
                + "{\"name\": \"results\", \"type\": \"database\", \"mode\": \"write\"},"
                + "{\"name\": \"device:mount-1\", \"mode\": \"read\"}, {\"name\": \"lamp\"}], \"id\": \"t1\"}");
        assertEquals(List.of(new ResourceClaim("system_cpu", Type.CPU, Mode.READ, 2),
                new ResourceClaim("openai_api", Type.EXTERNAL_API, Mode.EXCLUSIVE, 1),
                new ResourceClaim("results", Type.DATABASE, Mode.WRITE, 1),
                new ResourceClaim("device:mount-1", Type.CUSTOM, Mode.READ, 1),
                new ResourceClaim("lamp", Type.CUSTOM, Mode.EXCLUSIVE, 1)), spec.resources(),
                "as before: no type is custom, no mode exclusive, no amount 1");
        JsonNode written = TaskApiJson.record(TaskRecord.accepted(spec, TaskStatus.READY, null, java.time.Instant.EPOCH)).get("resources");
        assertEquals("{\"name\":\"openai_api\",\"type\":\"external_api\",\"mode\":\"exclusive\",\"amount\":1}",
                written.get(1).toString());
        assertEquals(spec.resources(), TaskApiJsonTest.spec("{\"action\": \"a\", \"resources\": " + written + "}").resources(),
                "what GET answers can be submitted again");
    }

    @Test
    void anUnknownTypeIsRefusedNamingTheFieldTheAllowedTypesAndWhatWasFound() {
        String message = TaskApiJsonTest.refusal("{\"action\": \"a\", \"resources\": [{\"name\": \"x\", \"mode\": \"read\"},"
                + " {\"name\": \"gpu0\", \"type\": \"graphics\"}]}");
        assertTrue(message.contains("'resources[1].type'"), message);
        assertTrue(message.contains("[cpu, memory, gpu, disk, network, database, file, external_api, custom]"), message);
        assertTrue(message.contains("\"graphics\""), message);
        String notText = TaskApiJsonTest.refusal("{\"action\": \"a\", \"resources\": [{\"name\": \"x\", \"type\": 3}]}");
        assertTrue(notText.contains("'resources[0].type' must be a string, found the number 3"), notText);
        String mode = TaskApiJsonTest.refusal("{\"action\": \"a\", \"resources\": [{\"name\": \"x\", \"mode\": \"share\"}]}");
        assertTrue(mode.contains("'resources[0].mode'") && mode.contains("read, write or exclusive"), mode);
    }

    // ------------------------------------------------------------------ GET /resources

    private static final ResourceState CPU = new ResourceState("system_cpu", Type.CPU, null, 3,
            List.of(new ResourceState.Holder("analyze", Mode.READ, 1), new ResourceState.Holder("lint", Mode.READ, 2)),
            List.of());
    private static final ResourceState API = new ResourceState("openai_api", Type.EXTERNAL_API, null, 0,
            List.of(new ResourceState.Holder("ask", Mode.EXCLUSIVE, 1)), List.of("ask-again", "summarize"));
    private static final ResourceState LAMP = new ResourceState("lamp", Type.CUSTOM, 2, 0, List.of(), List.of());

    @Test
    void theListShowsHoldersWaitersCapacityAndHowEachIsHeld() throws Exception {
        scheduler.resources = List.of(LAMP, API, CPU);
        JsonNode list = get(null, Map.of(), 200);
        assertEquals(3, list.size());
        assertEquals("{\"name\":\"openai_api\",\"type\":\"external_api\",\"capacity\":null,\"used\":0,\"mode\":\"exclusive\","
                + "\"holders\":[{\"task_id\":\"ask\",\"mode\":\"exclusive\",\"amount\":1}],\"waiting\":[\"ask-again\",\"summarize\"]}",
                list.get(1).toString());
        assertEquals("shared", list.get(2).get("mode").asText());
        assertEquals(3, list.get(2).get("used").asInt());
        assertEquals("free", list.get(0).get("mode").asText());
        assertEquals(2, list.get(0).get("capacity").asInt());
        assertEquals(List.of("system_cpu"), names(get("", Map.of("type", new String[] { "cpu" }), 200)));
    }

    private static List<String> names(JsonNode list) {
        return java.util.stream.StreamSupport.stream(list.spliterator(), false).map(n -> n.get("name").asText()).toList();
    }

    @Test
    void oneResourceByNameEvenWithAColonOrASlashAnd404ForOneNobodyUses() throws Exception {
        ResourceState file = new ResourceState("file:/data/catalog", Type.FILE, null, 1,
                List.of(new ResourceState.Holder("read-it", Mode.READ, 1)), List.of());
        scheduler.resources = List.of(API, file);
        assertEquals("ask", get("/openai_api", Map.of(), 200).at("/holders/0/task_id").asText());
        assertEquals("read-it", get("/file:/data/catalog", Map.of(), 200).at("/holders/0/task_id").asText());
        JsonNode missing = get("/nothing", Map.of(), 404);
        assertTrue(missing.get("detail").asText().contains("'nothing'"), missing.toString());
    }

    @Test
    void anUnknownTypeFilterIs400NamingTheParameterAndTheAllowedTypes() throws Exception {
        JsonNode problem = get(null, Map.of("type", new String[] { "gpus" }), 400);
        String detail = problem.get("detail").asText();
        assertTrue(detail.contains("'type'") && detail.contains("external_api") && detail.contains("\"gpus\""), detail);
    }

    @Test
    void viewersMayReadAndWithoutASchedulerItIs503() throws Exception {
        FakeHttp http = new FakeHttp();
        new ResourcesServlet(null).doGet(FakeHttp.request("GET", "/resources", null, Role.VIEWER, Map.of(), null, null, Map.of()),
                http.response());
        assertEquals(503, http.status, http.body());
    }
}
