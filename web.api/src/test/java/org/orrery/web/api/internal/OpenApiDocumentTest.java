package org.orrery.web.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.orrery.task.TaskError;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskSpec;
import org.orrery.task.TaskStatus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The hand-written OpenAPI document is valid JSON and OpenAPI 3.1 in shape, and says what the
 * code does: the task fields TaskApiJson reads and writes, the list's query parameters, the
 * statistics' fields. (ApiDocumentIT checks its routes against a running runtime.)
 */
class OpenApiDocumentTest {

    static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    static final JsonNode DOC = read();

    static JsonNode read() {
        try {
            return new ObjectMapper().readTree(OpenApiServlet.document());
        } catch (Exception e) {
            throw new AssertionError("openapi.json is not valid JSON: " + e.getMessage(), e);
        }
    }

    @Test
    void isOpenApi31WithInfoAndPaths() {
        assertTrue(DOC.path("openapi").asText().matches("3\\.1\\.\\d+"), "openapi = " + DOC.path("openapi"));
        assertFalse(DOC.path("info").path("title").asText().isBlank());
        assertFalse(DOC.path("info").path("version").asText().isBlank());
        assertTrue(DOC.path("paths").isObject() && DOC.path("paths").size() > 0);
        assertEquals("http", DOC.at("/components/securitySchemes/basicAuth/type").asText());
        assertEquals("basic", DOC.at("/components/securitySchemes/basicAuth/scheme").asText());
        assertEquals("bearer", DOC.at("/components/securitySchemes/bearerAuth/scheme").asText());
    }

    @Test
    void everyPathHasAnOperationAndEveryOperationResponses() {
        Set<String> operationIds = new HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = DOC.path("paths").properties().iterator(); paths.hasNext();) {
            Map.Entry<String, JsonNode> path = paths.next();
            assertTrue(path.getKey().startsWith("/"), path.getKey());
            int operations = 0;
            for (Iterator<String> keys = path.getValue().fieldNames(); keys.hasNext();) {
                String method = keys.next();
                if (!METHODS.contains(method)) {
                    assertTrue(Set.of("parameters", "summary", "description", "servers", "$ref").contains(method),
                            path.getKey() + " has the unknown key " + method);
                    continue;
                }
                operations++;
                JsonNode operation = path.getValue().get(method);
                String where = method.toUpperCase() + " " + path.getKey();
                JsonNode responses = operation.path("responses");
                assertTrue(responses.isObject() && responses.size() > 0, where + " has no responses");
                for (Iterator<String> codes = responses.fieldNames(); codes.hasNext();) {
                    String code = codes.next();
                    assertTrue(code.matches("[1-5](\\d\\d|XX)|default"), where + ": response key " + code);
                }
                assertTrue(operationIds.add(operation.path("operationId").asText()), where + ": operationId missing or twice");
                assertPathParametersDeclared(path.getKey(), path.getValue(), operation, where);
            }
            assertTrue(operations > 0, path.getKey() + " has no operation");
        }
    }

    private static void assertPathParametersDeclared(String template, JsonNode pathItem, JsonNode operation, String where) {
        Set<String> declared = new TreeSet<>();
        for (JsonNode list : List.of(pathItem.path("parameters"), operation.path("parameters"))) {
            for (JsonNode p : list) {
                JsonNode parameter = resolve(p);
                if ("path".equals(parameter.path("in").asText())) {
                    assertTrue(parameter.path("required").asBoolean(), where + ": path parameter must be required");
                    declared.add(parameter.path("name").asText());
                }
            }
        }
        Set<String> inTemplate = new TreeSet<>();
        Matcher m = Pattern.compile("\\{([^}]+)}").matcher(template);
        while (m.find()) {
            inTemplate.add(m.group(1));
        }
        assertEquals(inTemplate, declared, where + ": path parameters");
    }

    @Test
    void everyReferenceResolves() {
        List<String> refs = new ArrayList<>();
        collectRefs(DOC, refs);
        assertFalse(refs.isEmpty());
        for (String ref : refs) {
            assertTrue(ref.startsWith("#/"), "only local references: " + ref);
            assertFalse(DOC.at(ref.substring(1)).isMissingNode(), "unresolved $ref " + ref);
        }
    }

    @Test
    void everyAuthenticatedOperationDocuments401AndHealthAndSignInArePublic() {
        DOC.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            if (!METHODS.contains(op.getKey())) {
                return;
            }
            boolean isPublic = op.getValue().has("security") && op.getValue().get("security").isEmpty();
            boolean signIn = path.getKey().equals(ApiServletContext.SIGN_IN_PATH) && op.getKey().equals("post");
            assertEquals(path.getKey().equals("/health") || signIn, isPublic, op.getKey() + " " + path.getKey() + " public?");
            if (!isPublic) {
                assertTrue(op.getValue().path("responses").has("401"), op.getKey() + " " + path.getKey() + " lacks 401");
            }
        }));
        assertTrue(ApiServletContext.PUBLIC_PATHS.equals(Set.of("/health")), "the document's public paths follow ApiServletContext");
    }

    @Test
    void taskSubmissionHasExactlyTheFieldsTaskApiJsonReads() {
        assertEquals(new TreeSet<>(TaskApiJson.TASK_FIELDS), names(schema("TaskSubmission").path("properties")));
        assertEquals("[{\"required\":[\"action\"]},{\"required\":[\"task_type\"]}]",
                schema("TaskSubmission").path("anyOf").toString(), "action or its other name task_type");
    }

    @Test
    void theSubmitExampleIsAcceptedByTaskApiJson() throws Exception {
        JsonNode example = DOC.at("/paths/~1tasks/post/requestBody/content/application~1json/example");
        assertFalse(example.isMissingNode());
        TaskSpec spec = TaskApiJson.spec(example, "", "alice");
        assertEquals("system.echo", spec.action());
        for (JsonNode task : DOC.at("/paths/~1tasks~1batch/post/requestBody/content/application~1json/example/tasks")) {
            TaskApiJson.spec(task, "tasks[0]", "alice");
        }
    }

    @Test
    void taskSchemaHasExactlyTheFieldsTaskApiJsonWrites() throws Exception {
        TaskSpec spec = TaskApiJson.spec(ApiJson.MAPPER.readTree("""
                {"id": "t1", "action": "system.echo", "max_retries": 2, "resources": [{"name": "camera"}]}"""), "", "alice");
        TaskRecord failed = TaskRecord.builder(spec).status(TaskStatus.FAILED).result(Map.of("a", 1))
                .error(TaskError.of(new IllegalStateException("broken"))).attempts(1).progress(0.5).progressMessage("half")
                .createdAt(Instant.EPOCH).startedAt(Instant.EPOCH).completedAt(Instant.EPOCH)
                .executionTime(Duration.ofSeconds(1)).assignedTo("worker-1").revision(3).build();
        Set<String> written = names(TaskApiJson.record(failed));
        assertEquals(written, names(schema("Task").path("properties")));
        Set<String> withoutRetry = names(TaskApiJson.record(TaskRecord.accepted(TaskSpec.builder("x").id("t2").build(),
                TaskStatus.READY, null, Instant.EPOCH)));
        Set<String> required = new TreeSet<>();
        schema("Task").path("required").forEach(n -> required.add(n.asText()));
        assertEquals(withoutRetry, required, "required = the fields every task has (the retry fields come with a retry policy)");
        assertEquals(names(TaskApiJson.record(failed).get("error_detail")), names(schema("TaskErrorDetail").path("properties")));
    }

    @Test
    void listParametersAreTheOnesTasksServletTakes() {
        Set<String> documented = new TreeSet<>();
        DOC.at("/paths/~1tasks/get/parameters").forEach(p -> documented.add(resolve(p).path("name").asText()));
        assertEquals(new TreeSet<>(TasksServlet.QUERY_PARAMETERS), documented);
    }

    @Test
    void statisticsSchemaHasExactlyTheFieldsTaskApiJsonWrites() {
        JsonNode written = TaskApiJson.statistics(MetricsExpositionTest.STATISTICS);
        assertEquals(names(written), names(schema("Statistics").path("properties")));
        assertEquals(names(written.path("action_metrics").path("system.echo")), names(schema("StatisticsGroup").path("properties")));
    }

    @Test
    void taskStatusesAreTheModelsStatuses() {
        Set<String> statuses = new TreeSet<>();
        for (TaskStatus s : TaskStatus.values()) {
            statuses.add(s.id());
        }
        Set<String> documented = new TreeSet<>();
        schema("TaskStatus").path("enum").forEach(n -> documented.add(n.asText()));
        assertEquals(statuses, documented);
    }

    @Test
    void deviceTypesAreTheContractsTypes() {
        Set<String> types = new TreeSet<>();
        for (org.orrery.device.DeviceType t : org.orrery.device.DeviceType.values()) {
            types.add(t.id());
        }
        Set<String> documented = new TreeSet<>();
        schema("DeviceType").path("enum").forEach(n -> documented.add(n.asText()));
        assertEquals(types, documented);
    }

    static JsonNode schema(String name) {
        JsonNode schema = DOC.path("components").path("schemas").path(name);
        assertNotNull(schema);
        if (schema.isMissingNode()) {
            fail("no schema " + name);
        }
        return schema;
    }

    static JsonNode resolve(JsonNode node) {
        return node.has("$ref") ? DOC.at(node.get("$ref").asText().substring(1)) : node;
    }

    static Set<String> names(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("$ref") && e.getValue().isTextual()) {
                    refs.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectRefs(n, refs));
        }
    }
}
