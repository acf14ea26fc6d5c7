package org.orrery.core.sequence.internal;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;

import org.orrery.sequence.SequenceProblem;
import org.orrery.task.ActionInfo;

import com.networknt.schema.JsonSchema;

/**
 * The checks of a document that its JSON schema cannot make: actions and their parameters,
 * exactly-one-of rules, loop limits, conditions, and the variables and steps that conditions and
 * macros name. One instance checks one plan.
 */
final class StepRules {

    private final Map<String, ActionInfo> actions;
    private final SchemaCheck schemas;
    private final Map<String, Object> initialVariables;
    private final Set<String> declared;
    private final Set<String> ids;
    private final List<String> schemaPointers;
    private final BiConsumer<String, String> report;
    private final TargetRules targets;
    /** Ids of the target steps inside a targets container. */
    private final Set<String> contained = new java.util.HashSet<>();

    /**
     * @param report receives each problem: the pointer (in the plan) and the message
     * @param schemaPointers the pointers of the schema's problems: the form of a condition with one is not
     *        checked again (the steps and variables it names are)
     */
    StepRules(Map<String, ActionInfo> actions, SchemaCheck schemas, Map<String, Object> plan,
            List<String> schemaPointers, BiConsumer<String, String> report, TargetRules.Services night) {
        this.actions = actions;
        this.schemas = schemas;
        this.initialVariables = plan.get("variables") instanceof Map<?, ?> map ? cast(map) : Map.of();
        this.declared = declaredVariables(plan, initialVariables);
        this.ids = new TreeSet<>();
        Steps.forEach(plan, (step, pointer) -> {
            if (step.get("id") instanceof String id) {
                ids.add(id);
            }
        });
        this.schemaPointers = schemaPointers;
        this.report = report;
        this.targets = new TargetRules(night, report);
        Steps.forEach(plan, (step, pointer) -> {
            if ("targets".equals(step.get("type")) && step.get("steps") instanceof List<?> inside) {
                inside.forEach(t -> contained.add(String.valueOf(t instanceof Map<?, ?> m ? m.get("id") : null)));
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    /** Variables given in {@code variables}, assigned by a {@code set} step or a task's {@code outputs}. */
    private static Set<String> declaredVariables(Map<String, Object> plan, Map<String, Object> initial) {
        Set<String> names = new TreeSet<>(initial.keySet());
        Steps.forEach(plan, (step, pointer) -> {
            if ("set".equals(step.get("type")) && step.get("variables") instanceof Map<?, ?> set) {
                set.keySet().forEach(k -> names.add(String.valueOf(k)));
            }
            if ("task".equals(step.get("type")) && step.get("outputs") instanceof Map<?, ?> outputs) {
                outputs.keySet().forEach(k -> names.add(String.valueOf(k)));
            }
        });
        return names;
    }

    /** Checks one step (not its children). */
    void check(Map<String, Object> step, String pointer) {
        Object type = step.get("type");
        if ("task".equals(type)) {
            task(step, pointer);
        } else if ("conditional".equals(type)) {
            condition(step.get("condition"), Pointers.child(pointer, "condition"));
        } else if ("loop".equals(type)) {
            loop(step, pointer);
        } else if ("wait".equals(type)) {
            waitStep(step, pointer);
        } else if ("target".equals(type) || "targets".equals(type)) {
            targets.check(step, pointer, contained.contains(String.valueOf(step.get("id"))));
            instant(step, pointer);
        }
        TriggerRules.check(step, pointer, report, this::task);
        SafetyPolicy.check(step, pointer, report);
        macros(step, pointer);
    }

    private void task(Map<String, Object> step, String pointer) {
        if (!(step.get("action") instanceof String name)) {
            return;
        }
        ActionInfo action = actions.get(name);
        if (action == null) {
            report.accept(Pointers.child(pointer, "action"), "unknown action '" + name + "'; the installed actions are "
                    + (actions.isEmpty() ? "none" : String.join(", ", new TreeSet<>(actions.keySet()))));
            return;
        }
        JsonSchema schema;
        try {
            schema = schemas.compile(action.parameterSchema());
        } catch (IllegalArgumentException e) {
            report.accept(Pointers.child(pointer, "action"), "the action '" + name
                    + "' declares a parameter schema that cannot be used: " + e.getMessage());
            return;
        }
        Object parameters = step.get("parameters") instanceof Map<?, ?> map ? map : Map.of();
        String at = Pointers.child(pointer, "parameters");
        List<String> skipped = new ArrayList<>();
        Object checked = withInitialValues(parameters, at, skipped);
        for (SequenceProblem problem : SchemaCheck.check(schema, checked, at)) {
            if (skipped.stream().noneMatch(s -> problem.pointer().equals(s) || problem.pointer().startsWith(s + "/"))) {
                report.accept(problem.pointer(), "parameters of '" + name + "': " + problem.message());
            }
        }
    }

    /**
     * The parameters with each whole-string macro replaced by its variable's initial value; the
     * pointers of macros without one are added to {@code skipped}: they are not checked.
     */
    private Object withInitialValues(Object value, String pointer, List<String> skipped) {
        if (value instanceof String text) {
            FieldPath path = Macros.whole(text);
            if (path == null) {
                return text;
            }
            Object initial = path.kind() == FieldPath.Kind.VARIABLE && initialVariables.containsKey(path.name())
                    ? FieldPath.walk(initialVariables.get(path.name()), path.keys()) : Scope.MISSING;
            if (initial == Scope.MISSING || initial instanceof String s && Macros.hasMacro(s)) {
                skipped.add(pointer);
                return text;
            }
            return initial;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new java.util.LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), withInitialValues(v, Pointers.child(pointer, k), skipped)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                copy.add(withInitialValues(list.get(i), Pointers.child(pointer, i), skipped));
            }
            return copy;
        }
        return value;
    }

    private void loop(Map<String, Object> step, String pointer) {
        exactlyOne(step, pointer, "a loop", "count", "until", "while");
        if (step.get("count") instanceof Number count && step.get("max_iterations") instanceof Number max
                && count.longValue() > max.longValue()) {
            report.accept(Pointers.child(pointer, "count"), "the loop's count " + count
                    + " is more than its max_iterations " + max + "; raise max_iterations or lower count");
        }
        instant(step, pointer);
        condition(step.get("while"), Pointers.child(pointer, "while"));
    }

    private void waitStep(Map<String, Object> step, String pointer) {
        exactlyOne(step, pointer, "a wait", "seconds", "until", "condition");
        instant(step, pointer);
        if (step.containsKey("condition")) {
            if (!step.containsKey("timeout")) {
                report.accept(pointer, "a wait with a condition needs 'timeout' (seconds): when it passes the step fails");
            }
            condition(step.get("condition"), Pointers.child(pointer, "condition"));
        } else {
            for (String key : List.of("interval", "timeout")) {
                if (step.containsKey(key)) {
                    report.accept(Pointers.child(pointer, key), "'" + key
                            + "' belongs to a wait with a condition; this wait has none");
                }
            }
        }
    }

    private void exactlyOne(Map<String, Object> step, String pointer, String what, String... keys) {
        List<String> present = new ArrayList<>();
        for (String key : keys) {
            if (step.containsKey(key)) {
                present.add(key);
            }
        }
        if (present.size() != 1) {
            report.accept(pointer, what + " has exactly one of '" + String.join("', '", keys) + "'; found "
                    + (present.isEmpty() ? "none" : String.join(" and ", present)));
        }
    }

    private void instant(Map<String, Object> step, String pointer) {
        if (step.get("until") instanceof String text && !Macros.hasMacro(text)) {
            try {
                OffsetDateTime.parse(text);
            } catch (DateTimeParseException e) {
                report.accept(Pointers.child(pointer, "until"), "expected an ISO-8601 instant such as"
                        + " 2026-12-05T22:00:00Z, found '" + text + "'");
            }
        }
    }

    private void condition(Object condition, String pointer) {
        if (condition == null) {
            return;
        }
        if (schemaPointers.stream().noneMatch(p -> p.equals(pointer) || p.startsWith(pointer + "/"))) {
            for (SequenceProblem problem : Conditions.validate(condition, pointer)) {
                report.accept(problem.pointer(), problem.message());
            }
        }
        for (PathReference reference : Conditions.references(condition, pointer)) {
            String missing = unknown(reference.path());
            if (missing != null) {
                report.accept(reference.pointer(), missing);
            }
        }
    }

    /** Every macro in the step's own fields (not its children's). */
    private void macros(Map<String, Object> step, String pointer) {
        List<String> children = Steps.childKeys(step.get("type"));
        for (Map.Entry<String, Object> field : step.entrySet()) {
            if (children.contains(field.getKey())) {
                continue;
            }
            String at = Pointers.child(pointer, field.getKey());
            for (SequenceProblem problem : Macros.problems(field.getValue(), at)) {
                report.accept(problem.pointer(), problem.message());
            }
            for (PathReference reference : Macros.references(field.getValue(), at)) {
                String missing = unknown(reference.path());
                if (missing != null) {
                    report.accept(reference.pointer(), "undefined ${" + reference.path().text() + "}: " + missing);
                }
            }
        }
    }

    /** Why a path names nothing of the document, or null when it does. */
    private String unknown(FieldPath path) {
        if (path.kind() == FieldPath.Kind.VARIABLE && !declared.contains(path.name())) {
            return "the variable '" + path.name() + "' is not declared in 'variables' nor assigned by a 'set' step or"
                    + " a task's 'outputs'" + (declared.isEmpty() ? "" : "; the variables are " + some(declared));
        }
        if (path.isStep() && !ids.contains(path.name())) {
            return "'steps." + path.name() + "' names no step of the document; the step ids are " + some(ids);
        }
        return null;
    }

    /** At most 20 names, for a message. */
    private static String some(Set<String> names) {
        return names.size() <= 20 ? String.join(", ", names)
                : String.join(", ", names.stream().limit(20).toList()) + " (and " + (names.size() - 20) + " more)";
    }
}
