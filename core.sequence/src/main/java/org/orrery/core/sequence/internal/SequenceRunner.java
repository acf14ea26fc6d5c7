package org.orrery.core.sequence.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import org.orrery.sequence.SequenceEvent;
import org.orrery.sequence.SequenceEvent.Type;
import org.orrery.sequence.SequenceInfo;
import org.orrery.sequence.SequenceNotFoundException;
import org.orrery.sequence.SequenceState;
import org.orrery.sequence.SequenceStateException;
import org.orrery.sequence.SequenceStore;
import org.orrery.sequence.StoredSequence;
import org.orrery.sequence.TargetDecision;
import org.orrery.sequence.TargetStore;
import org.orrery.task.PauseMode;
import org.orrery.task.Scheduler;
import org.orrery.task.TaskException;
import org.orrery.task.TaskSpec;
import org.orrery.task.TaskStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs sequences, as an actor: every command, task end and timer of every sequence is handled
 * on one executor, one at a time, so no sequence needs a thread of its own (the scheduler does
 * the work). Changes are stored in one {@link SequenceStore#update} before their events are
 * posted and before the tasks they start are submitted; the task ends that queue up while the
 * actor is busy are stored together (one flush posted per sequence).
 */
final class SequenceRunner {

    private static final Logger LOG = LoggerFactory.getLogger(SequenceRunner.class);
    /** How long after a refused store update the sequence is read again. */
    static final java.time.Duration STORE_RETRY = java.time.Duration.ofSeconds(5);

    private final SequenceStore store;
    private final Scheduler scheduler;
    private final RunPublisher publisher;
    private final Actor actor;
    private final WakeTimer timer;
    private final Interpreter interpreter;
    private final TaskEffects tasks;
    private final FrameWatch watch;
    private final RunCodec codec = new RunCodec();
    /** Sequences that run, pause or wait to start, by id. */
    private final Map<String, Run> runs = new HashMap<>();
    private final Map<String, List<CompletableFuture<SequenceInfo>>> waiters = new HashMap<>();
    private final Map<String, java.util.Set<Instant>> timers = new HashMap<>();

    SequenceRunner(SequenceStore store, Scheduler scheduler, Consumer<SequenceEvent> events, Executor actor,
            WakeTimer timer, Interpreter interpreter) {
        this.store = store;
        this.scheduler = scheduler;
        this.publisher = new RunPublisher(events, () -> interpreter.night().store().get());
        this.actor = new Actor(actor);
        this.timer = timer;
        this.interpreter = interpreter;
        this.watch = new FrameWatch(timer);
        this.tasks = new TaskEffects(scheduler, this.actor, interpreter, runs::get, run -> {
            interpreter.pump(run);
            flushSoon(run);
        });
    }

    RunCodec codec() {
        return codec;
    }

    // ------------------------------------------------------------------ commands (any thread)

    SequenceInfo create(Run run) throws TaskException {
        return actor.call(() -> {
            store.insert(codec.header(run, interpreter.now()));
            run.headerDirty = false;
            run.dirty.clear();
            runs.put(run.id, run);
            return SequenceInfos.of(run);
        });
    }

    SequenceInfo start(String id) throws TaskException {
        return command(id, run -> {
            if (run.state != SequenceState.CREATED) {
                throw new SequenceStateException("sequence " + id + " is " + run.state.id()
                        + "; only a created sequence starts");
            }
            run.state = SequenceState.RUNNING;
            run.startedAt = interpreter.now();
            run.headerDirty = true;
            run.event(Type.SEQUENCE_STARTED, null, null, null, run.startedAt);
        });
    }

    SequenceInfo pause(String id, PauseMode mode) throws TaskException {
        return command(id, run -> {
            if (run.state != SequenceState.RUNNING
                    && !(run.state == SequenceState.PAUSING && mode == PauseMode.IMMEDIATE)) {
                throw new SequenceStateException("sequence " + id + " is " + run.state.id()
                        + "; only a running sequence pauses");
            }
            run.headerDirty = true;
            if (mode == PauseMode.DEFERRED) {
                run.state = SequenceState.PAUSING;
                return;
            }
            for (String key : List.copyOf(run.active)) {
                StepRun r = run.records.get(key);
                if (r.task != null) {
                    run.effects.add(Run.Effect.cancel(key, r.task, "the sequence paused"));
                    r.suspended = true; // on resume the same task is retried: it continues from its checkpoint
                    r.resuming = false;
                    r.state = org.orrery.sequence.StepState.PENDING;
                    run.active.remove(key);
                    run.changed(r);
                }
            }
            run.state = SequenceState.PAUSED;
            run.event(Type.SEQUENCE_PAUSED, null, null, null, interpreter.now());
        });
    }

    SequenceInfo resume(String id) throws TaskException {
        return command(id, run -> {
            if (run.state != SequenceState.PAUSED && run.state != SequenceState.PAUSING) {
                throw new SequenceStateException("sequence " + id + " is " + run.state.id()
                        + "; only a paused sequence resumes");
            }
            run.state = SequenceState.RUNNING;
            run.headerDirty = true;
            run.event(Type.SEQUENCE_RESUMED, null, null, null, interpreter.now());
        });
    }

    SequenceInfo stop(String id) throws TaskException {
        return leave(id, new Run.Jump(SequenceState.STOPPED, "stopped by a user", false));
    }

    SequenceInfo skipToEnd(String id) throws TaskException {
        return leave(id, new Run.Jump(SequenceState.COMPLETED, null, false));
    }

    private SequenceInfo leave(String id, Run.Jump jump) throws TaskException {
        return command(id, run -> {
            requireLive(run, "stops or skips to its end");
            run.state = SequenceState.RUNNING;
            run.jump = jump;
            interpreter.jump(run);
        });
    }

    SequenceInfo halt(String id) throws TaskException {
        return command(id, run -> {
            requireLive(run, "halts");
            interpreter.halt(run, "halted by a user");
        });
    }

    void delete(String id) throws TaskException {
        actor.call(() -> {
            Run run = load(id);
            if (run.live()) {
                throw new SequenceStateException("sequence " + id + " is " + run.state.id()
                        + "; stop or halt it before deleting it");
            }
            runs.remove(id);
            store.delete(id);
            TargetStore targets = interpreter.night().store().get();
            if (targets != null) {
                try {
                    targets.deleteDecisions(id);
                } catch (TaskStoreException e) {
                    LOG.warn("The decisions of deleted sequence {} stay in the target store: {}", id, e.getMessage());
                }
            }
            return null;
        });
    }

    Optional<SequenceInfo> get(String id) throws TaskException {
        return actor.call(() -> {
            try {
                return Optional.of(SequenceInfos.of(load(id)));
            } catch (SequenceNotFoundException e) {
                return Optional.empty();
            }
        });
    }

    /** The info of stored sequences (a running one as the runner knows it). */
    List<SequenceInfo> infos(List<StoredSequence> stored) throws TaskException {
        return actor.call(() -> {
            List<SequenceInfo> infos = new ArrayList<>();
            for (StoredSequence s : stored) {
                boolean wasInMemory = runs.containsKey(s.id());
                Run run = inMemory(s.id());
                // a run its pending flush ended (or dropped) is read again: s was read before that flush
                StoredSequence header = wasInMemory && run == null ? store.get(s.id()).orElse(s) : s;
                infos.add(SequenceInfos.of(run != null ? run : codec.load(header, store.steps(s.id()))));
            }
            return infos;
        });
    }

    CompletionStage<SequenceInfo> whenFinished(String id) {
        CompletableFuture<SequenceInfo> done = new CompletableFuture<>();
        actor.execute(() -> {
            try {
                Run run = load(id);
                if (run.state.isTerminal()) {
                    done.complete(SequenceInfos.of(run));
                } else {
                    waiters.computeIfAbsent(id, k -> new ArrayList<>()).add(done);
                }
            } catch (TaskException | RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /** Takes up every unfinished sequence of the store (after a restart). */
    void recover() throws TaskException {
        actor.call(() -> {
            for (StoredSequence s : store.unfinished()) {
                takeUp(s, true);
            }
            return null;
        });
    }

    /** A stored sequence that runs or may run, taken into memory: re-attached to its tasks, its timers set, moved on. */
    private Run takeUp(StoredSequence stored, boolean restarted) throws TaskException {
        Run run = codec.load(stored, store.steps(stored.id()));
        run.interpreter = interpreter;
        runs.put(run.id, run);
        if (!run.live()) {
            return run;
        }
        for (String key : List.copyOf(run.active)) {
            StepRun r = run.records.get(key);
            if (r.task != null) {
                reattach(run, r);
            } else if (r.dueAt != null) {
                interpreter.leaves().wake(run, r.dueAt);
            }
        }
        if (restarted) { // devices may have changed meanwhile: a target taking frames points again
            for (String key : List.copyOf(run.active)) {
                StepRun r = run.records.get(key);
                if (run.plan.step(r.stepId) instanceof Step.Target t) {
                    boolean ended = r.task != null
                            && scheduler.get(r.task).map(task -> task.status().isTerminal()).orElse(false);
                    interpreter.safetyPolicy().afterRestart(run, t, r, ended);
                }
            }
        }
        interpreter.pump(run);
        flush(run);
        return run;
    }

    void close() {
        actor.execute(watch::close);
        actor.close();
        actor.execute(() -> waiters.values().forEach(list -> list.forEach(
                f -> f.completeExceptionally(new TaskException("the sequence layer stopped")))));
    }

    // ------------------------------------------------------------------ events (the actor)

    private void reattach(Run run, StepRun r) throws TaskException {
        if (r.suspended) {
            return; // the pump that follows asks for the retry of its task (Leaves.task)
        }
        if (scheduler.get(r.task).isPresent()) {
            tasks.attach(run.id, r.key, r.task);
            return;
        }
        TaskSpec spec;
        try {
            Step step = run.plan.step(r.stepId);
            spec = step instanceof Step.Target t ? interpreter.targets().spec(run, t, r, r.task)
                    : step instanceof Step.Targets c ? interpreter.containers().spec(run, c, r, r.task)
                    : interpreter.leaves().spec(run, (Step.Task) step, r.task);
        } catch (RuntimeException e) {
            interpreter.leaves().refused(run, r.key, r.task, e.getMessage());
            return;
        }
        tasks.submit(run, Run.Effect.submit(r.key, spec));
    }

    /**
     * Posts one flush of the run unless one is posted already, so the task ends that queue up
     * meanwhile are stored in one update and their tasks submitted together. It runs only if the
     * run is still the one in memory (not dropped after a refused update, nor ended).
     */
    private void flushSoon(Run run) {
        if (run.flushPosted) {
            return;
        }
        run.flushPosted = true;
        actor.post(() -> {
            if (run.flushPosted && runs.get(run.id) == run) {
                flush(run);
            }
        });
    }

    private void wakeUp(String sequenceId, Instant at) {
        java.util.Set<Instant> set = timers.get(sequenceId);
        if (set != null) {
            set.remove(at);
        }
        Run run = runs.get(sequenceId);
        if (run != null) {
            interpreter.pump(run);
            flush(run);
        }
    }

    /**
     * Stores what the run's last change did, posts its events, submits and cancels its tasks, sets
     * its timers; returns the store's exception when it could not store (then nothing else was done).
     */
    private TaskStoreException flush(Run run) {
        run.flushPosted = false; // this flush does what a posted one would
        while (run.pendingWork()) {
            if (run.headerDirty || !run.dirty.isEmpty()) {
                try {
                    store.update(codec.header(run, interpreter.now()), codec.steps(run, run.dirty));
                } catch (TaskStoreException e) {
                    // what is not stored did not happen: the run is read again from the store shortly
                    LOG.error("Sequence {} could not be stored; it is read again from the store in {} s: {}", run.id,
                            STORE_RETRY.toSeconds(), e.getMessage());
                    runs.remove(run.id);
                    timers.remove(run.id);
                    String id = run.id;
                    timer.at(interpreter.now().plus(STORE_RETRY), () -> actor.post(() -> retry(id)));
                    return e;
                }
                run.headerDirty = false;
                run.dirty.clear();
            }
            publisher.publish(run);
            List<Run.Effect> effects = List.copyOf(run.effects);
            run.effects.clear();
            List<Run.Effect> submits = new ArrayList<>();
            for (Run.Effect effect : effects) { // cancels and retries first, then the submits together
                if (effect.spec() != null) {
                    submits.add(effect);
                } else if (effect.isRetry()) {
                    tasks.retryWhenEnded(run, effect.key(), effect.taskId());
                } else {
                    tasks.cancel(effect);
                }
            }
            tasks.submitAll(run, submits);
            if (!effects.isEmpty()) {
                interpreter.pump(run);
            }
        }
        setTimers(run);
        if (run.state.isTerminal()) {
            runs.remove(run.id);
            timers.remove(run.id);
            SequenceInfo info = SequenceInfos.of(run);
            for (CompletableFuture<SequenceInfo> f : waiters.getOrDefault(run.id, List.of())) {
                f.complete(info);
            }
            waiters.remove(run.id);
        }
        return null;
    }

    /** Decisions posted with their decision (the component adds it to the Event Admin event). */
    void onDecisions(java.util.function.BiConsumer<SequenceEvent, TargetDecision> consumer) {
        publisher.onDecisions(consumer);
    }

    /** A sequence's decisions from the target store. */
    List<TargetDecision> decisions(String id, long after, int limit) throws TaskException {
        actor.call(() -> load(id));
        TargetStore targets = interpreter.night().store().get();
        return targets == null ? List.of() : targets.decisions(id, after, limit);
    }

    private void setTimers(Run run) {
        java.util.Set<Instant> set = timers.computeIfAbsent(run.id, k -> new java.util.HashSet<>());
        for (Instant at : run.wakes) {
            if (set.add(at)) {
                String id = run.id;
                timer.at(at, () -> actor.post(() -> wakeUp(id, at)));
            }
        }
        run.wakes.clear();
        String id = run.id;
        watch.update(run, () -> actor.post(() -> watchTick(id)));
    }

    /** The frame watch's tick: the running targets checked (a cancel in this same turn), the run moved on. */
    private void watchTick(String id) {
        watch.fired(id);
        Run run = runs.get(id);
        if (run != null && run.live()) {
            FrameWatch.check(run, interpreter);
            interpreter.pump(run);
            flush(run);
        }
    }

    // ------------------------------------------------------------------ plumbing

    private interface Change {
        void apply(Run run) throws TaskException;
    }

    private SequenceInfo command(String id, Change change) throws TaskException {
        return actor.call(() -> {
            Run run = load(id);
            change.apply(run);
            interpreter.pump(run);
            TaskStoreException failed = flush(run);
            if (failed != null) {
                throw failed; // nothing changed: the run is read again from the store
            }
            return SequenceInfos.of(run);
        });
    }

    private static void requireLive(Run run, String what) throws SequenceStateException {
        if (!run.live()) {
            throw new SequenceStateException("sequence " + run.id + " is " + run.state.id()
                    + "; only a running or paused sequence " + what);
        }
    }

    /** The run of a sequence: in memory, or loaded from the store (and taken up if it runs). */
    private Run load(String id) throws TaskException {
        Run run = inMemory(id);
        if (run != null) {
            return run;
        }
        StoredSequence stored = store.get(id).orElseThrow(() -> new SequenceNotFoundException("no sequence '" + id + "'"));
        if (!stored.state().isTerminal()) {
            return takeUp(stored, false);
        }
        return codec.load(stored, store.steps(id));
    }

    /**
     * The run in memory, its posted flush done first so that no caller sees a state that is not
     * stored yet; null if none (or if the store refused that flush: the run was dropped).
     */
    private Run inMemory(String id) {
        Run run = runs.get(id);
        if (run != null && run.flushPosted) {
            flush(run);
        }
        return runs.get(id);
    }

    /** After the store refused a change: the run is read again from the store, as after a restart. */
    private void retry(String id) {
        if (runs.containsKey(id)) {
            return;
        }
        try {
            load(id);
        } catch (TaskException | RuntimeException e) {
            LOG.warn("Sequence {} cannot be read again yet: {}", id, e.getMessage());
            timer.at(interpreter.now().plus(STORE_RETRY), () -> actor.post(() -> retry(id)));
        }
    }
}
