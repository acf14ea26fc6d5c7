package org.orrery.core.sequence.internal;

import java.util.HashMap;
import java.util.Map;

/** A scope over plain maps, for tests. */
final class MapScope implements Scope {

    final Map<String, Object> variables = new HashMap<>();
    final Map<String, Object> results = new HashMap<>();
    final Map<String, String> states = new HashMap<>();
    final Map<String, Integer> iterations = new HashMap<>();

    MapScope with(String name, Object value) {
        variables.put(name, value);
        return this;
    }

    @Override
    public Object variable(String name) {
        return variables.containsKey(name) ? variables.get(name) : MISSING;
    }

    @Override
    public Object stepResult(String id) {
        return results.containsKey(id) ? results.get(id) : MISSING;
    }

    @Override
    public String stepState(String id) {
        return states.get(id);
    }

    @Override
    public Integer iteration(String id) {
        return iterations.get(id);
    }

    @Override
    public String sequenceId() {
        return "seq-1";
    }

    @Override
    public String sequenceName() {
        return "M42";
    }
}
