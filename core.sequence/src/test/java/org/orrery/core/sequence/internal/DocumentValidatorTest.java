package org.orrery.core.sequence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.orrery.sequence.DocumentFormat;
import org.orrery.sequence.SequenceProblem;
import org.orrery.sequence.SequenceValidationException;
import org.orrery.sequence.StepType;
import org.orrery.task.ActionInfo;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;

class DocumentValidatorTest {

    static final List<ActionInfo> ACTIONS = List.of(
            new ActionInfo("camera.expose", "", """
                    {"type": "object", "properties": {"exposure": {"type": "number", "minimum": 0},
                     "frame_type": {"enum": ["light", "dark"]}, "name": {"type": "string"}},
                     "required": ["exposure"], "additionalProperties": false}""", false, "test"),
            new ActionInfo("system.echo", "", "{\"type\": \"object\"}", true, "test"));

    /** A plugin step type: {type: observe, object: <name>, steps: [...]} → a sequential with a slew first. */
    static final StepType TARGET = new StepType() {
        @Override
        public String type() {
            return "observe";
        }

        @Override
        public String schema() {
            return "{\"type\": \"object\", \"properties\": {\"object\": {\"type\": \"string\"}, \"steps\": {\"type\":"
                    + " \"array\"}}, \"required\": [\"object\"], \"additionalProperties\": false}";
        }

        @Override
        public Map<String, Object> expand(Map<String, Object> step) {
            Map<String, Object> slew = new LinkedHashMap<>(Map.of("type", "task", "action", "system.echo",
                    "parameters", Map.of("message", "slew to " + step.get("object"))));
            List<Object> steps = new java.util.ArrayList<>(List.of(slew));
            if (step.get("steps") instanceof List<?> inner) {
                steps.addAll(inner);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("type", "sequential");
            out.put("id", step.get("id"));
            out.put("steps", steps);
            return out;
        }
    };

    private final DocumentValidator validator = new DocumentValidator(() -> ACTIONS,
            type -> type.equals("observe") ? Optional.of(TARGET) : Optional.empty());

    private List<SequenceProblem> problems(String yaml) {
        try {
            return validator.problems(DocumentText.parse(yaml, DocumentFormat.YAML));
        } catch (SequenceValidationException e) {
            throw new AssertionError(e);
        }
    }

    private SequenceProblem only(String yaml) {
        List<SequenceProblem> problems = problems(yaml);
        assertEquals(1, problems.size(), problems.toString());
        return problems.get(0);
    }

    private ValidatedDocument valid(String yaml) throws SequenceValidationException {
        return validator.validate(DocumentText.parse(yaml, DocumentFormat.YAML));
    }

    @Test
    void validDocumentGetsItsIdsAndAPlanEqualToIt() throws SequenceValidationException {
        ValidatedDocument doc = valid("""
                name: M42
                description: a test
                variables: {count: 3}
                start:
                  - {type: task, action: camera.expose, parameters: {exposure: 1}}
                main:
                  - type: loop
                    count: 3
                    max_iterations: 3
                    steps:
                      - {type: task, id: task-2, action: camera.expose, parameters: {exposure: "${count}"}}
                      - {type: task, action: system.echo, outputs: {echoed: message}}
                end:
                  - {type: wait, seconds: 1.5}
                  - type: conditional
                    condition: {field: steps.task-2.state, operator: equals, value: completed}
                    then: [{type: set, variables: {done: "${echoed} ${sequence.id}"}}]
                """);
        assertEquals("M42", doc.name());
        assertEquals("a test", doc.description());
        assertEquals(Map.of("count", 3), doc.variables());
        List<String> ids = new java.util.ArrayList<>();
        Steps.forEach(doc.document(), (step, pointer) -> ids.add((String) step.get("id")));
        assertEquals(List.of("task-1", "loop-1", "task-2", "task-3", "wait-1", "conditional-1", "set-1"), ids);
        assertEquals(doc.document(), doc.plan());
        assertEquals(List.of("type", "id", "action", "parameters"),
                List.copyOf(((Map<?, ?>) ((List<?>) doc.document().get("start")).get(0)).keySet()));
    }

    @Test
    void unknownFieldsAreProblemsWithLineAndColumn() {
        List<SequenceProblem> problems = problems("""
                name: x
                mian: []
                main:
                  - {type: wait, seconds: 1, secnds: 2}
                """);
        assertEquals(List.of("/mian", "/main/0/secnds"), problems.stream().map(SequenceProblem::pointer).toList());
        assertEquals(2, problems.get(0).line());
        assertEquals(4, problems.get(1).line());
        assertEquals(38, problems.get(1).column(), "the node is the value");
    }

    @Test
    void aResourceClaimTakesSeed003sTypesAndNoOther() throws SequenceValidationException {
        valid("""
                name: typed
                main:
                  - {type: task, action: system.echo, resources: [{name: system_cpu, type: cpu, mode: read},
                     {name: openai_api, type: external_api}]}
                """);
        SequenceProblem problem = only("""
                name: typed
                main:
                  - {type: task, action: system.echo, resources: [{name: gpu0, type: graphics}]}
                """);
        assertEquals("/main/0/resources/0/type", problem.pointer(), problem.toString());
    }

    @Test
    void problemsOfAJsonDocumentHaveLinesAndColumns() throws SequenceValidationException {
        String json = """
                {
                  "name": "x",
                  "main": [
                    {"type": "task", "action": "camera.expose",
                     "parameters": {"exposure": "long"}}
                  ]
                }
                """;
        SequenceValidationException e = assertThrows(SequenceValidationException.class,
                () -> validator.validate(DocumentText.parse(json, DocumentFormat.JSON)));
        SequenceProblem problem = e.problems().get(0);
        assertEquals("/main/0/parameters/exposure", problem.pointer());
        assertEquals(5, problem.line());
        assertEquals(33, problem.column());
    }

    @Test
    void missingNameIsAProblemOfTheDocument() {
        SequenceProblem problem = only("main: []\n");
        assertEquals("/name", problem.pointer());
        assertEquals(1, problem.line(), "a missing member has the place of its object");
        assertTrue(problem.message().contains("name"), problem.message());
    }

    @Test
    void duplicateIdsAreProblems() {
        SequenceProblem problem = only("""
                name: x
                start: [{type: wait, id: w, seconds: 1}]
                end: [{type: wait, id: w, seconds: 1}]
                """);
        assertEquals("/end/0/id", problem.pointer());
        assertEquals(3, problem.line());
    }

    @Test
    void generatedIdsSkipIdsInUse() throws SequenceValidationException {
        ValidatedDocument doc = valid("""
                name: x
                main: [{type: wait, seconds: 1}, {type: wait, id: wait-1, seconds: 1}]
                """);
        assertEquals("wait-2", ((Map<?, ?>) ((List<?>) doc.document().get("main")).get(0)).get("id"));
    }

    @Test
    void unknownActionListsTheInstalledOnes() {
        SequenceProblem problem = only("name: x\nmain: [{type: task, action: camera.expse}]\n");
        assertEquals("/main/0/action", problem.pointer());
        assertTrue(problem.message().contains("camera.expose, system.echo"), problem.message());
    }

    @Test
    void parametersAreCheckedAgainstTheActionSchema() {
        SequenceProblem problem = only("name: x\nmain: [{type: task, action: camera.expose, parameters: {exposure: -1}}]\n");
        assertEquals("/main/0/parameters/exposure", problem.pointer());
        assertEquals(2, problem.line());
        SequenceProblem missing = only("name: x\nmain: [{type: task, action: camera.expose}]\n");
        assertEquals("/main/0/parameters/exposure", missing.pointer());
        assertTrue(missing.message().contains("exposure"), missing.message());
    }

    @Test
    void wholeMacroParametersUseTheInitialValueOrAreSkipped() {
        SequenceProblem problem = only("""
                name: x
                variables: {exp: long}
                main: [{type: task, action: camera.expose, parameters: {exposure: "${exp}"}}]
                """);
        assertEquals("/main/0/parameters/exposure", problem.pointer());
        assertEquals(List.of(), problems("""
                name: x
                main:
                  - {type: task, action: system.echo, outputs: {exp: value}}
                  - {type: task, action: camera.expose, parameters: {exposure: "${exp}", name: "frame ${exp}"}}
                """));
    }

    @Test
    void unknownStepTypeIsAProblem() {
        SequenceProblem problem = only("name: x\nmain: [{type: tsak, action: system.echo}]\n");
        assertEquals("/main/0/type", problem.pointer());
        assertTrue(problem.message().contains("'tsak'"), problem.message());
    }

    @Test
    void undefinedMacroIsAProblemAtItsString() {
        SequenceProblem problem = only("""
                name: x
                variables: {a: 1}
                main: [{type: task, action: system.echo, parameters: {m: ["ok ${a}", "${b}"]}}]
                """);
        assertEquals("/main/0/parameters/m/1", problem.pointer());
        assertTrue(problem.message().startsWith("undefined ${b}"), problem.message());
        assertEquals("/main/0/parameters/m/0", only("""
                name: x
                main: [{type: task, action: system.echo, parameters: {m: ["${steps.nope.result}"]}}]
                """).pointer());
    }

    @Test
    void unknownStepInAConditionIsAProblem() {
        SequenceProblem problem = only("""
                name: x
                main:
                  - {type: wait, id: w, seconds: 1}
                  - type: conditional
                    condition: {all: [{field: steps.w.state, operator: exists}, {field: steps.v.state, operator: exists}]}
                    then: []
                """);
        assertEquals("/main/1/condition/all/1/field", problem.pointer());
        assertTrue(problem.message().contains("steps.v"), problem.message());
    }

    @Test
    void badConditionIsAProblem() {
        assertEquals("/main/0/condition", only("""
                name: x
                variables: {a: 1}
                main: [{type: conditional, condition: {field: a, operator: equals}, then: []}]
                """).pointer());
        assertEquals("/main/0/condition/operator", only("""
                name: x
                variables: {a: 1}
                main: [{type: conditional, condition: {field: a, operator: equal, value: 1}, then: []}]
                """).pointer());
        assertEquals("/main/0/condition/field", only("""
                name: x
                main: [{type: conditional, condition: {field: a, operator: exists}, then: []}]
                """).pointer());
    }

    @Test
    void loopNeedsMaxIterations() {
        SequenceProblem problem = only("name: x\nmain: [{type: loop, count: 2, steps: []}]\n");
        assertEquals("/main/0/max_iterations", problem.pointer());
        assertTrue(problem.message().contains("max_iterations"), problem.message());
    }

    @Test
    void loopCountAboveMaxIterationsIsAProblem() {
        assertEquals("/main/0/count", only("name: x\nmain: [{type: loop, count: 5, max_iterations: 4, steps: []}]\n")
                .pointer());
    }

    @Test
    void loopHasExactlyOneOfCountUntilWhile() {
        SequenceProblem both = only("""
                name: x
                main: [{type: loop, count: 1, until: "2026-12-05T22:00:00Z", max_iterations: 4, steps: []}]
                """);
        assertEquals("/main/0", both.pointer());
        assertTrue(both.message().contains("count and until"), both.message());
        assertTrue(only("name: x\nmain: [{type: loop, max_iterations: 4, steps: []}]\n").message().contains("none"));
    }

    @Test
    void waitHasExactlyOneOfAndAConditionNeedsATimeout() {
        assertEquals("/main/0", only("name: x\nmain: [{type: wait}]\n").pointer());
        SequenceProblem noTimeout = only("""
                name: x
                main: [{type: wait, condition: {field: sequence.id, operator: exists}}]
                """);
        assertTrue(noTimeout.message().contains("timeout"), noTimeout.message());
        assertEquals("/main/0/interval", only("name: x\nmain: [{type: wait, seconds: 1, interval: 2}]\n").pointer());
        assertEquals("/main/0/until", only("name: x\nmain: [{type: wait, until: tonight}]\n").pointer());
    }

    @Test
    void onErrorPolicyIsChecked() {
        assertEquals(List.of(), problems("""
                name: x
                on_error: continue
                main: [{type: wait, seconds: 1, on_error: {policy: retry, attempts: 3, cooldown: 30, then: skip}}]
                """));
        List<SequenceProblem> problems = problems("name: x\nmain: [{type: wait, seconds: 1, on_error: retyr}]\n");
        assertTrue(problems.stream().allMatch(p -> p.pointer().equals("/main/0/on_error")), problems.toString());
        assertNotEquals(List.of(), problems);
        assertTrue(problems("name: x\nmain: [{type: wait, seconds: 1, on_error: {policy: retry, then: retry}}]\n")
                .stream().anyMatch(p -> p.pointer().equals("/main/0/on_error/then")));
    }

    @Test
    void aPolicyObjectGetsOnlyTheProblemsOfAnObject() {
        SequenceProblem problem = only("name: x\non_error: {policy: retry, attempts: 0}\n");
        assertEquals("/on_error/attempts", problem.pointer());
        assertEquals("must have a minimum value of 1; found 0", problem.message());
        SequenceProblem priority = only("name: x\nmain: [{type: task, action: system.echo, priority: urgnt}]\n");
        assertEquals("/main/0/priority", priority.pointer());
        assertTrue(priority.message().endsWith("; found \"urgnt\""), priority.message());
    }

    @Test
    void aConditionOfTheWrongFormStillHasItsStepsChecked() {
        List<SequenceProblem> problems = problems("""
                name: x
                main: [{type: conditional, condition: {field: steps.q.state, operator: equal, value: 1}, then: []}]
                """);
        assertEquals(List.of("/main/0/condition/field", "/main/0/condition/operator"),
                problems.stream().map(SequenceProblem::pointer).toList(), problems.toString());
    }

    @Test
    void pluginStepIsExpandedIntoThePlanAndKeptInTheDocument() throws SequenceValidationException {
        ValidatedDocument doc = valid("""
                name: x
                main:
                  - type: observe
                    object: M42
                    steps: [{type: task, action: system.echo}]
                  - {type: wait, condition: {field: steps.observe-1.state, operator: exists}, timeout: 5}
                """);
        Map<?, ?> written = (Map<?, ?>) ((List<?>) doc.document().get("main")).get(0);
        assertEquals("observe", written.get("type"));
        assertEquals("observe-1", written.get("id"));
        Map<?, ?> planned = (Map<?, ?>) ((List<?>) doc.plan().get("main")).get(0);
        assertEquals("sequential", planned.get("type"));
        assertEquals("observe-1", planned.get("id"));
        List<?> inner = (List<?>) planned.get("steps");
        assertEquals(List.of("task-1", "task-2"), inner.stream().map(s -> ((Map<?, ?>) s).get("id")).toList());
    }

    @Test
    void pluginStepIsCheckedAgainstItsSchemaAndItsExpansionLikeTheRest() {
        assertEquals("/main/0/object", only("name: x\nmain: [{type: observe, object: 42}]\n").pointer());
        SequenceProblem inside = only("name: x\nmain: [{type: observe, object: M42, steps: [{type: task, action: nope}]}]\n");
        assertEquals("/main/0", inside.pointer());
        assertTrue(inside.message().contains("/main/0/steps/1/action") && inside.message().contains("nope"),
                inside.message());
    }

    @Test
    void everyProblemIsReportedInDocumentOrder() {
        List<SequenceProblem> problems = problems("""
                name: x
                start: [{type: task, action: nope}]
                main:
                  - {type: wait, seconds: -1}
                  - {type: set, variables: {a: "${b}"}}
                end: [{type: loop, count: 9, max_iterations: 1, steps: []}]
                """);
        assertEquals(List.of("/start/0/action", "/main/0/seconds", "/main/1/variables/a", "/end/0/count"),
                problems.stream().map(SequenceProblem::pointer).toList(), problems.toString());
        assertEquals(List.of(2, 4, 5, 6), problems.stream().map(SequenceProblem::line).toList());
        SequenceValidationException e = assertThrows(SequenceValidationException.class,
                () -> validator.validate(ParsedDocument.of(Map.of("name", "x", "main", List.of(Map.of("type", "x"))))));
        assertEquals(0, e.problems().get(0).line());
    }

    @Test
    void theSchemaResourceIsAValidDraft202012Schema() throws Exception {
        JsonNode schema = SchemaCheck.MAPPER.readTree(DocumentValidator.schema());
        assertEquals("https://json-schema.org/draft/2020-12/schema", schema.get("$schema").asText());
        var meta = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        assertEquals(java.util.Set.of(), meta.validate(schema));
        assertEquals(java.util.Set.of("step", "condition", "on_error"), java.util.Set.of("step", "condition", "on_error")
                .stream().filter(schema.get("$defs")::has).collect(java.util.stream.Collectors.toSet()));
    }
}
