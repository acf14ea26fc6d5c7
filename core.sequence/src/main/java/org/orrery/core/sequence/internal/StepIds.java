package org.orrery.core.sequence.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Fills in the ids a document leaves out: {@code <type>-<n>}, n = 1, 2, … per type in document
 * order, skipping ids already used. One instance numbers a document and then its plan, so the
 * ids given in the document stay the same in the plan.
 */
final class StepIds {

    private final Set<String> used = new HashSet<>();
    private final Map<String, Integer> counters = new HashMap<>();

    /** Gives every step in the (mutable) document an id; explicit ids are kept. */
    void fill(Map<String, Object> document) {
        Steps.forEach(document, (step, pointer) -> {
            if (step.get("id") instanceof String id) {
                used.add(id);
            }
        });
        Steps.forEach(document, (step, pointer) -> {
            if (!step.containsKey("id") && step.get("type") instanceof String type) {
                withId(step, next(type));
            }
        });
    }

    private String next(String type) {
        String prefix = type.replaceAll("[^A-Za-z0-9_-]", "_");
        if (prefix.isEmpty() || !Character.isLetter(prefix.charAt(0))) {
            prefix = "step" + prefix;
        }
        if (prefix.length() > 40) {
            prefix = prefix.substring(0, 40);
        }
        String id;
        do {
            int n = counters.merge(prefix, 1, Integer::sum);
            id = prefix + "-" + n;
        } while (used.contains(id));
        used.add(id);
        return id;
    }

    /** Puts the id right after the type, keeping the other fields in their order. */
    static void withId(Map<String, Object> step, String id) {
        Map<String, Object> rest = new LinkedHashMap<>(step);
        step.clear();
        if (rest.containsKey("type")) {
            step.put("type", rest.remove("type"));
        }
        step.put("id", id);
        step.putAll(rest);
    }
}
