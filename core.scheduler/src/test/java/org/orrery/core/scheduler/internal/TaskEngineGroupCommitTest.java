package org.orrery.core.scheduler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.orrery.task.Action;
import org.orrery.task.ActionContext;
import org.orrery.task.PreparingTaskStore;
import org.orrery.task.TaskEvent;
import org.orrery.task.TaskPage;
import org.orrery.task.TaskQuery;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskSpec;
import org.orrery.task.TaskStatus;
import org.orrery.task.TaskStore;
import org.orrery.task.TaskStoreException;

/**
 * The engine saves after its lock, in groups: what it must still guarantee. The store here is
 * slow (a real disk commit takes a fraction of a millisecond; this one takes a millisecond) and
 * can be held shut, so that a change that is published or acted on before its commit shows.
 */
class TaskEngineGroupCommitTest {

    /** A store that commits slowly, counts its commits and can be held shut. */
    static class SlowStore implements TaskStore {
        final InMemoryTaskStore committed = new InMemoryTaskStore();
        final AtomicInteger saves = new AtomicInteger();
        final AtomicInteger concurrent = new AtomicInteger();
        volatile boolean overlapped;
        volatile CountDownLatch gate = new CountDownLatch(0);
        /** Counted down when a save begins (before it waits at the gate). */
        volatile CountDownLatch saving = new CountDownLatch(1);
        /** When set, every save fails with it (a full disk, a database that went away). */
        volatile TaskStoreException refusal;

        @Override
        public void save(Collection<TaskRecord> tasks) throws TaskStoreException {
            if (refusal != null) {
                throw refusal;
            }
            if (concurrent.incrementAndGet() > 1) {
                overlapped = true;
            }
            saving.countDown();
            try {
                gate.await(10, TimeUnit.SECONDS);
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            committed.save(List.copyOf(tasks));
            saves.incrementAndGet();
            concurrent.decrementAndGet();
        }

        @Override
        public Optional<TaskRecord> get(String id) {
            return committed.get(id);
        }

        @Override
        public TaskPage list(TaskQuery query) {
            return committed.list(query);
        }

        @Override
        public List<TaskRecord> unfinished() {
            return committed.unfinished();
        }
    }

    /** Completes at once, after checking that its task's RUNNING state is committed. */
    static final class CheckingAction implements Action {
        final SlowStore store;
        final List<String> notCommittedWhenRun = new CopyOnWriteArrayList<>();

        CheckingAction(SlowStore store) {
            this.store = store;
        }

        @Override
        public String name() {
            return "test.checked";
        }

        @Override
        public CompletionStage<Map<String, Object>> execute(ActionContext context) {
            TaskStatus stored = store.get(context.taskId()).map(TaskRecord::status).orElse(null);
            if (stored != TaskStatus.RUNNING) {
                notCommittedWhenRun.add(context.taskId() + " was " + stored);
            }
            return CompletableFuture.completedFuture(Map.of());
        }
    }

    private static int rank(TaskStatus s) {
        return switch (s) {
            case PENDING -> 0;
            case READY -> 1;
            case RUNNING -> 2;
            default -> 3;
        };
    }

    private final SlowStore store = new SlowStore();
    private final List<String> eventsAheadOfTheStore = new CopyOnWriteArrayList<>();
    private final Map<String, Boolean> completed = new ConcurrentHashMap<>();
    private TaskEngine engine;

    private void onEvent(TaskEvent event) {
        // the store must already hold this state, or a later one (a state superseded within the
        // same commit is never written)
        TaskStatus stored = store.get(event.taskId()).map(TaskRecord::status).orElse(null);
        if (stored == null || rank(stored) < rank(event.status())) {
            eventsAheadOfTheStore.add(event.type() + " " + event.taskId() + " " + event.status() + " while the store had "
                    + stored);
        }
        if (event.type() == TaskEvent.Type.COMPLETED) {
            completed.put(event.taskId(), true);
        }
    }

    @AfterEach
    void close() {
        store.gate = new CountDownLatch(0);
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void manyConcurrentSubmissionsShareCommitsAndNothingIsPublishedOrRunBeforeItIsCommitted() throws Exception {
        engine = new TaskEngine(EngineSettings.defaults(), store, this::onEvent, Clock.systemUTC(), ParameterValidator.NONE);
        CheckingAction action = new CheckingAction(store);
        engine.addAction(action, "test");
        int threads = 8;
        int perThread = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<String> acknowledgedButNotStored = new CopyOnWriteArrayList<>();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        TaskRecord r = engine.submit(TaskSpec.builder("test.checked").id("t" + id + "-" + i).build());
                        if (store.get(r.id()).isEmpty()) {
                            acknowledgedButNotStored.add(r.id());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (completed.size() < threads * perThread && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(threads * perThread, completed.size(), "every task completed");
        assertEquals(List.of(), acknowledgedButNotStored, "submit returned before the task was stored");
        assertEquals(List.of(), eventsAheadOfTheStore, "events posted before their change was committed");
        assertEquals(List.of(), action.notCommittedWhenRun, "actions ran before RUNNING was committed");
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                assertEquals(TaskStatus.COMPLETED, store.get("t" + t + "-" + i).orElseThrow().status());
            }
        }
        assertFalse(store.overlapped, "the engine saved twice at the same time (the order of saves would be lost)");
        // one commit per operation would be at least 2 per task (submit, completion)
        assertTrue(store.saves.get() < threads * perThread,
                "group commit: " + store.saves.get() + " saves for " + threads * perThread + " tasks");
    }

    @Test
    void submitWaitsForItsCommit() throws Exception {
        engine = new TaskEngine(EngineSettings.defaults(), store, this::onEvent, Clock.systemUTC(), ParameterValidator.NONE);
        engine.addAction(new CheckingAction(store), "test");
        store.gate = new CountDownLatch(1);
        store.saving = new CountDownLatch(1);
        CompletableFuture<TaskRecord> submitted = CompletableFuture.supplyAsync(() -> {
            try {
                return engine.submit(TaskSpec.builder("test.checked").id("held").build());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(store.saving.await(10, TimeUnit.SECONDS), "the submission was never saved");
        assertFalse(submitted.isDone(), "submit returned while the store had not committed");
        assertTrue(completed.isEmpty(), "the task ran and completed before it was committed");
        store.gate.countDown();
        assertEquals("held", submitted.get(10, TimeUnit.SECONDS).id());
        assertTrue(store.get("held").isPresent(), "the acknowledged task is in the store");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!completed.containsKey("held") && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(TaskStatus.COMPLETED, store.get("held").orElseThrow().status());
        assertEquals(List.of(), eventsAheadOfTheStore);
    }

    @Test
    void afterCloseTheStoreHoldsEveryTaskAsTheEngineLastSawIt() throws Exception {
        TaskEngine e = new TaskEngine(EngineSettings.defaults(), store, this::onEvent, Clock.systemUTC(),
                ParameterValidator.NONE);
        e.addAction(new CheckingAction(store), "test");
        List<TaskSpec> specs = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            specs.add(TaskSpec.builder("test.checked").id("c" + i).build());
        }
        e.submitAll(specs);
        e.close(); // while attempts end and their completions queue up for commits
        List<String> differ = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            TaskStatus inEngine = e.get("c" + i).orElseThrow().status();
            TaskStatus stored = store.get("c" + i).orElseThrow().status();
            if (inEngine != stored) {
                differ.add("c" + i + ": engine " + inEngine + ", store " + stored);
            }
        }
        assertEquals(List.of(), differ, "changes the engine made but did not commit before close() returned");
    }

    @Test
    void aSubmissionTheStoreRefusesIsNotAcknowledgedNeverRunsAndPostsNothing() throws Exception {
        engine = new TaskEngine(EngineSettings.defaults(), store, this::onEvent, Clock.systemUTC(), ParameterValidator.NONE);
        CheckingAction action = new CheckingAction(store);
        engine.addAction(action, "test");
        store.refusal = new TaskStoreException("database or disk is full", null);

        TaskStoreException refused = assertThrows(TaskStoreException.class,
                () -> engine.submit(TaskSpec.builder("test.checked").id("lost").build()));
        assertTrue(refused.getMessage().contains("nothing was accepted") && refused.getMessage().contains("disk is full"),
                refused.getMessage());
        assertTrue(store.get("lost").isEmpty(), "a refused task reached the store");

        store.refusal = null; // the disk has room again: the next submission is taken and runs
        engine.submit(TaskSpec.builder("test.checked").id("kept").build());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!completed.containsKey("kept") && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(TaskStatus.COMPLETED, store.get("kept").orElseThrow().status());
        // events are posted in order: had the refused task run, it would have completed before this one
        assertFalse(completed.containsKey("lost"), "the refused task ran");
        assertEquals(List.of(), action.notCommittedWhenRun, "an action ran for a task the store does not know");
        assertEquals(List.of(), eventsAheadOfTheStore, "events were posted for changes the store refused");
        assertEquals(Optional.empty(), engine.get("lost"), "a refused task is not known to users");
        // its id is free: sending the same submission again, now that the store takes it, works
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        TaskRecord again = null;
        while (again == null && System.nanoTime() < deadline) {
            try {
                again = engine.submit(TaskSpec.builder("test.checked").id("lost").build());
            } catch (org.orrery.task.TaskParameterException stillCancelling) {
                Thread.sleep(10); // the refused attempt is still being ended
            }
        }
        assertEquals("lost", again == null ? null : again.id());
        while (!completed.containsKey("lost") && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(TaskStatus.COMPLETED, store.get("lost").orElseThrow().status());
    }

    /** An execution store that notes whether each execution came in one call with its task's record, or apart. */
    static final class JoiningExecutions implements org.orrery.task.ExecutionStore {
        final InMemoryExecutions kept = new InMemoryExecutions();
        final List<String> together = new CopyOnWriteArrayList<>();
        final List<String> apart = new CopyOnWriteArrayList<>();
        /** When set, saving records and executions together fails with it (the store then gets them apart). */
        volatile TaskStoreException refuseTogether;

        @Override
        public void saveExecutions(Collection<org.orrery.task.TaskExecution> executions) throws TaskStoreException {
            executions.forEach(x -> apart.add(x.taskId()));
            kept.saveExecutions(executions);
        }

        @Override
        public void saveTogether(TaskStore tasks, Collection<TaskRecord> records,
                Collection<org.orrery.task.TaskExecution> executions) throws TaskStoreException {
            if (refuseTogether != null) {
                throw refuseTogether;
            }
            tasks.save(records);
            java.util.Set<String> ids = new java.util.HashSet<>();
            records.forEach(r -> ids.add(r.id()));
            for (org.orrery.task.TaskExecution x : executions) {
                (ids.contains(x.taskId()) ? together : apart).add(x.taskId());
            }
            kept.saveExecutions(executions);
        }

        @Override
        public List<org.orrery.task.TaskExecution> executions(String taskId) {
            return kept.executions(taskId);
        }

        @Override
        public void purge(String taskId) {
            kept.purge(taskId);
        }
    }

    /** Submits these tasks from 4 threads at once (so that commits are shared) and waits until each finished. */
    private void runConcurrently(List<String> ids) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<TaskRecord>> submitted = new ArrayList<>();
            for (String id : ids) {
                submitted.add(pool.submit(() -> engine.submit(TaskSpec.builder("test.checked").id(id).build())));
            }
            for (Future<TaskRecord> f : submitted) {
                f.get(30, TimeUnit.SECONDS);
            }
            for (String id : ids) {
                engine.whenFinished(id).toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCommitGroupsExecutionsGoToTheStoreInOneCallWithItsRecords() throws Exception {
        JoiningExecutions executions = new JoiningExecutions();
        engine = new TaskEngine(EngineSettings.defaults(), store, executions, this::onEvent, Clock.systemUTC(),
                ParameterValidator.NONE);
        engine.addAction(new CheckingAction(store), "test");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ids.add("joined-" + i);
        }
        runConcurrently(ids);
        // one call, so a durable store commits both in one transaction: one commit to wait for, not two in a row
        assertEquals(List.of(), executions.apart, "executions saved apart from their task's record");
        assertEquals(new java.util.TreeSet<>(ids), new java.util.TreeSet<>(executions.together));
        for (String id : ids) {
            assertEquals(TaskStatus.COMPLETED, store.get(id).orElseThrow().status());
            assertEquals(1, engine.executions(id).size(), id);
        }
        assertEquals(List.of(), eventsAheadOfTheStore);
    }

    @Test
    void whenTheStoreRefusesRecordsAndExecutionsTogetherItGetsThemApartAndNothingIsLost() throws Exception {
        JoiningExecutions executions = new JoiningExecutions();
        executions.refuseTogether = new TaskStoreException("no joint transaction today", null);
        engine = new TaskEngine(EngineSettings.defaults(), store, executions, this::onEvent, Clock.systemUTC(),
                ParameterValidator.NONE);
        engine.addAction(new CheckingAction(store), "test");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add("apart-" + i);
        }
        runConcurrently(ids);
        for (String id : ids) {
            assertEquals(TaskStatus.COMPLETED, store.get(id).orElseThrow().status(), id);
            assertEquals(1, engine.executions(id).size(), id);
        }
        assertEquals(List.of(), executions.together);
        assertEquals(List.of(), eventsAheadOfTheStore);
    }

    /** A slow store that encodes ahead: notes which records it was given to prepare, and by which thread. */
    static final class PreparingStore extends SlowStore implements PreparingTaskStore {
        final Map<TaskRecord, String> preparedBy = java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());
        final List<String> savedAsPrepared = new CopyOnWriteArrayList<>();

        @Override
        public void prepare(Collection<TaskRecord> tasks) {
            tasks.forEach(t -> preparedBy.put(t, Thread.currentThread().getName()));
        }

        @Override
        public void save(Collection<TaskRecord> tasks) throws TaskStoreException {
            for (TaskRecord t : tasks) {
                String by = preparedBy.get(t);
                if (by != null) {
                    savedAsPrepared.add(t.id() + " " + t.status() + " by " + by);
                }
            }
            super.save(tasks);
        }
    }

    @Test
    void aStoreThatPreparesGetsAnOperationsRecordsOnTheCallersThreadBeforeTheirSave() throws Exception {
        PreparingStore preparing = new PreparingStore();
        engine = new TaskEngine(EngineSettings.defaults(), preparing, e -> { }, Clock.systemUTC(), ParameterValidator.NONE);
        engine.addAction(new CheckingAction(preparing), "test");
        // the first commit may be a direct one, under the lock (the store's speed is not known yet): nothing to prepare
        engine.submit(TaskSpec.builder("test.checked").id("first").build());
        // the first's end committed before the second comes: no other thread commits meanwhile, so
        // nobody can take the second's operation into a group before its caller has prepared it
        engine.whenFinished("first").toCompletableFuture().get(30, TimeUnit.SECONDS);
        engine.awaitCommitted();
        engine.submit(TaskSpec.builder("test.checked").id("second").build());
        String me = Thread.currentThread().getName();
        assertTrue(preparing.savedAsPrepared.stream().anyMatch(s -> s.startsWith("second ") && s.endsWith(" by " + me)),
                "saved: " + preparing.savedAsPrepared);
        assertEquals("second", preparing.get("second").orElseThrow().id());
    }
}
