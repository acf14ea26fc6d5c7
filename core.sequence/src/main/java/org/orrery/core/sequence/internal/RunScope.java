package org.orrery.core.sequence.internal;

/**
 * What macros and conditions of one sequence see: its variables, its steps' latest results,
 * states and iterations, its id and name.
 */
final class RunScope {

    /** A path that does not resolve (not null). */
    static final Object MISSING = new Object() {
        @Override
        public String toString() {
            return "<missing>";
        }
    };

    private final Run run;

    RunScope(Run run) {
        this.run = run;
    }

    Object variable(String name) {
        return run.variables.containsKey(name) ? run.variables.get(name) : MISSING;
    }

    Object stepResult(String id) {
        StepRun r = run.latest.get(id);
        return r == null || r.result == null ? MISSING : r.result;
    }

    Object stepState(String id) {
        StepRun r = run.latest.get(id);
        return r == null ? (run.plan.step(id) == null ? MISSING : "pending") : r.state.id();
    }

    Object iteration(String id) {
        StepRun r = run.latest.get(id);
        return r == null || !(run.plan.step(id) instanceof Step.Loop) ? MISSING : r.iteration;
    }

    String sequenceId() {
        return run.id;
    }

    String sequenceName() {
        return run.name;
    }
}
