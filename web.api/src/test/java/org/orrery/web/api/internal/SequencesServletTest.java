package org.orrery.web.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.orrery.web.api.internal.SequenceCalls.call;
import static org.orrery.web.api.internal.SequenceCalls.json;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.orrery.security.Role;
import org.orrery.sequence.DocumentFormat;
import org.orrery.sequence.SequenceInfo;
import org.orrery.sequence.SequenceState;
import org.orrery.task.PauseMode;

import com.fasterxml.jackson.databind.JsonNode;

/** Every route of /sequences on a fake manager: answers, statuses and the details of refusals. */
class SequencesServletTest {

    static final String JSON_DOC = "{\"name\": \"M42\", \"main\": []}";
    static final String YAML_DOC = "name: M42\nmain: []\n";

    final FakeSequenceManager manager = new FakeSequenceManager();
    final SequencesServlet servlet = new SequencesServlet(manager);

    SequenceCalls call(String method, String path) {
        return SequenceCalls.call(servlet, method, path);
    }

    static void assertProblem(FakeHttp http, int status, String... inDetail) throws Exception {
        assertEquals(status, http.status, http.body());
        assertEquals("application/problem+json", http.headers.get("Content-Type"));
        String detail = json(http).path("detail").asText();
        for (String part : inDetail) {
            assertTrue(detail.contains(part), "'" + part + "' not in the detail: " + detail);
        }
    }

    // ---------------------------------------------------------------- create

    @Test
    void createsFromJsonWith201LocationAndTheSequence() throws Exception {
        FakeHttp http = call("POST", "/sequences").body("application/json; charset=utf-8", JSON_DOC).send();
        assertEquals(201, http.status, http.body());
        assertEquals("/api/v1/sequences/seq-1", http.headers.get("Location"));
        JsonNode body = json(http);
        assertEquals("seq-1", body.path("id").asText());
        assertEquals("created", body.path("state").asText());
        assertEquals("M42", body.path("document").path("name").asText());
        assertEquals(JSON_DOC, manager.lastText);
        assertEquals(DocumentFormat.JSON, manager.lastFormat);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/yaml", "application/x-yaml", "text/yaml", "text/yaml; charset=UTF-8"})
    void createsFromYamlUnderEachOfItsMediaTypes(String type) throws Exception {
        FakeHttp http = call("POST", "/sequences").body(type, YAML_DOC).send();
        assertEquals(201, http.status, http.body());
        assertEquals(YAML_DOC, manager.lastText);
        assertEquals(DocumentFormat.YAML, manager.lastFormat);
    }

    @Test
    void startTrueStartsTheNewSequence() throws Exception {
        FakeHttp http = call("POST", "/sequences").query("start", "true").body("application/yaml", YAML_DOC).send();
        assertEquals(201, http.status, http.body());
        assertEquals("running", json(http).path("state").asText());
        assertEquals(List.of("create", "start seq-1"), manager.calls);
    }

    @Test
    void anInvalidDocumentIs400WithEveryProblemAndTheFirstInTheDetail() throws Exception {
        FakeHttp http = call("POST", "/sequences").body("application/yaml", "name: INVALID\n").send();
        assertProblem(http, 400, "/main/0/action", "line 4, column 13", "unknown action", "and 1 more");
        JsonNode problems = json(http).path("problems");
        assertEquals(2, problems.size());
        assertEquals("/main/0/action", problems.get(0).path("pointer").asText());
        assertEquals(4, problems.get(0).path("line").asInt());
        assertEquals(13, problems.get(0).path("column").asInt());
        assertEquals("a loop needs max_iterations", problems.get(1).path("message").asText());
        assertTrue(manager.sequences.isEmpty());
    }

    @Test
    void otherContentTypesAre415NamingTheType() throws Exception {
        assertProblem(call("POST", "/sequences").body("text/plain", YAML_DOC).send(), 415, "'text/plain'", "application/yaml");
        assertProblem(call("POST", "/sequences").body("application/yaml; charset=latin1", YAML_DOC).send(), 415, "latin1");
        assertProblem(call("POST", "/sequences").body(null, JSON_DOC).send(), 415, "found none");
        assertTrue(manager.calls.isEmpty());
    }

    @Test
    void jsonIsReadStrictlyBeforeTheManagerSeesIt() throws Exception {
        assertProblem(call("POST", "/sequences").body("application/json", "{\"name\": \"a\", \"name\": \"b\"}").send(), 400,
                "'name' appears twice", "line 1");
        assertProblem(call("POST", "/sequences").body("application/json", "").send(), 400, "empty");
        assertTrue(manager.calls.isEmpty());
    }

    @Test
    void badOrUnknownQueryParametersAre400NamingThem() throws Exception {
        assertProblem(call("POST", "/sequences").query("start", "yes").body("application/json", JSON_DOC).send(), 400,
                "'start'", "true, false", "'yes'");
        assertProblem(call("POST", "/sequences").query("begin", "true").body("application/json", JSON_DOC).send(), 400,
                "unknown query parameter 'begin'", "[start]");
        assertTrue(manager.calls.isEmpty());
    }

    @Test
    void aViewerMayReadAndValidateButNotCreateOrOperate() throws Exception {
        assertProblem(call("POST", "/sequences").as(Role.VIEWER).body("application/json", JSON_DOC).send(), 403, "operator");
        manager.add(FakeSequenceManager.running("s"));
        assertProblem(call("POST", "/sequences/s/halt").as(Role.VIEWER).send(), 403, "operator");
        assertProblem(call("DELETE", "/sequences/s").as(Role.VIEWER).send(), 403, "operator");
        assertEquals(200, call("GET", "/sequences/s").as(Role.VIEWER).send().status);
        assertEquals(200, call("POST", "/sequences/validate").as(Role.VIEWER).body("application/json", JSON_DOC).send().status);
        assertEquals(200, call("POST", "/sequences/convert").as(Role.VIEWER).body("application/json", JSON_DOC).send().status);
        assertEquals(SequenceState.RUNNING, manager.sequences.get("s").state());
    }

    @Test
    void withoutTheSequenceServiceEveryRouteIs503() throws Exception {
        SequencesServlet none = new SequencesServlet(null);
        assertProblem(SequenceCalls.call(none, "GET", "/sequences").send(), 503, "sequence service");
        assertProblem(SequenceCalls.call(none, "POST", "/sequences").body("application/json", JSON_DOC).send(), 503,
                "nothing was accepted");
        assertProblem(SequenceCalls.call(none, "POST", "/sequences/x/start").send(), 503, "sequence service");
        assertProblem(SequenceCalls.call(none, "POST", "/sequences/validate").body("application/json", JSON_DOC).send(),
                503, "sequence service");
    }

    // ---------------------------------------------------------------- read

    @Test
    void getAnswersTheSequenceWithProgressVariablesAndTheStepTree() throws Exception {
        manager.add(FakeSequenceManager.running("s1"));
        FakeHttp http = call("GET", "/sequences/s1").send();
        assertEquals(200, http.status, http.body());
        JsonNode s = json(http);
        assertEquals("running", s.path("state").asText());
        assertEquals(3, s.at("/progress/steps_done").asInt());
        assertEquals(10, s.at("/progress/steps_total").asInt());
        assertEquals(10, s.at("/variables/count").asInt());
        assertEquals("main", s.path("area").asText());
        assertEquals("/main/0/steps/0", s.at("/current_steps/0").asText());
        JsonNode expose = s.at("/areas/1/children/0/children/0");
        assertEquals("expose", expose.path("id").asText());
        assertEquals("s1.expose.2.1", expose.at("/task_ids/0").asText());
        assertEquals("2.50", expose.at("/result/hfr").asText());
    }

    @Test
    void anUnknownSequenceIs404NamingIt() throws Exception {
        assertProblem(call("GET", "/sequences/nope").send(), 404, "'nope'");
        assertProblem(call("GET", "/sequences/nope/document").send(), 404, "'nope'");
        assertProblem(call("POST", "/sequences/nope/start").send(), 404, "'nope'");
        assertProblem(call("DELETE", "/sequences/nope").send(), 404, "'nope'");
    }

    @Test
    void theDocumentIsJsonByDefaultAndYamlByFormatOrAccept() throws Exception {
        manager.add(FakeSequenceManager.running("s1"));
        FakeHttp json = call("GET", "/sequences/s1/document").send();
        assertEquals(200, json.status);
        assertEquals("application/json", json.headers.get("Content-Type"));
        assertEquals("{\"name\":\"M42 LRGB\"}", json.body());
        FakeHttp yaml = call("GET", "/sequences/s1/document").query("format", "yaml").send();
        assertEquals("application/yaml", yaml.headers.get("Content-Type"));
        assertEquals("name: M42 LRGB\n", yaml.body());
        assertEquals("application/yaml", call("GET", "/sequences/s1/document").header("Accept", "application/yaml").send()
                .headers.get("Content-Type"));
        assertEquals("application/yaml", call("GET", "/sequences/s1/document").header("Accept", "text/yaml, */*;q=0.1")
                .send().headers.get("Content-Type"));
        assertEquals("application/json", call("GET", "/sequences/s1/document").query("format", "JSON")
                .header("Accept", "application/yaml").send().headers.get("Content-Type"), "the parameter wins");
        assertProblem(call("GET", "/sequences/s1/document").query("format", "xml").send(), 400, "'format'", "json, yaml",
                "'xml'");
    }

    @Test
    void theSchemaIsSchemaJsonOrJsonWhenAskedSo() throws Exception {
        FakeHttp http = call("GET", "/sequences/schema").send();
        assertEquals(200, http.status);
        assertEquals("application/schema+json", http.headers.get("Content-Type"));
        assertEquals(FakeSequenceManager.SCHEMA, http.body());
        assertEquals("application/json", call("GET", "/sequences/schema").header("Accept", "application/json").send()
                .headers.get("Content-Type"));
    }

    @Test
    void listsInPagesWithAnOpaqueCursorAndALink() throws Exception {
        for (String id : List.of("a", "b", "c")) {
            manager.add(SequenceInfo.builder(id).state(SequenceState.CREATED).build());
        }
        FakeHttp first = call("GET", "/sequences").query("limit", "2").send();
        assertEquals(200, first.status, first.body());
        JsonNode page = json(first);
        assertEquals(2, page.size());
        assertEquals("a", page.get(0).path("id").asText());
        assertFalse(page.get(0).has("areas"), "a listing shows summaries");
        String cursor = first.headers.get("X-Next-Cursor");
        assertFalse(cursor.equals("b"), "the cursor is opaque");
        assertEquals("</api/v1/sequences?limit=2&cursor=" + cursor + ">; rel=\"next\"", first.headers.get("Link"));
        FakeHttp second = call("GET", "/sequences").query("limit", "2").query("cursor", cursor).send();
        assertEquals(1, json(second).size());
        assertEquals("c", json(second).get(0).path("id").asText());
        assertNull(second.headers.get("X-Next-Cursor"));
        assertProblem(call("GET", "/sequences").query("cursor", "bm9wZQ").send(), 400, "'cursor'", "X-Next-Cursor");
        assertProblem(call("GET", "/sequences").query("cursor", "%%%").send(), 400, "'cursor'");
    }

    @Test
    void listFiltersByStatesRepeatedOrCommaSeparated() throws Exception {
        manager.add(SequenceInfo.builder("a").state(SequenceState.CREATED).build());
        manager.add(SequenceInfo.builder("b").state(SequenceState.RUNNING).build());
        FakeHttp http = call("GET", "/sequences").query("state", "running,PAUSED").query("state", "halted").send();
        assertEquals(200, http.status, http.body());
        assertEquals(Set.of(SequenceState.RUNNING, SequenceState.PAUSED, SequenceState.HALTED), manager.lastStates);
        assertEquals("b", json(http).get(0).path("id").asText());
        assertEquals(1, json(http).size());
    }

    @Test
    void listRefusesBadStatesLimitsAndParameters() throws Exception {
        assertProblem(call("GET", "/sequences").query("state", "sleeping").send(), 400, "'state'", "'sleeping'", "paused");
        assertProblem(call("GET", "/sequences").query("limit", "0").send(), 400, "'limit'", "1 to 1000", "'0'");
        assertProblem(call("GET", "/sequences").query("limit", "1001").send(), 400, "'limit'", "'1001'");
        assertProblem(call("GET", "/sequences").query("status", "running").send(), 400, "'status'", "[cursor, limit, state]");
    }

    // ---------------------------------------------------------------- change

    @Test
    void everyOperationReachesTheManager() throws Exception {
        manager.add(SequenceInfo.builder("s").state(SequenceState.CREATED).build());
        assertEquals("running", json(call("POST", "/sequences/s/start").send()).path("state").asText());
        assertEquals("paused", json(call("POST", "/sequences/s/pause").send()).path("state").asText());
        assertEquals(PauseMode.DEFERRED, manager.lastMode);
        assertEquals("running", json(call("POST", "/sequences/s/resume").send()).path("state").asText());
        assertEquals("paused", json(call("POST", "/sequences/s/pause").query("mode", "immediate").send()).path("state")
                .asText());
        assertEquals(PauseMode.IMMEDIATE, manager.lastMode);
        call("POST", "/sequences/s/resume").send();
        assertEquals("completed", json(call("POST", "/sequences/s/skip-to-end").send()).path("state").asText());
        for (String op : List.of("stop", "halt")) {
            manager.add(SequenceInfo.builder(op).state(SequenceState.RUNNING).build());
            FakeHttp http = call("POST", "/sequences/" + op + "/" + op).send();
            assertEquals(200, http.status, http.body());
        }
        assertEquals(SequenceState.STOPPED, manager.sequences.get("stop").state());
        assertEquals(SequenceState.HALTED, manager.sequences.get("halt").state());
    }

    @Test
    void anOperationThatDoesNotFitTheStateIs409() throws Exception {
        manager.add(SequenceInfo.builder("s").state(SequenceState.CREATED).build());
        assertProblem(call("POST", "/sequences/s/resume").send(), 409, "'s' is created", "resume needs paused");
    }

    @Test
    void operationsRefuseBodiesUnknownNamesAndBadModes() throws Exception {
        manager.add(SequenceInfo.builder("s").state(SequenceState.RUNNING).build());
        assertProblem(call("POST", "/sequences/s/stop").body("application/json", "{}").send(), 400, "takes no request body");
        assertProblem(call("POST", "/sequences/s/explode").send(), 404, "'explode'", "skip-to-end");
        assertProblem(call("POST", "/sequences/s/pause").query("mode", "now").send(), 400, "'mode'", "deferred, immediate");
        assertProblem(call("POST", "/sequences/s/stop").query("mode", "immediate").send(), 400, "'mode'", "takes none");
        assertEquals(SequenceState.RUNNING, manager.sequences.get("s").state());
    }

    @Test
    void deleteIs204AndRefusedWhileRunning() throws Exception {
        manager.add(SequenceInfo.builder("done").state(SequenceState.COMPLETED).build());
        manager.add(SequenceInfo.builder("busy").state(SequenceState.RUNNING).build());
        FakeHttp deleted = call("DELETE", "/sequences/done").send();
        assertEquals(204, deleted.status);
        assertFalse(manager.sequences.containsKey("done"));
        assertProblem(call("DELETE", "/sequences/busy").send(), 409, "running");
        assertTrue(manager.sequences.containsKey("busy"));
        assertProblem(call("DELETE", "/sequences").send(), 405, "/api/v1/sequences/{id}");
        assertProblem(call("DELETE", "/sequences/busy").body("application/json", "{}").send(), 400, "takes no request body");
    }

    @Test
    void methodsAndPathsThatAreNoRouteSayWhat() throws Exception {
        assertProblem(call("GET", "/sequences/s/start").send(), 405, "GET is not defined", "use POST");
        assertProblem(call("GET", "/sequences/validate").send(), 405, "use POST");
        assertProblem(call("POST", "/sequences/schema").send(), 405, "use GET");
        assertProblem(call("GET", "/sequences/a/b/c").send(), 404, "no such route");
        assertProblem(call("GET", "/sequences").body("application/json", "{}").send(), 400, "takes no request body");
    }

    // ---------------------------------------------------------------- validate, convert

    @Test
    void validateAnswers200WithTheProblemsOrNone() throws Exception {
        JsonNode valid = json(call("POST", "/sequences/validate").body("application/yaml", YAML_DOC).send());
        assertTrue(valid.path("valid").asBoolean());
        assertEquals(0, valid.path("problems").size());
        assertEquals(DocumentFormat.YAML, manager.lastFormat);
        FakeHttp http = call("POST", "/sequences/validate").body("application/json", "{\"name\": \"INVALID\"}").send();
        assertEquals(200, http.status);
        JsonNode invalid = json(http);
        assertFalse(invalid.path("valid").asBoolean());
        assertEquals(2, invalid.path("problems").size());
        assertEquals("/main/1", invalid.at("/problems/1/pointer").asText());
        assertEquals(7, invalid.at("/problems/1/line").asInt());
        assertEquals(5, invalid.at("/problems/1/column").asInt());
        assertTrue(manager.sequences.isEmpty());
    }

    @Test
    void validateReportsJsonThatIsNotStrictAsAProblemWithItsPlace() throws Exception {
        FakeHttp http = call("POST", "/sequences/validate").body("application/json", "{\"name\": \"a\",\n \"name\": \"b\"}")
                .send();
        assertEquals(200, http.status, http.body());
        JsonNode answer = json(http);
        assertFalse(answer.path("valid").asBoolean());
        assertEquals(2, answer.at("/problems/0/line").asInt());
        assertTrue(answer.at("/problems/0/message").asText().contains("'name' appears twice"), answer.toString());
        assertFalse(manager.calls.contains("validate"));
    }

    @Test
    void convertAnswersInTheTargetMediaType() throws Exception {
        FakeHttp toYaml = call("POST", "/sequences/convert").body("application/json", JSON_DOC).send();
        assertEquals(200, toYaml.status, toYaml.body());
        assertEquals("application/yaml", toYaml.headers.get("Content-Type"));
        assertEquals("converted to YAML: " + JSON_DOC, toYaml.body());
        FakeHttp toJson = call("POST", "/sequences/convert").query("to", "json").body("text/yaml", YAML_DOC).send();
        assertEquals("application/json", toJson.headers.get("Content-Type"));
        assertEquals(DocumentFormat.YAML, manager.lastFormat);
    }

    @Test
    void convertRefusesTheSameFormatABadTargetAndAnInvalidDocument() throws Exception {
        assertProblem(call("POST", "/sequences/convert").query("to", "json").body("application/json", JSON_DOC).send(), 400,
                "'to'", "application/json already");
        assertProblem(call("POST", "/sequences/convert").query("to", "xml").body("application/json", JSON_DOC).send(), 400,
                "'to'", "'xml'");
        FakeHttp invalid = call("POST", "/sequences/convert").body("application/yaml", "name: [INVALID").send();
        assertProblem(invalid, 400, "/main/0/action");
        assertEquals(2, json(invalid).path("problems").size());
    }
}
