package org.orrery.core.sequence.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One step of a compiled plan: the core step types, each with its id, type, name, JSON pointer
 * and the error policy in force for it (its own, else its container's, else the document's).
 */
sealed interface Step {

    String id();

    String type();

    String name();

    String path();

    ErrorPolicy policy();

    /** The steps directly inside it, in document order (both branches of a conditional). */
    default List<Step> children() {
        return List.of();
    }

    /** Does it do work itself (a task, a wait, a set), rather than hold other steps? */
    default boolean isLeaf() {
        return this instanceof Task || this instanceof Wait || this instanceof Set;
    }

    /** {@code task}: its fields as written (expanded when it starts) and its outputs. */
    record Task(String id, String name, String path, ErrorPolicy policy, Map<String, Object> fields,
            Map<String, String> outputs) implements Step {
        public String type() {
            return "task";
        }
    }

    /** {@code sequential}, {@code parallel} and the three areas. */
    record Container(String id, String type, String name, String path, ErrorPolicy policy, List<Step> steps,
            int maxConcurrency) implements Step {
        boolean parallel() {
            return "parallel".equals(type);
        }

        public List<Step> children() {
            return steps;
        }
    }

    record Conditional(String id, String name, String path, ErrorPolicy policy, Object condition, List<Step> then,
            List<Step> otherwise) implements Step {
        public String type() {
            return "conditional";
        }

        public List<Step> children() {
            return java.util.stream.Stream.concat(then.stream(), otherwise.stream()).toList();
        }

        List<Step> branch(String which) {
            return "else".equals(which) ? otherwise : then;
        }
    }

    /** {@code loop}: exactly one of count, until (an instant, ISO-8601 text) and while. */
    record Loop(String id, String name, String path, ErrorPolicy policy, List<Step> steps, Integer count,
            Object until, Object whileCondition, int maxIterations) implements Step {
        public String type() {
            return "loop";
        }

        public List<Step> children() {
            return steps;
        }
    }

    /** {@code wait}: exactly one of seconds, until and condition (with interval and timeout). */
    record Wait(String id, String name, String path, ErrorPolicy policy, Duration seconds, Object until,
            Object condition, Duration interval, Duration timeout) implements Step {
        public String type() {
            return "wait";
        }
    }

    /**
     * {@code target}: its spec (coordinates resolved), its own {@code until} (or null) and its
     * start, main and end steps; each run of it (a container may run it again after an
     * interruption) is numbered like a loop's iteration, so its children have a record per run.
     */
    record Target(String id, String name, String path, ErrorPolicy policy,
            org.orrery.core.sequence.internal.night.TargetSpec spec, Object until, List<Step> start, List<Step> main,
            List<Step> end) implements Step {
        public String type() {
            return "target";
        }

        public List<Step> children() {
            return java.util.stream.Stream.of(start, main, end).flatMap(List::stream).toList();
        }
    }

    /** {@code targets}: target steps, one running at a time, picked by the planner. */
    record Targets(String id, String name, String path, ErrorPolicy policy, List<Target> steps,
            Map<String, Object> fields) implements Step {
        public String type() {
            return "targets";
        }

        public List<Step> children() {
            return List.copyOf(steps);
        }
    }

    record Set(String id, String name, String path, ErrorPolicy policy, Map<String, Object> variables)
            implements Step {
        public String type() {
            return "set";
        }
    }
}
