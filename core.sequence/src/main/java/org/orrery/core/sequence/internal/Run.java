package org.orrery.core.sequence.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.orrery.sequence.SequenceEvent;
import org.orrery.sequence.SequenceState;
import org.orrery.task.TaskSpec;

/**
 * One sequence in the runner's memory: its header, its variables, where it is, and a record of
 * every step execution so far; plus what the current event changed and must store, post and
 * do. Touched only on the runner's thread.
 */
final class Run {

    /** Something to do once the change is stored: submit a task, cancel one, or retry a suspended one. */
    record Effect(String key, String taskId, TaskSpec spec, String cancelReason) {
        static Effect submit(String key, TaskSpec spec) {
            return new Effect(key, spec.id(), spec, null);
        }

        static Effect cancel(String key, String taskId, String reason) {
            return new Effect(key, taskId, null, reason);
        }

        /** Retry the task a pause {@code immediate} cancelled, once it ended. */
        static Effect retry(String key, String taskId) {
            return new Effect(key, taskId, null, null);
        }

        boolean isRetry() {
            return spec == null && cancelReason == null;
        }
    }

    /** A request to leave start and main for the end area (or to end the end area). */
    record Jump(SequenceState ending, String error, boolean failure) {
    }

    final String id;
    final String name;
    final String description;
    final String template;
    final String documentJson;
    final Map<String, Object> document;
    final Map<String, Object> planMap;
    final boolean planIsDocument;
    final Plan plan;
    final Instant createdAt;
    SequenceState state = SequenceState.CREATED;
    final Map<String, Object> variables = new LinkedHashMap<>();
    /** 0 start, 1 main, 2 end, 3 past the end. */
    int area;
    /** The state to end in, once a stop, a skip to end or a failure decided it; null: completed. */
    SequenceState ending;
    String error;
    Instant startedAt;
    Instant finishedAt;
    long nextOrder;
    /** The interpreter that moves it now (for the night's condition fields); set by each pump. */
    Interpreter interpreter;
    /** The number of the next target decision of this sequence. */
    long decisions;
    /** Decisions taken since the last flush: stored with it, in the target store. */
    final List<org.orrery.sequence.TargetDecision> newDecisions = new ArrayList<>();
    /** The decision each TARGET_DECISION event of {@link #events} posts. */
    final Map<SequenceEvent, org.orrery.sequence.TargetDecision> decisionEvents = new java.util.IdentityHashMap<>();
    Jump jump;

    final Map<String, StepRun> records = new LinkedHashMap<>();
    /** The latest execution of each step id. */
    final Map<String, StepRun> latest = new HashMap<>();
    /** Keys of the leaf steps that run now (a task submitted, a wait counting). */
    final Set<String> active = new LinkedHashSet<>();
    /** Instants a timer is set for. */
    final TreeSet<Instant> wakes = new TreeSet<>();

    boolean headerDirty;
    /** A flush of this run is posted to the runner's thread and has not run yet. */
    boolean flushPosted;
    final Set<StepRun> dirty = new LinkedHashSet<>();
    final List<SequenceEvent> events = new ArrayList<>();
    final List<Effect> effects = new ArrayList<>();

    Run(String id, String name, String description, String template, Map<String, Object> document,
            String documentJson, Map<String, Object> planMap, boolean planIsDocument, Instant createdAt) {
        this.id = id;
        this.name = name;
        this.description = description;
        this.template = template;
        this.document = document;
        this.documentJson = documentJson;
        this.planMap = planMap;
        this.planIsDocument = planIsDocument;
        this.plan = Plan.compile(planMap);
        this.createdAt = createdAt;
    }

    /** May a step start now (not while pausing or paused)? */
    boolean mayStart() {
        return state == SequenceState.RUNNING;
    }

    boolean live() {
        return state == SequenceState.RUNNING || state == SequenceState.PAUSING || state == SequenceState.PAUSED;
    }

    static String key(String stepId, List<Integer> iterations) {
        if (iterations.isEmpty()) {
            return stepId;
        }
        StringBuilder b = new StringBuilder(stepId);
        for (int i : iterations) {
            b.append('.').append(i);
        }
        return b.toString();
    }

    /** The record of a step execution, made (pending) if there is none. */
    StepRun record(Step step, List<Integer> iterations) {
        String key = key(step.id(), iterations);
        StepRun r = records.get(key);
        if (r == null) {
            r = new StepRun(key, step.id(), nextOrder++);
            // a loop counts its own iterations; a step inside one belongs to the innermost's
            r.iteration = iterations.isEmpty() || step instanceof Step.Loop
                    || step instanceof Step.Target ? 0 : iterations.get(iterations.size() - 1);
            add(r);
            dirty.add(r);
            headerDirty = true;
        }
        return r;
    }

    StepRun existing(Step step, List<Integer> iterations) {
        return records.get(key(step.id(), iterations));
    }

    void add(StepRun r) {
        records.put(r.key, r);
        StepRun before = latest.get(r.stepId);
        if (before == null || before.order < r.order) {
            latest.put(r.stepId, r);
        }
    }

    void changed(StepRun r) {
        dirty.add(r);
    }

    void event(SequenceEvent.Type type, Step step, StepRun r, String error, Instant at) {
        events.add(new SequenceEvent(type, id, name, state, step == null ? null : step.id(),
                step == null ? null : step.path(), step == null ? null : step.type(), taskOf(r), error, at));
    }

    /** The task a step event names: the one running, else the step's latest. */
    private static String taskOf(StepRun r) {
        if (r == null) {
            return null;
        }
        return r.task != null ? r.task : r.taskIds.isEmpty() ? null : r.taskIds.get(r.taskIds.size() - 1);
    }

    boolean pendingWork() {
        return headerDirty || !dirty.isEmpty() || !events.isEmpty() || !effects.isEmpty() || !newDecisions.isEmpty();
    }
}
