package org.orrery.core.sequence.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import org.orrery.core.sequence.internal.night.NightPreviewer;
import org.orrery.core.sequence.internal.night.Planner;
import org.orrery.core.sequence.internal.night.SkyView;
import org.orrery.core.sequence.internal.night.Strategy;
import org.orrery.core.sequence.internal.night.TargetSpec;
import org.orrery.core.sequence.internal.night.Weights;
import org.orrery.sequence.DocumentFormat;
import org.orrery.sequence.NightPreview;
import org.orrery.sequence.PlanProgress;
import org.orrery.sequence.SequenceProblem;
import org.orrery.sequence.SequenceValidationException;
import org.orrery.sequence.StoredSequence;
import org.orrery.sequence.TargetStore;
import org.orrery.sky.Sky;
import org.orrery.sky.Twilight;
import org.orrery.task.TaskException;

/**
 * {@link org.orrery.sequence.SequenceManager#preview} of a stored sequence: its {@code targets}
 * containers (document order, wherever they are in the tree), the frames the target store holds
 * for their targets, and the {@link NightPreviewer}. Reads only.
 */
final class NightPreviews {

    static final Duration MAX_SPAN = Duration.ofDays(7);

    private final Supplier<SkyView> view;
    private final Supplier<TargetStore> targetStore;
    private final Function<Map<String, Object>, TargetSpec> parse;

    /**
     * @param parse a {@code target} step (validated) as a spec
     */
    NightPreviews(Supplier<SkyView> view, Supplier<TargetStore> targetStore,
            Function<Map<String, Object>, TargetSpec> parse) {
        this.view = view;
        this.targetStore = targetStore;
        this.parse = parse;
    }

    NightPreview preview(StoredSequence sequence, Instant from, Instant until) throws TaskException {
        if (!until.isAfter(from)) {
            throw problem("until", "expected an instant after from (" + from + "), found " + until);
        }
        if (Duration.between(from, until).compareTo(MAX_SPAN) > 0) {
            throw problem("until", "expected at most 7 days after from (" + from + "), found " + until);
        }
        SkyView sky = view.get();
        // the plan (kept in the run state when it differs) has the objects resolved to ra/dec
        Map<String, Object> state = DocumentText.parse(sequence.runState(), DocumentFormat.JSON).document();
        @SuppressWarnings("unchecked")
        Map<String, Object> document = state.get("plan") instanceof Map<?, ?> plan ? (Map<String, Object>) plan
                : DocumentText.parse(sequence.document(), DocumentFormat.JSON).document();
        List<NightPreviewer.Container> containers = new ArrayList<>();
        Steps.forEach(document, (step, pointer) -> {
            if ("targets".equals(step.get("type"))) {
                containers.add(container(step, sky, from));
            }
        });
        return new NightPreviewer(new Planner(sky)).preview(sequence.id(), containers, accepted(containers), from,
                until);
    }

    private static SequenceValidationException problem(String field, String message) {
        return new SequenceValidationException(List.of(new SequenceProblem("", 0, 0, field + ": " + message)));
    }

    /** Accepted frames per target step and plan key, from the target store (none without one). */
    private Map<String, Map<String, Integer>> accepted(List<NightPreviewer.Container> containers)
            throws TaskException {
        TargetStore store = targetStore.get();
        Map<String, Map<String, Integer>> accepted = new HashMap<>();
        if (store == null) {
            return accepted;
        }
        for (NightPreviewer.Container c : containers) {
            for (TargetSpec t : c.targets()) {
                Map<String, Integer> plans = new HashMap<>();
                for (PlanProgress p : store.progress(t.name())) {
                    plans.put(p.plan(), p.accepted());
                }
                accepted.put(t.stepId(), plans);
            }
        }
        return accepted;
    }

    private NightPreviewer.Container container(Map<String, Object> step, SkyView sky, Instant from) {
        List<TargetSpec> targets = new ArrayList<>();
        if (step.get("steps") instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> m && "target".equals(m.get("type"))) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> target = (Map<String, Object>) m;
                    targets.add(parse.apply(target));
                }
            }
        }
        Object strategy = step.get("strategy");
        return new NightPreviewer.Container(String.valueOf(step.get("id")),
                strategy == null ? Strategy.IN_ORDER : Strategy.parse(strategy.toString()), weights(step), targets,
                until(step.get("until"), sky, from));
    }

    private static Weights weights(Map<String, Object> step) {
        Map<?, ?> w = step.get("weights") instanceof Map<?, ?> m ? m : Map.of();
        Weights d = Weights.DEFAULT;
        return new Weights(number(w.get("meridian"), d.meridian()), number(w.get("setting"), d.setting()),
                number(w.get("completion"), d.completion()), number(w.get("priority"), d.priority()),
                number(w.get("switch_penalty"), d.switchPenalty()), number(step.get("switch_margin"), d.switchMargin()),
                number(step.get("decision_interval"), d.decisionIntervalSeconds()));
    }

    private static double number(Object value, double absent) {
        return value instanceof Number n ? n.doubleValue() : absent;
    }

    /** The container's {@code until}: an instant, or a twilight event after {@code from} (null without a sky). */
    private static Instant until(Object until, SkyView view, Instant from) {
        if (until instanceof String text) {
            return Instant.parse(text);
        }
        if (!(until instanceof Map<?, ?> m) || view.sky().isEmpty()) {
            return null;
        }
        Sky sky = view.sky().get();
        Twilight twilight = Twilight.parse(String.valueOf(m.get("twilight")));
        boolean dusk = "dusk".equals(m.get("event"));
        long offset = Math.round(number(m.get("offset_minutes"), 0) * 60);
        return sky.nextTwilight(twilight, dusk, from).map(t -> t.plusSeconds(offset)).orElse(null);
    }
}
