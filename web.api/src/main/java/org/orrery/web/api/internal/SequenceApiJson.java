package org.orrery.web.api.internal;

import java.util.List;

import org.orrery.sequence.SequenceInfo;
import org.orrery.sequence.SequenceProblem;
import org.orrery.sequence.StepInfo;
import org.orrery.sequence.TemplateInfo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The REST API's JSON of sequences, their steps, templates and validation problems (snake_case
 * keys, states in lower case, times ISO-8601 or null).
 */
final class SequenceApiJson {

    private SequenceApiJson() {
    }

    /** A sequence as a listing shows it: everything but the document, the variables and the step tree. */
    static ObjectNode summary(SequenceInfo s) {
        ObjectNode n = ApiJson.MAPPER.createObjectNode();
        n.put("id", s.id());
        n.put("name", s.name());
        n.put("description", s.description());
        n.put("state", s.state().id());
        n.put("template", s.template());
        n.put("area", s.area());
        ArrayNode current = n.putArray("current_steps");
        s.currentSteps().forEach(current::add);
        n.putObject("progress").put("steps_done", s.stepsDone()).put("steps_total", s.stepsTotal());
        n.put("error", s.error());
        n.put("created_at", TaskApiJson.str(s.createdAt()));
        n.put("started_at", TaskApiJson.str(s.startedAt()));
        n.put("finished_at", TaskApiJson.str(s.finishedAt()));
        return n;
    }

    /** A sequence in full: the summary, its document, its variables now and the tree of its three areas. */
    static ObjectNode sequence(SequenceInfo s) {
        ObjectNode n = summary(s);
        n.set("document", ApiJson.MAPPER.valueToTree(s.document()));
        n.set("variables", ApiJson.MAPPER.valueToTree(s.variables()));
        ArrayNode areas = n.putArray("areas");
        s.areas().forEach(a -> areas.add(step(a)));
        return n;
    }

    static ObjectNode step(StepInfo s) {
        ObjectNode n = ApiJson.MAPPER.createObjectNode();
        n.put("id", s.id());
        n.put("type", s.type());
        n.put("name", s.name());
        n.put("path", s.path());
        n.put("state", s.state().id());
        n.put("attempts", s.attempts());
        n.put("iteration", s.iteration());
        ArrayNode tasks = n.putArray("task_ids");
        s.taskIds().forEach(tasks::add);
        n.set("result", s.result() == null ? null : ApiJson.MAPPER.valueToTree(s.result()));
        n.put("error", s.error());
        n.put("started_at", TaskApiJson.str(s.startedAt()));
        n.put("finished_at", TaskApiJson.str(s.finishedAt()));
        ArrayNode children = n.putArray("children");
        s.children().forEach(c -> children.add(step(c)));
        return n;
    }

    /** A template: name, description, source and its parameters' schema; with its document when asked. */
    static ObjectNode template(TemplateInfo t, boolean withDocument) {
        ObjectNode n = ApiJson.MAPPER.createObjectNode();
        n.put("name", t.name());
        n.put("description", t.description());
        n.put("source", t.source());
        n.set("parameters", schema(t.parameterSchema()));
        if (withDocument) {
            n.set("document", ApiJson.MAPPER.valueToTree(t.document()));
        }
        return n;
    }

    /** The answer of a validation: valid, and every problem (none when valid). */
    static ObjectNode validation(List<SequenceProblem> problems) {
        ObjectNode n = ApiJson.MAPPER.createObjectNode();
        n.put("valid", problems.isEmpty());
        n.set("problems", problems(problems));
        return n;
    }

    /** Problems as a JSON array: pointer, line, column, message each. */
    static ArrayNode problems(List<SequenceProblem> problems) {
        ArrayNode list = ApiJson.MAPPER.createArrayNode();
        problems.forEach(p -> list.add(problem(p)));
        return list;
    }

    static ObjectNode problem(SequenceProblem p) {
        return ApiJson.MAPPER.createObjectNode().put("pointer", p.pointer()).put("line", p.line()).put("column", p.column())
                .put("message", p.message());
    }

    /** A JSON schema given as text, as JSON; the text itself if it is not JSON (never expected). */
    private static JsonNode schema(String text) {
        if (text == null || text.isBlank()) {
            return ApiJson.MAPPER.createObjectNode().put("type", "object");
        }
        try {
            return ApiJson.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return ApiJson.MAPPER.getNodeFactory().textNode(text);
        }
    }
}
