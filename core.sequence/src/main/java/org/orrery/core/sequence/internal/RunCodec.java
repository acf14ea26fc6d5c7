package org.orrery.core.sequence.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.orrery.sequence.SequenceState;
import org.orrery.sequence.StepState;
import org.orrery.sequence.StoredSequence;
import org.orrery.sequence.StoredStep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A {@link Run} to and from what the {@link org.orrery.sequence.SequenceStore} keeps: the header
 * with the document and the run state (variables, area, ending, the plan when it differs from
 * the document), and one {@link StoredStep} per step execution.
 */
final class RunCodec {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    /** Decimals stay {@code BigDecimal} (as the document reader makes them): {@code 1.50} is still 1.50 after a restart. */
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** A new sequence of a validated document and its plan (the document with plugin steps expanded). */
    Run fresh(String id, Map<String, Object> document, Map<String, Object> plan, String template, Instant now) {
        Object name = document.get("name");
        Object description = document.get("description");
        Run run = new Run(id, name == null ? id : name.toString(), description == null ? "" : description.toString(),
                template, document, write(document), plan, plan.equals(document), now);
        if (document.get("variables") instanceof Map<?, ?> variables) {
            variables.forEach((k, v) -> run.variables.put(String.valueOf(k), v));
        }
        return run;
    }

    StoredSequence header(Run run, Instant now) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("description", run.description);
        s.put("template", run.template);
        s.put("variables", run.variables);
        s.put("area", run.area);
        s.put("ending", run.ending == null ? null : run.ending.id());
        s.put("error", run.error);
        s.put("started_at", run.startedAt == null ? null : run.startedAt.toString());
        s.put("finished_at", run.finishedAt == null ? null : run.finishedAt.toString());
        s.put("next_order", run.nextOrder);
        if (run.decisions > 0) {
            s.put("decisions", run.decisions);
        }
        if (!run.planIsDocument) {
            s.put("plan", run.planMap);
        }
        return new StoredSequence(run.id, run.name, run.state, run.documentJson, write(s), run.createdAt, now);
    }

    List<StoredStep> steps(Run run, Collection<StepRun> records) {
        List<StoredStep> steps = new ArrayList<>(records.size());
        for (StepRun r : records) {
            steps.add(new StoredStep(run.id, r.key, write(r.toMap())));
        }
        return steps;
    }

    @SuppressWarnings("unchecked")
    Run load(StoredSequence stored, List<StoredStep> steps) {
        Map<String, Object> s = read(stored.runState());
        Map<String, Object> document = read(stored.document());
        Map<String, Object> plan = s.get("plan") instanceof Map<?, ?> p ? (Map<String, Object>) p : document;
        Run run = new Run(stored.id(), stored.name(), (String) s.get("description"), (String) s.get("template"),
                document, stored.document(), plan, !s.containsKey("plan"), stored.createdAt());
        run.state = stored.state();
        if (s.get("variables") instanceof Map<?, ?> v) {
            run.variables.putAll((Map<String, Object>) v);
        }
        run.area = ((Number) s.getOrDefault("area", 0)).intValue();
        run.ending = s.get("ending") == null ? null : SequenceState.parse((String) s.get("ending"));
        run.error = (String) s.get("error");
        run.startedAt = s.get("started_at") == null ? null : Instant.parse((String) s.get("started_at"));
        run.finishedAt = s.get("finished_at") == null ? null : Instant.parse((String) s.get("finished_at"));
        run.nextOrder = ((Number) s.getOrDefault("next_order", 0)).longValue();
        run.decisions = ((Number) s.getOrDefault("decisions", 0)).longValue();
        for (StoredStep step : steps) {
            StepRun r = StepRun.fromMap(step.key(), read(step.state()));
            run.add(r);
            Step plan1 = run.plan.step(r.stepId);
            boolean counting = plan1 instanceof Step.Wait && r.state == StepState.RUNNING;
            if (r.task != null || counting) {
                run.active.add(r.key);
            }
            run.nextOrder = Math.max(run.nextOrder, r.order + 1);
        }
        return run;
    }

    /** The document map of a JSON text. */
    Map<String, Object> read(String text) {
        try {
            return json.readValue(text, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored sequence JSON does not parse: " + e.getOriginalMessage(), e);
        }
    }

    String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON value: " + e.getOriginalMessage(), e);
        }
    }
}
