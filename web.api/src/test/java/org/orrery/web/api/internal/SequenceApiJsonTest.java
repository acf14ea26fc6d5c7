package org.orrery.web.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.orrery.sequence.SequenceProblem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON of sequences, steps and problems: every field, snake_case, nulls spelled out. */
class SequenceApiJsonTest {

    static Set<String> fields(JsonNode n) {
        Set<String> names = new java.util.TreeSet<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void aSequenceHasTheSummaryTheDocumentTheVariablesAndTheTree() {
        ObjectNode n = SequenceApiJson.sequence(FakeSequenceManager.running("s1"));
        assertEquals(Set.of("id", "name", "description", "state", "template", "area", "current_steps", "progress", "error",
                "created_at", "started_at", "finished_at", "document", "variables", "areas"), fields(n));
        assertEquals("M42 LRGB", n.at("/document/name").asText());
        assertEquals("2026-12-05T01:00:00Z", n.path("started_at").asText());
        assertTrue(n.path("finished_at").isNull());
        assertTrue(n.path("template").isNull());
        assertEquals(List.of("start", "main", "end"), List.of(n.at("/areas/0/id").asText(), n.at("/areas/1/id").asText(),
                n.at("/areas/2/id").asText()));
        assertEquals(fields(SequenceApiJson.summary(FakeSequenceManager.running("s1"))),
                Set.of("id", "name", "description", "state", "template", "area", "current_steps", "progress", "error",
                        "created_at", "started_at", "finished_at"));
    }

    @Test
    void aStepHasEveryFieldAndItsChildren() {
        JsonNode loop = SequenceApiJson.sequence(FakeSequenceManager.running("s1")).at("/areas/1/children/0");
        assertEquals(Set.of("id", "type", "name", "path", "state", "attempts", "iteration", "task_ids", "result", "error",
                "started_at", "finished_at", "children"), fields(loop));
        assertEquals("loop", loop.path("type").asText());
        assertEquals("frames", loop.path("name").asText(), "the name defaults to the id");
        assertEquals("running", loop.path("state").asText());
        assertEquals(2, loop.path("iteration").asInt());
        assertTrue(loop.path("result").isNull());
        JsonNode expose = loop.at("/children/0");
        assertEquals("Expose", expose.path("name").asText());
        assertEquals("/main/0/steps/0", expose.path("path").asText());
        assertEquals("completed", expose.path("state").asText());
        assertEquals(1, expose.path("attempts").asInt());
        assertEquals("2026-12-05T01:00:05Z", expose.path("finished_at").asText());
        assertTrue(expose.at("/result/hfr").isBigDecimal(), "numbers keep their value model");
        assertEquals(0, expose.path("children").size());
    }

    @Test
    void validationAndProblems() {
        ObjectNode ok = SequenceApiJson.validation(List.of());
        assertTrue(ok.path("valid").asBoolean());
        assertEquals(0, ok.path("problems").size());
        ObjectNode bad = SequenceApiJson.validation(List.of(new SequenceProblem(null, 0, 0, "name: expected a string")));
        assertFalse(bad.path("valid").asBoolean());
        assertEquals("{\"pointer\":\"\",\"line\":0,\"column\":0,\"message\":\"name: expected a string\"}",
                bad.path("problems").get(0).toString());
    }

    @Test
    void aTemplateWhoseSchemaIsEmptyTakesAnyObject() {
        ObjectNode t = SequenceApiJson.template(new org.orrery.sequence.TemplateInfo("T", "", "file:etc/templates/T.yaml", "",
                java.util.Map.of()), true);
        assertEquals("object", t.at("/parameters/type").asText());
        assertTrue(t.path("document").isObject());
    }
}
