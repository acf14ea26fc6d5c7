package org.orrery.core.sequence.internal;

/**
 * What macros and conditions of one sequence see: its variables, its steps' latest results,
 * states and iterations, its id and name.
 */
final class RunScope implements Scope {

    private final Run run;

    RunScope(Run run) {
        this.run = run;
    }

    @Override
    public Object variable(String name) {
        return run.variables.containsKey(name) ? run.variables.get(name) : MISSING;
    }

    @Override
    public Object stepResult(String id) {
        StepRun r = run.latest.get(id);
        return r == null || r.result == null ? MISSING : r.result;
    }

    @Override
    public String stepState(String id) {
        StepRun r = run.latest.get(id);
        return r == null ? (run.plan.step(id) == null ? null : "pending") : r.state.id();
    }

    @Override
    public Integer iteration(String id) {
        StepRun r = run.latest.get(id);
        return r == null || !(run.plan.step(id) instanceof Step.Loop) || r.iteration == 0 ? null : r.iteration;
    }

    @Override
    public Object night(String field) {
        Interpreter in = run.interpreter;
        return in == null ? MISSING : NightFields.value(field, run, in.night(), in.safety(), in.now());
    }

    @Override
    public String sequenceId() {
        return run.id;
    }

    @Override
    public String sequenceName() {
        return run.name;
    }
}
