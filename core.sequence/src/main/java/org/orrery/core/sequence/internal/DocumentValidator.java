package org.orrery.core.sequence.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import org.orrery.sequence.SequenceProblem;
import org.orrery.sequence.SequenceValidationException;
import org.orrery.sequence.StepType;
import org.orrery.task.ActionInfo;

import com.networknt.schema.JsonSchema;

/**
 * Validates a document: its JSON schema, then the rules the schema cannot say ({@link StepRules}),
 * ids (filled in, unique), and the steps of installed {@link StepType}s, which it expands into
 * the plan. Every problem is reported, in document order, with its line and column when the
 * document was text. Safe for concurrent use.
 */
public final class DocumentValidator {

    /** The resource holding the document schema. */
    public static final String SCHEMA_RESOURCE = "/sequence.schema.json";
    private static final String SCHEMA_TEXT = readSchema();
    private static final int MAX_EXPANSION_DEPTH = 16;

    private final Supplier<List<ActionInfo>> actions;
    private final Function<String, Optional<StepType>> stepTypes;
    private final SchemaCheck schemas = new SchemaCheck();
    private final TargetRules.Services night;
    /** Compiled on first use, not at start (the validator's first schema also loads the meta-schema). */
    private volatile JsonSchema documentSchema;

    private JsonSchema documentSchema() {
        JsonSchema compiled = documentSchema;
        if (compiled == null) {
            // two first callers at once compile it twice: harmless, the schema is immutable
            documentSchema = compiled = schemas.compile(SCHEMA_TEXT);
        }
        return compiled;
    }

    public DocumentValidator(Supplier<List<ActionInfo>> actions, Function<String, Optional<StepType>> stepTypes) {
        this(actions, stepTypes, TargetRules.Services.NONE);
    }

    DocumentValidator(Supplier<List<ActionInfo>> actions, Function<String, Optional<StepType>> stepTypes,
            TargetRules.Services night) {
        this.actions = actions;
        this.stepTypes = stepTypes;
        this.night = night;
    }

    /** The document JSON schema (draft 2020-12), as text. */
    public static String schema() {
        return SCHEMA_TEXT;
    }

    private static String readSchema() {
        try (InputStream in = DocumentValidator.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the bundle has no " + SCHEMA_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The document with its ids filled in and its plan.
     *
     * @throws SequenceValidationException with every problem of the document
     */
    public ValidatedDocument validate(ParsedDocument parsed) throws SequenceValidationException {
        Run run = new Run(parsed);
        ValidatedDocument validated = run.validate();
        if (!run.problems.isEmpty()) {
            throw new SequenceValidationException(run.sorted());
        }
        return validated;
    }

    /** Every problem of the document, in document order; empty when it is valid. */
    public List<SequenceProblem> problems(ParsedDocument parsed) {
        Run run = new Run(parsed);
        run.validate();
        return run.sorted();
    }

    /** One validation: the problems found so far and where the plan's steps came from. */
    private final class Run {

        private final ParsedDocument parsed;
        private final Set<SequenceProblem> problems = new LinkedHashSet<>();
        /** A step of the plan made by a StepType → the pointer of the document's step it replaced. */
        private final Map<Map<String, Object>, String> origins = new IdentityHashMap<>();

        Run(ParsedDocument parsed) {
            this.parsed = parsed;
        }

        ValidatedDocument validate() {
            Map<String, Object> document = Steps.copy(parsed.document());
            List<SequenceProblem> schemaProblems = SchemaCheck.check(documentSchema(), document, "");
            schemaProblems.forEach(p -> problems.add(parsed.locate(p)));
            StepIds ids = new StepIds();
            ids.fill(document);
            Map<String, Object> plan = Steps.copy(document);
            for (String area : Steps.AREAS) {
                plan.computeIfPresent(area, (k, steps) -> planList(steps, "/" + area, null, 0));
            }
            ids.fill(plan);
            duplicates(plan);
            Map<String, ActionInfo> installed = new HashMap<>();
            for (ActionInfo action : actions.get()) {
                installed.put(action.name(), action);
            }
            List<String> schemaPointers = schemaProblems.stream().map(SequenceProblem::pointer).toList();
            Map<String, Map<String, Object>> stepAt = new HashMap<>();
            StepRules rules = new StepRules(installed, schemas, plan, schemaPointers,
                    (pointer, message) -> report(pointer, message, stepAt), night);
            Steps.forEach(plan, (step, pointer) -> {
                stepAt.put(pointer, step);
                rules.check(step, pointer);
            });
            return new ValidatedDocument(document, plan);
        }

        /** Records a problem found in the plan at the document's pointer. */
        private void report(String pointer, String message, Map<String, Map<String, Object>> stepAt) {
            String origin = null;
            for (String at = pointer; !at.isEmpty() && origin == null; at = at.substring(0, at.lastIndexOf('/'))) {
                Map<String, Object> step = stepAt.get(at);
                origin = step == null ? null : origins.get(step);
            }
            if (origin == null) {
                problems.add(parsed.problem(pointer, message));
            } else {
                problems.add(parsed.problem(origin, "in what this step expands to, at " + pointer + ": " + message));
            }
        }

        private Object planList(Object steps, String pointer, String origin, int depth) {
            if (!(steps instanceof List<?> list)) {
                return steps;
            }
            List<Object> planned = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                planned.add(planStep(list.get(i), Pointers.child(pointer, i), origin, depth));
            }
            return planned;
        }

        /** The step of the plan for a step: itself, or a StepType's expansion of it; its children planned too. */
        @SuppressWarnings("unchecked")
        private Object planStep(Object value, String pointer, String origin, int depth) {
            if (!(value instanceof Map<?, ?> map) || !(map.get("type") instanceof String type)) {
                return value;
            }
            Map<String, Object> step = (Map<String, Object>) map;
            if (!Steps.CORE_TYPES.contains(type)) {
                String at = origin == null ? pointer : origin;
                Map<String, Object> expanded = depth >= MAX_EXPANSION_DEPTH ? null : expand(step, type, at);
                if (depth >= MAX_EXPANSION_DEPTH) {
                    problems.add(parsed.problem(at, "step types expand into further step types more than "
                            + MAX_EXPANSION_DEPTH + " deep"));
                }
                if (expanded == null) {
                    return step;
                }
                step = expanded;
                origin = at;
                depth++;
            }
            if (origin != null) {
                origins.put(step, origin);
            }
            for (String key : Steps.childKeys(step.get("type"))) {
                String childOrigin = origin;
                int childDepth = depth;
                step.computeIfPresent(key, (k, steps) -> planList(steps, Pointers.child(pointer, k), childOrigin,
                        childDepth));
            }
            return step;
        }

        /** A StepType's expansion of a step, checked; null (with problems) when there is none. */
        private Map<String, Object> expand(Map<String, Object> step, String type, String at) {
            Optional<StepType> stepType = stepTypes.apply(type);
            if (stepType.isEmpty()) {
                problems.add(parsed.problem(Pointers.child(at, "type"), "unknown step type '" + type + "'; expected one of "
                        + Steps.CORE_TYPES + " or a type that an installed bundle provides"));
                return null;
            }
            Map<String, Object> own = new LinkedHashMap<>(step);
            List.of("type", "id", "name", "description", "on_error").forEach(own::remove);
            List<SequenceProblem> found;
            try {
                found = SchemaCheck.check(schemas.compile(stepType.get().schema()), own, at);
            } catch (IllegalArgumentException e) {
                found = List.of(new SequenceProblem(at, 0, 0, "the step type '" + type
                        + "' declares a schema that cannot be used: " + e.getMessage()));
            }
            if (!found.isEmpty()) {
                found.forEach(p -> problems.add(parsed.locate(p)));
                return null;
            }
            Object expanded;
            try {
                expanded = stepType.get().expand(Steps.copy(step));
            } catch (SequenceValidationException e) {
                e.problems().forEach(p -> problems.add(parsed.problem(at + p.pointer(), p.message())));
                return null;
            } catch (RuntimeException e) {
                problems.add(parsed.problem(at, "the step type '" + type + "' failed to expand the step: " + e));
                return null;
            }
            if (!(expanded instanceof Map<?, ?> map) || !Steps.CORE_TYPES.contains(map.get("type"))) {
                problems.add(parsed.problem(at, "the step type '" + type + "' expanded the step into "
                        + Describe.kind(expanded) + ", not a step of a core type " + Steps.CORE_TYPES));
                return null;
            }
            Map<String, Object> result = Steps.copy((Map<String, Object>) map);
            if (!result.containsKey("id") && step.get("id") instanceof String id) {
                StepIds.withId(result, id);
            }
            Map<String, Object> wrapper = new LinkedHashMap<>(Map.of("name", "expansion", "main", List.of(result)));
            for (SequenceProblem p : SchemaCheck.check(documentSchema(), wrapper, "")) {
                String inside = p.pointer().startsWith("/main/0") ? p.pointer().substring("/main/0".length()) : p.pointer();
                problems.add(parsed.problem(at, "in what this step expands to, at " + inside + ": " + p.message()));
            }
            return result;
        }

        private void duplicates(Map<String, Object> plan) {
            Map<String, String> first = new HashMap<>();
            Steps.forEach(plan, (step, pointer) -> {
                if (step.get("id") instanceof String id) {
                    String before = first.putIfAbsent(id, pointer);
                    if (before != null) {
                        String origin = origins.get(step);
                        problems.add(parsed.problem(Pointers.child(origin == null ? pointer : origin, "id"),
                                "the id '" + id + "' is used twice (first at " + before + "); ids are unique in a document"));
                    }
                }
            });
        }

        /** The problems in document order (then in the order found). */
        List<SequenceProblem> sorted() {
            Map<String, Integer> order = new HashMap<>();
            number(parsed.document(), "", order);
            List<SequenceProblem> list = new ArrayList<>(problems);
            list.sort(Comparator.comparingInt(p -> position(p.pointer(), order)));
            return list;
        }

        private int position(String pointer, Map<String, Integer> order) {
            for (String at = pointer;; at = at.substring(0, at.lastIndexOf('/'))) {
                Integer index = order.get(at);
                if (index != null) {
                    return index;
                }
                if (at.isEmpty()) {
                    return 0;
                }
            }
        }

        private void number(Object value, String pointer, Map<String, Integer> order) {
            order.put(pointer, order.size());
            if (value instanceof Map<?, ?> map) {
                map.forEach((k, v) -> number(v, Pointers.child(pointer, k), order));
            } else if (value instanceof List<?> list) {
                for (int i = 0; i < list.size(); i++) {
                    number(list.get(i), Pointers.child(pointer, i), order);
                }
            }
        }
    }
}
