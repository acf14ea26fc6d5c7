package org.orrery.core.scheduler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Test;
import org.orrery.task.TaskEvent;
import org.orrery.task.TaskNotFoundException;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskSpec;
import org.orrery.task.TaskStatus;

class WhenFinishedTest {

    private TaskRecord record(String id, TaskStatus status) {
        return record(id, status, status.isTerminal() ? 2 : 1);
    }

    /** Each change of a task's record is one revision later (Transitions). */
    private TaskRecord record(String id, TaskStatus status, long revision) {
        return TaskRecord.accepted(TaskSpec.builder("system.noop").id(id).build(), status, null, Instant.EPOCH)
                .toBuilder().status(status).revision(revision).build();
    }

    private static TaskEvent event(TaskEvent.Type type, String id) {
        return new TaskEvent(type, id, id, "system.noop", null, null, null, 0, null, 1, Instant.EPOCH);
    }

    @Test
    void completesWhenTheTaskFinishesAndNotBefore() throws Exception {
        TaskRecord[] now = { record("a", TaskStatus.RUNNING) };
        FinishWaiters waiters = new FinishWaiters(id -> Optional.of(now[0]), () -> { });
        CompletableFuture<TaskRecord> f = waiters.await("a").toCompletableFuture();
        waiters.posted(event(TaskEvent.Type.PROGRESS, "a"));
        assertFalse(f.isDone());
        now[0] = record("a", TaskStatus.COMPLETED);
        waiters.posted(event(TaskEvent.Type.COMPLETED, "a"));
        assertEquals(TaskStatus.COMPLETED, f.get().status());
    }

    @Test
    void aFinishedTaskCompletesAtOnceAndAnUnknownOneFails() {
        boolean[] committed = new boolean[1];
        FinishWaiters waiters = new FinishWaiters(id -> id.equals("done") ? Optional.of(record("done", TaskStatus.FAILED))
                : Optional.empty(), () -> committed[0] = true);
        assertEquals(TaskStatus.FAILED, waiters.await("done").toCompletableFuture().join().status());
        assertTrue(committed[0], "finished in memory: answered once the changes so far are committed (the execution too)");
        ExecutionException e = assertThrows(ExecutionException.class, () -> waiters.await("nope").toCompletableFuture().get());
        assertInstanceOf(TaskNotFoundException.class, e.getCause());
    }

    @Test
    void closingFailsTheWaiters() {
        FinishWaiters waiters = new FinishWaiters(id -> Optional.of(record(id, TaskStatus.PENDING)), () -> { });
        CompletableFuture<TaskRecord> f = waiters.await("x").toCompletableFuture();
        waiters.close();
        assertTrue(f.isCompletedExceptionally());
        assertTrue(waiters.await("y").toCompletableFuture().isCompletedExceptionally());
    }

    @Test
    void aCancelledWaiterIsForgottenAndTheOthersStillComplete() throws Exception {
        TaskRecord[] now = { record("a", TaskStatus.RUNNING) };
        FinishWaiters waiters = new FinishWaiters(id -> Optional.of(now[0]), () -> { });
        CompletableFuture<TaskRecord> gaveUp = waiters.await("a").toCompletableFuture();
        CompletableFuture<TaskRecord> stays = waiters.await("a").toCompletableFuture();
        assertEquals(2, waiters.size());
        gaveUp.cancel(false); // a wait for completion that timed out
        assertEquals(1, waiters.size(), "nothing kept for a waiter that gave up");
        now[0] = record("a", TaskStatus.COMPLETED);
        waiters.posted(event(TaskEvent.Type.COMPLETED, "a"));
        assertEquals(TaskStatus.COMPLETED, stays.get().status());
        assertEquals(0, waiters.size());
    }

    @Test
    void aFinishPostedAfterTheTaskWasRetriedCompletesNobodyAndTheNextFinishCompletesAll() throws Exception {
        TaskRecord[] now = { record("a", TaskStatus.RUNNING, 1) };
        FinishWaiters waiters = new FinishWaiters(id -> Optional.of(now[0]), () -> { });
        CompletableFuture<TaskRecord> before = waiters.await("a").toCompletableFuture();
        now[0] = record("a", TaskStatus.CANCELLED, 2); // an immediate pause; the event thread runs behind
        now[0] = record("a", TaskStatus.PENDING, 3); // the resume retries it before that event is posted
        CompletableFuture<TaskRecord> afterRetry = waiters.await("a").toCompletableFuture();
        waiters.posted(event(TaskEvent.Type.CANCELLED, "a"));
        assertFalse(afterRetry.isDone(), "the retried task has not finished: " + afterRetry);
        assertFalse(before.isDone(), "the task runs again: no record of a finished task to give");
        now[0] = record("a", TaskStatus.COMPLETED, 5);
        waiters.posted(event(TaskEvent.Type.COMPLETED, "a"));
        assertEquals(TaskStatus.COMPLETED, afterRetry.get().status());
        assertEquals(TaskStatus.COMPLETED, before.get().status());
        assertEquals(0, waiters.size());
    }

    @Test
    void aWaiterRegisteredAfterAFinishIsCompletedOnlyByALaterOne() throws Exception {
        TaskRecord[] now = { record("a", TaskStatus.RETRYING, 3) };
        FinishWaiters waiters = new FinishWaiters(id -> Optional.of(now[0]), () -> { });
        CompletableFuture<TaskRecord> f = waiters.await("a").toCompletableFuture();
        now[0] = record("a", TaskStatus.FAILED, 3); // not newer than what the waiter saw
        waiters.posted(event(TaskEvent.Type.FAILED, "a"));
        assertFalse(f.isDone(), "a finish the waiter saw before it waited does not complete it");
        now[0] = record("a", TaskStatus.FAILED, 4);
        waiters.posted(event(TaskEvent.Type.FAILED, "a"));
        assertEquals(4, f.get().revision());
    }
}
