package org.orrery.web.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.orrery.sequence.SequenceEvent;
import org.orrery.sequence.SequenceState;
import org.orrery.sequence.StepState;

import com.fasterxml.jackson.databind.JsonNode;

/** The OpenAPI document says what the sequence and template routes and the sequence events do. */
class SequenceOpenApiTest {

    static final JsonNode DOC = OpenApiDocumentTest.DOC;

    static JsonNode path(String path) {
        return DOC.path("paths").path(path);
    }

    static Set<String> names(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static Set<String> texts(JsonNode array) {
        Set<String> texts = new TreeSet<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    static Set<String> queryParameters(JsonNode operation) {
        Set<String> names = new TreeSet<>();
        operation.path("parameters").forEach(p -> {
            JsonNode parameter = p.has("$ref") ? DOC.at(p.get("$ref").asText().substring(1)) : p;
            if (parameter.path("in").asText().equals("query")) {
                names.add(parameter.path("name").asText());
            }
        });
        return names;
    }

    @Test
    void everyRouteIsThereWithItsStatuses() {
        List<String> routes = new java.util.ArrayList<>(List.of("get /sequences", "post /sequences", "get /sequences/schema",
                "post /sequences/validate", "post /sequences/convert", "get /sequences/{id}", "delete /sequences/{id}",
                "get /sequences/{id}/document", "get /sequences/{id}/decisions", "post /sequences/{id}/preview",
                "get /templates", "get /templates/{name}", "post /templates/{name}/sequences"));
        SequencesServlet.OPERATIONS.forEach(op -> routes.add("post /sequences/{id}/" + op));
        for (String route : routes) {
            String[] parts = route.split(" ");
            JsonNode operation = path(parts[1]).path(parts[0]);
            assertTrue(operation.isObject(), route + " is not documented");
            JsonNode responses = operation.path("responses");
            for (String status : List.of("400", "401", "503")) {
                assertTrue(responses.has(status), route + " lacks " + status);
            }
            boolean changes = !parts[0].equals("get") && !parts[1].endsWith("/validate") && !parts[1].endsWith("/convert");
            if (changes) {
                assertTrue(responses.has("403") && responses.has("409"), route + " changes something: 403 and 409");
            }
            if (parts[1].contains("{")) {
                assertTrue(responses.has("404"), route + " lacks 404");
            }
        }
    }

    @Test
    void queryParametersAreTheOnesTheServletsTake() {
        assertEquals(new TreeSet<>(SequencesServlet.LIST_PARAMETERS), queryParameters(path("/sequences").path("get")));
        assertEquals(Set.of("start"), queryParameters(path("/sequences").path("post")));
        assertEquals(Set.of("start"), queryParameters(path("/templates/{name}/sequences").path("post")));
        assertEquals(Set.of("to"), queryParameters(path("/sequences/convert").path("post")));
        assertEquals(Set.of("format"), queryParameters(path("/sequences/{id}/document").path("get")));
        assertEquals(Set.of("mode"), queryParameters(path("/sequences/{id}/pause").path("post")));
        assertEquals(Set.of(), queryParameters(path("/sequences/{id}/halt").path("post")));
        assertEquals(SequenceNight.DECISION_PARAMETERS, queryParameters(path("/sequences/{id}/decisions").path("get")));
        assertEquals(SequenceNight.PREVIEW_PARAMETERS, queryParameters(path("/sequences/{id}/preview").path("post")));
        assertEquals(Set.of(EventStreamFilter.TASK_ID, EventStreamFilter.SEQUENCE, EventStreamFilter.TYPE, EventStreamFilter.AGENT,
                ApiServletContext.TICKET),
                queryParameters(path("/ws").path("get")));
    }

    @Test
    void schemasHaveExactlyTheFieldsSequenceApiJsonWrites() {
        JsonNode sequence = SequenceApiJson.sequence(FakeSequenceManager.running("s"));
        JsonNode schemas = DOC.at("/components/schemas");
        assertEquals(names(sequence), names(schemas.at("/Sequence/properties")));
        assertEquals(names(sequence), texts(schemas.at("/Sequence/required")));
        assertEquals(names(SequenceApiJson.summary(FakeSequenceManager.running("s"))),
                names(schemas.at("/SequenceSummary/properties")));
        assertEquals(names(sequence.at("/areas/0")), names(schemas.at("/Step/properties")));
        assertEquals(names(sequence.at("/progress")), names(schemas.at("/SequenceSummary/properties/progress/properties")));
        assertEquals(names(SequenceApiJson.validation(FakeSequenceManager.PROBLEMS)),
                names(schemas.at("/SequenceValidation/properties")));
        assertEquals(names(SequenceApiJson.problem(FakeSequenceManager.PROBLEMS.get(0))),
                names(schemas.at("/SequenceProblem/properties")));
        java.time.Instant from = FakeSequenceManager.CREATED;
        JsonNode preview = NightApiJson.preview(FakeSequenceManager.samplePreview("s", from, from.plusSeconds(3600)));
        assertEquals(names(preview), names(schemas.at("/NightPreview/properties")));
        assertEquals(names(preview.at("/entries/0")), names(schemas.at("/NightPreviewEntry/properties")));
        assertEquals(names(preview.at("/decisions/0")), names(schemas.at("/TargetDecision/properties")));
        assertEquals(names(preview.at("/decisions/0")), texts(schemas.at("/TargetDecision/required")));
        assertEquals(names(preview.at("/decisions/0/candidates/0")), names(schemas.at("/TargetCandidate/properties")));
        assertEquals(names(NightApiJson.decisions(java.util.List.of(), -1)),
                names(schemas.at("/TargetDecisionPage/properties")));
        JsonNode template = SequenceApiJson.template(new FakeSequenceManager().templates().get(0), true);
        assertEquals(names(template), names(schemas.at("/TemplateWithDocument/properties")));
    }

    @Test
    void enumsAreTheModels() throws Exception {
        JsonNode schemas = DOC.at("/components/schemas");
        assertEquals(Arrays.stream(SequenceState.values()).map(SequenceState::id).collect(Collectors.toSet()),
                texts(schemas.at("/SequenceState/enum")));
        assertEquals(Arrays.stream(StepState.values()).map(StepState::id).collect(Collectors.toSet()),
                texts(schemas.at("/StepState/enum")));
        assertEquals(Arrays.stream(SequenceEvent.Type.values()).map(SequenceEvent.Type::id).collect(Collectors.toSet()),
                texts(schemas.at("/SequenceEventType/enum")));
        JsonNode event = ApiJson.MAPPER.readTree(EventStreamJson.event(SequenceEventStreamTest.stepStarted("s", "s.a.1")));
        assertEquals(names(event), texts(schemas.at("/SequenceEventMessage/required")));
        JsonNode decision = ApiJson.MAPPER.readTree(EventStreamJson.event(SequenceEventStreamTest.targetDecision("s")));
        assertEquals(names(decision), names(schemas.at("/SequenceEventMessage/properties")));
    }
}
