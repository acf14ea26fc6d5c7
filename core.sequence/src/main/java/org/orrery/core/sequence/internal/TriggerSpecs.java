package org.orrery.core.sequence.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The triggers in force for a target step: those of every enclosing {@code sequential},
 * {@code loop} and {@code targets} container, outermost first, then its own.
 */
final class TriggerSpecs {

    private TriggerSpecs() {
    }

    static List<Map<String, Object>> of(Map<String, Object> plan, String targetId) {
        for (String area : Steps.AREAS) {
            List<Map<String, Object>> found = find(plan.get(area), targetId, List.of());
            if (found != null) {
                return found;
            }
        }
        return List.of();
    }

    /** The triggers of the target inside these steps (with those inherited so far), or null when it is not there. */
    private static List<Map<String, Object>> find(Object steps, String targetId, List<Map<String, Object>> inherited) {
        if (!(steps instanceof List<?> list)) {
            return null;
        }
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> step)) {
                continue;
            }
            List<Map<String, Object>> here = with(inherited, step.get("triggers"));
            if ("target".equals(step.get("type"))) {
                if (targetId.equals(step.get("id"))) {
                    return here;
                }
                continue; // a target's own steps hold no target
            }
            for (String key : Steps.childKeys(step.get("type"))) {
                List<Map<String, Object>> found = find(step.get(key), targetId, here);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> with(List<Map<String, Object>> inherited, Object triggers) {
        if (!(triggers instanceof List<?> own) || own.isEmpty()) {
            return inherited;
        }
        List<Map<String, Object>> all = new ArrayList<>(inherited);
        own.forEach(t -> all.add((Map<String, Object>) t));
        return all;
    }
}
