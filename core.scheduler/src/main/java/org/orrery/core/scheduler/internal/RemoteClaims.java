package org.orrery.core.scheduler.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.orrery.agent.AgentException;
import org.orrery.agent.AgentRegistration;
import org.orrery.agent.Lease;
import org.orrery.task.TaskEvent;
import org.orrery.task.TaskExecutionException;

/**
 * The protocol of remote agents, under the engine's lock: registration, claims (a long poll that
 * holds no thread: a future completed later), leases and their expiry, and the agent's reports.
 * A remote agent offers its free slots only while a claim of it is outstanding; the tasks the
 * dispatcher gives it become RUNNING in that operation, and the claim answers with their leases
 * once that operation is committed (each lease's attempt begins then). Futures are completed
 * outside the lock: {@link #later}, run by the engine after each operation ({@link #flush}). Time is the engine's timer.
 */
final class RemoteClaims {

    /** The lease time of an agent that names none. */
    static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);

    private final TaskEngine engine;
    private final AgentPool pool;
    /** Completions to run once the lock is released. */
    private final Queue<Runnable> later = new ConcurrentLinkedQueue<>();
    /** Agents that made a claim that does not wait in the operation under way. */
    private final List<AgentSlot> immediate = new ArrayList<>();

    RemoteClaims(TaskEngine engine, AgentPool pool) {
        this.engine = engine;
        this.pool = pool;
    }

    /** A remote agent asking for work. */
    static final class Claim {
        final CompletableFuture<List<Lease>> future = new CompletableFuture<>();
        final int max;
        /** It does not wait: it answers at the end of the operation that made it. */
        boolean immediate;
        final List<RemoteLease> leases = new ArrayList<>();
        final AtomicInteger toBegin = new AtomicInteger();
        ScheduledFuture<?> timer = EngineTimer.NONE;

        Claim(int max) {
            this.max = max;
        }

        /** One of its tasks began (or was given back before): the claim answers once all did. */
        void begun() {
            if (toBegin.decrementAndGet() == 0) {
                future.complete(leases.stream().filter(l -> l.begun.get()).map(RemoteLease::lease).toList());
            }
        }
    }

    /** A task given to a remote agent. */
    static final class RemoteLease {
        final String leaseId = TaskIds.next();
        final AgentSlot slot;
        final TaskEntry entry;
        final Claim claim;
        final AtomicBoolean begun = new AtomicBoolean();
        final AtomicBoolean settled = new AtomicBoolean();
        Attempt attempt;
        volatile org.orrery.task.TaskRecord record;
        volatile Instant expiresAt;
        ScheduledFuture<?> expiry = EngineTimer.NONE;

        RemoteLease(AgentSlot slot, TaskEntry entry, Claim claim, Instant expiresAt) {
            this.slot = slot;
            this.entry = entry;
            this.claim = claim;
            this.record = entry.record;
            this.expiresAt = expiresAt;
        }

        /** Its attempt began (after the commit): the claim may answer. */
        void begun() {
            if (settled.compareAndSet(false, true)) {
                begun.set(true);
                claim.begun();
            }
        }

        Lease lease() {
            return new Lease(leaseId, record, expiresAt, attempt != null && attempt.isCancelled());
        }
    }

    // ------------------------------------------------------------------ registration

    AgentSlot register(AgentRegistration r) throws AgentException {
        AgentSlot s = pool.slot(r.id());
        Duration leaseTime = r.leaseTime() == null ? DEFAULT_LEASE : r.leaseTime();
        if (s != null && !s.remote()) {
            throw new AgentException(AgentException.Reason.ID_TAKEN, "agent id '" + r.id() + "' is taken by a local agent of "
                    + s.bundle);
        }
        if (s != null && !s.type.equals(r.type())) {
            throw new AgentException(AgentException.Reason.ID_TAKEN, "agent id '" + r.id() + "' is taken by an agent of type '"
                    + s.type + "', not '" + r.type() + "'");
        }
        if (s != null && s.draining) {
            throw new AgentException(AgentException.Reason.DRAINING, "agent '" + r.id() + "' is draining and being removed;"
                    + " register again once it is gone");
        }
        if (s == null) {
            s = new AgentSlot(r.id(), r.type(), r.capabilities(), r.concurrency(), null, null, engine.now(), leaseTime);
            s.idleSinceNanos = engine.nanoTime();
            pool.added(s);
            watch(s);
            pool.recovery.agentBack(s);
            return s;
        }
        s.capabilities = r.capabilities();
        s.concurrency = r.concurrency();
        s.leaseTime = leaseTime;
        heard(s);
        pool.stateChanged(s);
        pool.agentsChanged();
        return s;
    }

    /** Drains an agent: it takes nothing new; the future completes once it ran out and was removed. */
    CompletableFuture<org.orrery.agent.AgentInfo> drain(AgentSlot s) {
        if (s.drained == null) {
            s.drained = new CompletableFuture<>();
        }
        s.draining = true;
        dropClaim(s);
        pool.stateChanged(s);
        pool.agentsChanged();
        if (s.running.isEmpty()) {
            pool.removeNow(s);
        }
        return s.drained;
    }

    // ------------------------------------------------------------------ claims

    CompletableFuture<List<Lease>> claim(AgentSlot s, int max, Duration wait) {
        heard(s);
        dropClaim(s);
        Claim c = new Claim(max);
        if (s.draining || max < 1) {
            later(() -> c.future.complete(List.of()));
            return c.future;
        }
        s.claim = c;
        if (wait.isZero() || wait.isNegative()) {
            c.immediate = true;
            immediate.add(s); // answered at the end of this operation (operationEnded), no timer, no second operation
            return c.future;
        }
        c.timer = engine.schedule(wait, () -> engine.operateAsync(() -> {
            if (s.claim == c) {
                s.claim = null;
                s.lastHeard = engine.now();
                later(() -> c.future.complete(List.of()));
            }
        }));
        return c.future;
    }

    /**
     * The operation's dispatch is over: a claim that does not wait and got nothing answers empty
     * now (one that got tasks answers once they began, see {@link #endPass}).
     */
    void operationEnded() {
        if (immediate.isEmpty()) {
            return;
        }
        for (AgentSlot s : immediate) {
            Claim c = s.claim;
            if (c != null && c.immediate && c.leases.isEmpty()) {
                dropClaim(s);
            }
        }
        immediate.clear();
    }

    /** An outstanding claim of the agent answers empty (replaced, draining, removed). */
    void dropClaim(AgentSlot s) {
        Claim old = s.claim;
        if (old != null) {
            s.claim = null;
            old.timer.cancel(false);
            later(() -> old.future.complete(List.of()));
        }
    }

    /** A task goes to the agent's outstanding claim (in the dispatch under way). */
    RemoteLease lease(AgentSlot s, TaskEntry e) {
        Instant now = engine.now();
        RemoteLease lease = new RemoteLease(s, e, s.claim, now.plus(s.leaseTime));
        s.claim.leases.add(lease);
        s.leases.put(e.id(), lease);
        lease.expiry = engine.schedule(s.leaseTime, () -> expire(lease));
        return lease;
    }

    /** After a dispatch pass: claims that got work stop pulling; each answers once its tasks began. */
    void endPass(Collection<AgentSlot> slots) {
        for (AgentSlot s : slots) {
            Claim c = s.claim;
            if (c != null && !c.leases.isEmpty()) {
                s.claim = null;
                s.lastHeard = engine.now();
                c.timer.cancel(false);
                c.toBegin.set(c.leases.size());
            }
        }
    }

    /** A lease's attempt ended; one that had not begun yet lets its claim answer without it. */
    void ended(RemoteLease lease) {
        lease.expiry.cancel(false);
        lease.slot.leases.remove(lease.entry.id(), lease);
        if (lease.settled.compareAndSet(false, true)) {
            later(lease.claim::begun);
        }
    }

    /** Tasks handed to a claim whose caller went away: released at once, as if never started. */
    void unclaimed(AgentSlot s, List<Lease> leases) {
        for (Lease l : leases) {
            RemoteLease lease = s.leases.get(l.task().id());
            if (lease == null || !lease.leaseId.equals(l.leaseId()) || lease.entry.attempt != lease.attempt) {
                continue;
            }
            TaskEntry e = lease.entry;
            e.attempt = null;
            lease.attempt.timeout.cancel(false);
            engine.dispatcher.released(lease.attempt);
            engine.changes.change(e, Transitions.unstarted(e.record), TaskEvent.Type.RETRYING);
            engine.lifecycle.reconsider(e);
        }
    }

    // ------------------------------------------------------------------ reports

    RemoteLease current(AgentSlot s, String taskId, String leaseId) throws AgentException {
        RemoteLease lease = s.leases.get(taskId);
        if (lease == null || !lease.leaseId.equals(leaseId) || lease.entry.attempt != lease.attempt) {
            throw new AgentException(AgentException.Reason.LEASE_LOST, "agent '" + s.id + "' holds no lease '" + leaseId
                    + "' on task '" + taskId + "' (it expired, or the task ended or went to another agent): drop the task");
        }
        heard(s);
        return lease;
    }

    Lease heartbeat(RemoteLease lease, Double progress, String message) {
        lease.expiresAt = engine.now().plus(lease.slot.leaseTime);
        TaskEntry e = lease.entry;
        if (progress != null || message != null) {
            double fraction = progress == null ? e.record.progress() : progress;
            e.record(Transitions.withProgress(e.record, fraction, message));
            engine.changes.emit(TaskEvent.Type.PROGRESS, e.record, message);
        }
        lease.record = e.record;
        return lease.lease();
    }

    /** A lease's timer fired: renewed since, it waits on; else the attempt fails as retryable and the agent is offline. */
    private void expire(RemoteLease lease) {
        engine.operateAsync(() -> {
            TaskEntry e = lease.entry;
            if (e.attempt != lease.attempt || lease.attempt == null) {
                return;
            }
            Instant now = engine.now();
            if (now.isBefore(lease.expiresAt)) {
                lease.expiry = engine.schedule(Duration.between(now, lease.expiresAt), () -> expire(lease));
                return;
            }
            AgentSlot s = lease.slot;
            if (!s.offline && !s.gone) {
                s.offline = true;
                pool.stateChanged(s);
                pool.agentsChanged();
            }
            engine.lifecycle.attemptEnded(lease.attempt, null, new TaskExecutionException("agent " + s.id
                    + "'s lease on this task expired at " + lease.expiresAt + ": no heartbeat", true, null));
        });
    }

    // ------------------------------------------------------------------ liveness

    /** The agent was heard from: an offline agent is back. */
    void heard(AgentSlot s) {
        s.lastHeard = engine.now();
        if (s.offline) {
            s.offline = false;
            pool.stateChanged(s);
            pool.agentsChanged();
            s.watchdog.cancel(false);
            watch(s);
        }
    }

    /** A remote agent not heard from within its lease time (and not pulling) goes offline. */
    private void watch(AgentSlot s) {
        watch(s, s.leaseTime);
    }

    private void watch(AgentSlot s, Duration delay) {
        s.watchdog = engine.schedule(delay, () -> engine.operateAsync(() -> {
            if (s.gone || s.offline) {
                return;
            }
            Instant now = engine.now();
            if (s.claim != null) {
                s.lastHeard = now; // pulling
            }
            Instant due = s.lastHeard.plus(s.leaseTime);
            if (now.isBefore(due)) {
                watch(s, Duration.between(now, due));
                return;
            }
            s.offline = true;
            pool.stateChanged(s);
            pool.agentsChanged();
        }));
    }

    // ------------------------------------------------------------------ outside the lock

    /** Runs once the lock is released ({@link #flush}). */
    void later(Runnable completion) {
        later.add(completion);
    }

    /** Completes what waited for the lock to be released; the engine calls it after each operation, never under the lock. */
    void flush() {
        Runnable r;
        while ((r = later.poll()) != null) {
            r.run();
        }
    }
}
