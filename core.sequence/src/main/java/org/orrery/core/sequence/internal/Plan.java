package org.orrery.core.sequence.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A validated plan (a document whose steps are all of the core types, every id filled in)
 * compiled into typed {@link Step}s: the three areas as containers {@code @start},
 * {@code @main} and {@code @end} (ids no document can use), and an index by id.
 */
final class Plan {

    static final List<String> AREAS = List.of("start", "main", "end");

    private final List<Step.Container> areas;
    private final Map<String, Step> byId = new HashMap<>();
    private final Map<String, Boolean> inLoop = new HashMap<>();
    private final Map<String, String> containerOf = new HashMap<>();
    private final Map<String, String> parentOf = new HashMap<>();
    private final Map<String, Map<String, Object>> onUnsafe = new HashMap<>();

    private Plan(List<Step.Container> areas) {
        this.areas = areas;
        for (Step.Container area : areas) {
            index(area, false);
        }
    }

    /** Compiles a plan map; the plan must be valid (the validator checked it). */
    static Plan compile(Map<String, Object> plan) {
        ErrorPolicy documentPolicy = ErrorPolicy.of(plan.get("on_error"), ErrorPolicy.ABORT);
        List<Step.Container> areas = new ArrayList<>();
        for (String area : AREAS) {
            List<Step> steps = steps(plan.get(area), "/" + area, documentPolicy);
            areas.add(new Step.Container("@" + area, "area", area, "/" + area, documentPolicy, steps, 0));
        }
        Plan compiled = new Plan(areas);
        SafetyPolicy.collect(plan, compiled.onUnsafe);
        return compiled;
    }

    /** The step's parent (a container, loop, target, area), or null for an area. */
    String parentOf(String id) {
        return parentOf.get(id);
    }

    /** The {@code on_unsafe} written on the step, or null. */
    Map<String, Object> onUnsafe(String id) {
        return onUnsafe.get(id);
    }

    List<Step.Container> areas() {
        return areas;
    }

    Step.Container area(int index) {
        return areas.get(index);
    }

    Step step(String id) {
        return byId.get(id);
    }

    /** The {@code targets} container a target step is in, or null. */
    String containerOf(String id) {
        return containerOf.get(id);
    }

    /** Is the step inside a loop (so that it runs once per iteration)? */
    boolean inLoop(String id) {
        return inLoop.getOrDefault(id, false);
    }

    /** Every step that does work, in document order. */
    List<Step> leaves() {
        List<Step> leaves = new ArrayList<>();
        for (Step.Container area : areas) {
            collectLeaves(area, leaves);
        }
        return leaves;
    }

    private static void collectLeaves(Step step, List<Step> into) {
        if (step.isLeaf()) {
            into.add(step);
        }
        for (Step child : step.children()) {
            collectLeaves(child, into);
        }
    }

    private void index(Step step, boolean loop) {
        byId.put(step.id(), step);
        inLoop.put(step.id(), loop);
        for (Step child : step.children()) {
            parentOf.put(child.id(), step.id());
            if (step instanceof Step.Targets) {
                containerOf.put(child.id(), step.id());
            }
            index(child, loop || step instanceof Step.Loop || step instanceof Step.Target);
        }
    }

    private static List<Step> steps(Object list, String path, ErrorPolicy inherited) {
        if (!(list instanceof List<?> items)) {
            return List.of();
        }
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            steps.add(step(map(items.get(i)), path + "/" + i, inherited));
        }
        return Collections.unmodifiableList(steps);
    }

    private static Step step(Map<String, Object> m, String path, ErrorPolicy inherited) {
        String type = (String) m.get("type");
        String id = (String) m.get("id");
        String name = m.get("name") == null ? id : String.valueOf(m.get("name"));
        ErrorPolicy policy = ErrorPolicy.of(m.get("on_error"), inherited);
        switch (type) {
            case "task": {
                Map<String, String> outputs = new LinkedHashMap<>();
                map(m.get("outputs")).forEach((k, v) -> outputs.put(k, String.valueOf(v)));
                return new Step.Task(id, name, path, policy, m, outputs);
            }
            case "sequential":
            case "parallel":
                return new Step.Container(id, type, name, path, policy, steps(m.get("steps"), path + "/steps", policy),
                        m.get("max_concurrency") instanceof Number n ? n.intValue() : 0);
            case "conditional":
                return new Step.Conditional(id, name, path, policy, m.get("condition"),
                        steps(m.get("then"), path + "/then", policy), steps(m.get("else"), path + "/else", policy));
            case "loop":
                return new Step.Loop(id, name, path, policy, steps(m.get("steps"), path + "/steps", policy),
                        m.get("count") instanceof Number n ? n.intValue() : null,
                        m.get("until"), m.get("while"),
                        ((Number) m.get("max_iterations")).intValue());
            case "wait":
                return new Step.Wait(id, name, path, policy, seconds(m.get("seconds"), null), m.get("until"),
                        m.get("condition"),
                        seconds(m.get("interval"), Duration.ofSeconds(5)), seconds(m.get("timeout"), null));
            case "target":
                return new Step.Target(id, name, path, policy,
                        org.orrery.core.sequence.internal.night.TargetSpecs.parse(m), m.get("until"),
                        steps(m.get("start"), path + "/start", policy), steps(m.get("main"), path + "/main", policy),
                        steps(m.get("end"), path + "/end", policy));
            case "targets": {
                List<Step.Target> targets = new ArrayList<>();
                for (Step s : steps(m.get("steps"), path + "/steps", policy)) {
                    targets.add((Step.Target) s);
                }
                return new Step.Targets(id, name, path, policy, List.copyOf(targets), m);
            }
            case "set":
                return new Step.Set(id, name, path, policy, map(m.get("variables")));
            default:
                throw new IllegalArgumentException(path + ": step type '" + type + "' is not a core type;"
                        + " expected the expanded plan");
        }
    }

    private static Duration seconds(Object value, Duration absent) {
        return value instanceof Number n ? Durations.seconds(n) : absent;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
