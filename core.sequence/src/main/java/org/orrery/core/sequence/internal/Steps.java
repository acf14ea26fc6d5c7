package org.orrery.core.sequence.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The shape of a document's step tree: areas, core types and where their children are. */
public final class Steps {

    /** The three areas, in the order they run. */
    public static final List<String> AREAS = List.of("start", "main", "end");
    /** The core step types. */
    public static final List<String> CORE_TYPES = List.of("task", "sequential", "parallel", "conditional", "loop",
            "wait", "set", "target", "targets");

    private Steps() {
    }

    /** Called with every step and its pointer. */
    public interface Visitor {
        void visit(Map<String, Object> step, String pointer);
    }

    /** The keys under which a step of this type holds child steps. */
    public static List<String> childKeys(Object type) {
        if ("conditional".equals(type)) {
            return List.of("then", "else");
        }
        if ("target".equals(type)) {
            return List.of("start", "main", "end");
        }
        if ("sequential".equals(type) || "parallel".equals(type) || "loop".equals(type) || "targets".equals(type)) {
            return List.of("steps");
        }
        return List.of();
    }

    /** Visits every step of the document, parents before children, in document order; non-steps are passed over. */
    public static void forEach(Map<String, Object> document, Visitor visitor) {
        for (String area : AREAS) {
            forEachIn(document.get(area), "/" + area, visitor);
        }
    }

    /** Visits the steps of a list (and their children). */
    public static void forEachIn(Object steps, String pointer, Visitor visitor) {
        if (!(steps instanceof List<?> list)) {
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> step = (Map<String, Object>) map;
                String at = Pointers.child(pointer, i);
                visitor.visit(step, at);
                for (String key : childKeys(step.get("type"))) {
                    forEachIn(step.get(key), Pointers.child(at, key), visitor);
                }
            }
        }
    }

    /** A deep copy of a value with mutable maps (in order) and lists. */
    @SuppressWarnings("unchecked")
    public static <T> T copy(T value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), copy(v)));
            return (T) copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(copy(v)));
            return (T) copy;
        }
        return value;
    }
}
