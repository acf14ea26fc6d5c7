package org.orrery.core.sequence.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The rules of a step's {@code triggers} the schema cannot say: an autofocus trigger has exactly
 * one {@code after_} condition, and the tasks of an {@code on_failure} trigger are checked like
 * task steps (their action installed, their parameters of its schema).
 */
final class TriggerRules {

    static final List<String> AUTOFOCUS_CONDITIONS = List.of("after_frames", "after_minutes", "after_filter_change",
            "after_temperature_change", "after_hfr_increase");

    private TriggerRules() {
    }

    /**
     * @param report receives a problem's pointer and message
     * @param task checks one task of an on_failure trigger (the task map and its pointer)
     */
    static void check(Map<String, Object> step, String pointer, BiConsumer<String, String> report,
            BiConsumer<Map<String, Object>, String> task) {
        if (!(step.get("triggers") instanceof List<?> triggers)) {
            return;
        }
        for (int i = 0; i < triggers.size(); i++) {
            String at = Pointers.child(Pointers.child(pointer, "triggers"), i);
            if (!(triggers.get(i) instanceof Map<?, ?> trigger)) {
                continue;
            }
            if ("autofocus".equals(trigger.get("type"))) {
                List<String> present = new ArrayList<>();
                AUTOFOCUS_CONDITIONS.stream().filter(trigger::containsKey).forEach(present::add);
                if (present.size() != 1) {
                    report.accept(at, "an autofocus trigger has exactly one of '" + String.join("', '",
                            AUTOFOCUS_CONDITIONS) + "'; found " + (present.isEmpty() ? "none"
                                    : String.join(" and ", present)));
                }
            } else if ("on_failure".equals(trigger.get("type")) && trigger.get("steps") instanceof List<?> steps) {
                for (int j = 0; j < steps.size(); j++) {
                    if (steps.get(j) instanceof Map<?, ?> m) {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> t = (Map<String, Object>) m;
                        task.accept(t, Pointers.child(Pointers.child(at, "steps"), j));
                    }
                }
            }
        }
    }
}
