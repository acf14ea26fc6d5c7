package org.orrery.web.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.orrery.web.api.internal.SequenceCalls.json;
import static org.orrery.web.api.internal.SequencesServletTest.assertProblem;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.orrery.security.Role;

import com.fasterxml.jackson.databind.JsonNode;

/** Every route of /templates on a fake manager. */
class TemplatesServletTest {

    final FakeSequenceManager manager = new FakeSequenceManager();
    final TemplatesServlet servlet = new TemplatesServlet(manager);

    SequenceCalls call(String method, String path) {
        return SequenceCalls.call(servlet, method, path);
    }

    @Test
    void listsTemplatesWithTheirParameterSchemaButNoDocument() throws Exception {
        FakeHttp http = call("GET", "/templates").as(Role.VIEWER).send();
        assertEquals(200, http.status, http.body());
        JsonNode t = json(http).get(0);
        assertEquals("BasicExposure", t.path("name").asText());
        assertEquals("One target, some frames", t.path("description").asText());
        assertEquals("builtin:org.orrery.core.sequence", t.path("source").asText());
        assertEquals(10, t.at("/parameters/properties/exposureTime/default").asInt());
        assertFalse(t.has("document"));
    }

    @Test
    void oneTemplateComesWithItsDocument() throws Exception {
        JsonNode t = json(call("GET", "/templates/BasicExposure").as(Role.VIEWER).send());
        assertEquals("${targetName}", t.at("/document/name").asText());
        assertProblem(call("GET", "/templates/Nope").send(), 404, "'Nope'", "BasicExposure");
        assertProblem(call("GET", "/templates/BasicExposure/sequences").send(), 405, "use POST");
    }

    @Test
    void makesASequenceFromTheParameters() throws Exception {
        FakeHttp http = call("POST", "/templates/BasicExposure/sequences")
                .body("application/json", "{\"targetName\": \"M42\", \"exposureTime\": 2.0}").send();
        assertEquals(201, http.status, http.body());
        assertEquals("/api/v1/sequences/seq-1", http.headers.get("Location"));
        assertEquals("BasicExposure", json(http).path("template").asText());
        assertEquals(Map.of("targetName", "M42", "exposureTime", new BigDecimal("2.0")), manager.lastParameters);
    }

    @Test
    void noBodyMeansEveryDefaultAndStartTrueStarts() throws Exception {
        FakeHttp http = call("POST", "/templates/BasicExposure/sequences").query("start", "true").send();
        assertEquals(201, http.status, http.body());
        assertEquals(Map.of(), manager.lastParameters);
        assertEquals("running", json(http).path("state").asText());
        assertEquals(List.of("template BasicExposure", "start seq-1"), manager.calls);
    }

    @Test
    void refusesWhatIsNotAParameterObject() throws Exception {
        assertProblem(call("POST", "/templates/BasicExposure/sequences").body("application/json", "[1]").send(), 400,
                "JSON object", "an array");
        assertProblem(call("POST", "/templates/BasicExposure/sequences").body("application/yaml", "a: 1").send(), 415,
                "application/json");
        FakeHttp invalid = call("POST", "/templates/BasicExposure/sequences").body("application/json", "{\"INVALID\": 1}")
                .send();
        assertProblem(invalid, 400, "/parameters/INVALID");
        assertEquals("/parameters/INVALID", json(invalid).at("/problems/0/pointer").asText());
        assertProblem(call("POST", "/templates/Nope/sequences").send(), 404, "'Nope'");
        assertProblem(call("POST", "/templates/BasicExposure/sequences").query("go", "1").send(), 400, "'go'");
        assertTrue(manager.sequences.isEmpty());
    }

    @Test
    void onlyAnOperatorMakesSequencesAndOnlyThere() throws Exception {
        assertProblem(call("POST", "/templates/BasicExposure/sequences").as(Role.VIEWER).send(), 403, "operator");
        assertProblem(call("POST", "/templates").send(), 405, "/api/v1/templates/{name}/sequences");
        assertProblem(SequenceCalls.call(new TemplatesServlet(null), "GET", "/templates").send(), 503, "sequence service");
    }
}
