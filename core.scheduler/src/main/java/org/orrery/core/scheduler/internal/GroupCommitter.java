package org.orrery.core.scheduler.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.orrery.task.ExecutionStore;
import org.orrery.task.PreparingTaskStore;
import org.orrery.task.TaskEvent;
import org.orrery.task.TaskExecution;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskStore;
import org.orrery.task.TaskStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit. Each operation of the engine leaves its changes here, in the order the engine's
 * lock ordered the operations; one thread at a time (the committer) takes everything queued,
 * saves it in one {@link TaskStore#save} (a task changed by several operations once, as it ended
 * up), and only then hands the events to the {@link EventOutbox} and starts the attempts of those
 * operations. The executions of attempts that ended in those operations are saved with the
 * records, in the same transaction where the store can ({@link ExecutionStore#saveTogether}). Its own state is
 * guarded by its queue's monitor ({@code pending}), which is only
 * ever taken inside the engine's lock or without it, never the other way round.
 */
final class GroupCommitter {

    private static final Logger LOG = LoggerFactory.getLogger(TaskEngine.class);

    /** A caller waiting for another thread's commit spins (rather than sleeps) only if commits take less than this. */
    private static final long SPIN_LIMIT_NANOS = 50_000;

    /** Starts a committed operation's attempts, or ends those whose change the store refused. */
    interface Starter {
        void begin(Attempt attempt);

        void refused(Attempt attempt, Exception why);
    }

    /** One operation's changes, waiting for their commit; {@link #failure} is set when the store refused them. */
    static final class Pending {
        private final long seq;
        private final List<TaskRecord> records;
        private final List<TaskEvent> events;
        private final List<Attempt> attempts;
        private final List<TaskExecution> executions;
        private volatile Exception failure;
        /** Set when a committer took this operation into its group: too late to prepare its records. */
        private volatile boolean taken;

        Pending(long seq, List<TaskRecord> records, List<TaskEvent> events, List<Attempt> attempts,
                List<TaskExecution> executions) {
            this.seq = seq;
            this.records = records;
            this.events = events;
            this.attempts = attempts;
            this.executions = executions;
        }

        long seq() {
            return seq;
        }

        /** Why the store refused this operation's changes, or null. */
        Exception failure() {
            return failure;
        }
    }

    /** What {@link #queue} did with an operation. */
    static final class Ticket {
        final Pending pending;
        final long seq;
        final List<Pending> direct;

        Ticket(Pending pending, long seq, List<Pending> direct) {
            this.pending = pending;
            this.seq = seq;
            this.direct = direct;
        }
    }

    private final TaskStore store;
    /** The store, if it encodes records ahead of their save; else null. */
    private final PreparingTaskStore preparer;
    private final ExecutionStore executionStore;
    private final EventOutbox outbox;
    private final Starter starter;

    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    /** Sequence of the last operation queued, and of the last one committed; guarded by {@link #pending}. */
    private long queuedSeq;
    private volatile long committedSeq; // written under pending, read without it while spinning
    /** The thread committing now, or null; written under {@link #pending}. */
    private volatile Thread committer;
    /** How long the last group commit took: tells whether waiting for a commit is worth a spin. */
    private volatile long lastCommitNanos;
    /** Commits made under the engine's lock (guarded by it). */
    private long directCommits;
    /** Takes over committing when a caller leaves work queued behind it. */
    private final ThreadPoolExecutor commitThread;
    private final AtomicBoolean handOffScheduled = new AtomicBoolean();

    GroupCommitter(TaskStore store, ExecutionStore executionStore, EventOutbox outbox, Starter starter) {
        this.store = store;
        this.preparer = store instanceof PreparingTaskStore p ? p : null;
        this.executionStore = executionStore;
        this.outbox = outbox;
        this.starter = starter;
        this.commitThread = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "orrery-task-commit");
            t.setDaemon(true);
            return t;
        });
        this.commitThread.allowCoreThreadTimeOut(true);
    }

    /** The sequence the operation under way (under the engine's lock) will get. */
    long nextSeq() {
        synchronized (pending) {
            return queuedSeq + 1;
        }
    }

    long committedSeq() {
        synchronized (pending) {
            return committedSeq;
        }
    }

    /**
     * Under the engine's lock: queues an operation's changes (none: only the sequence to wait
     * for). A fast store (in memory) with nobody committing is committed here, under the lock,
     * which costs less than handing over; a store that waits for the disk never comes here, so the
     * operations that queue up meanwhile share its next commit.
     */
    Ticket queue(List<TaskRecord> records, List<TaskEvent> events, List<Attempt> attempts,
            List<TaskExecution> executions) {
        boolean any = !records.isEmpty() || !events.isEmpty() || !attempts.isEmpty() || !executions.isEmpty();
        Pending p = null;
        List<Pending> direct = null;
        long seq;
        synchronized (pending) {
            if (any) {
                p = new Pending(++queuedSeq, records, events, attempts, executions);
                if (committer == null && pending.isEmpty() && lastCommitNanos < SPIN_LIMIT_NANOS) {
                    committer = Thread.currentThread();
                    direct = List.of(p);
                } else {
                    pending.add(p);
                }
            }
            seq = queuedSeq; // also when nothing changed: what this caller saw must be committed
        }
        if (direct != null) {
            try {
                // timed now and then: it tells whether the store is still fast
                boolean timed = (++directCommits & 15) == 1;
                long started = timed ? System.nanoTime() : 0;
                boolean saved = save(direct);
                saveExecutions(direct);
                publish(direct); // under the lock: the events keep the order of the operations
                if (timed && saved) {
                    lastCommitNanos = System.nanoTime() - started;
                }
            } finally {
                release(p.seq());
            }
        }
        return new Ticket(p, seq, direct);
    }

    /**
     * After the engine's lock: starts what a direct commit left, or commits (and waits, if asked).
     * A store that can prepares the operation's records first, on this thread: the commit group,
     * which runs on one thread while its callers wait, then finds them encoded.
     */
    void afterLock(Ticket ticket, boolean await) {
        if (ticket.direct != null) {
            start(ticket.direct);
        } else if (ticket.pending != null || await) {
            if (ticket.pending != null && preparer != null && !ticket.pending.taken && !ticket.pending.records.isEmpty()) {
                prepare(ticket.pending.records);
            }
            commit(await ? ticket.seq : 0);
        }
    }

    private void prepare(List<TaskRecord> records) {
        try {
            preparer.prepare(records);
        } catch (RuntimeException e) {
            LOG.debug("The task store did not prepare {} record(s): {}", records.size(), e.getMessage());
        }
    }

    /**
     * Commits what is queued if no other thread is committing (one group at most), then waits,
     * if {@code awaitSeq > 0}, until the operations up to that sequence are committed. Work left
     * queued is handed to the commit thread, so nothing waits for a caller that comes later.
     */
    void commit(long awaitSeq) {
        Thread me = Thread.currentThread();
        boolean interrupted = false;
        try {
            List<Pending> group = null;
            while (group == null) {
                synchronized (pending) {
                    if (awaitSeq > 0 && committedSeq >= awaitSeq) {
                        return;
                    }
                    if (committer == null && !pending.isEmpty()) {
                        committer = me;
                        group = take();
                        break;
                    }
                    if (awaitSeq == 0 || committer == me) {
                        return; // the committer takes it (or this thread commits already: no waiting on itself)
                    }
                }
                // another thread commits: when the store answers within microseconds (in memory),
                // spin a little before sleeping, as a park and unpark costs more than that; a store
                // that waits for the disk gets the CPU for itself
                long last = lastCommitNanos;
                if (last < SPIN_LIMIT_NANOS) {
                    long until = System.nanoTime() + 2 * last + 2_000;
                    while (committedSeq < awaitSeq && committer != null && System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                }
                synchronized (pending) {
                    while (committedSeq < awaitSeq && committer != null) {
                        try {
                            pending.wait();
                        } catch (InterruptedException e) {
                            interrupted = true; // the commit goes on; answer only once it is known
                        }
                    }
                }
            }
            // this operation is in the group (it was queued, and nobody was committing)
            boolean left;
            try {
                commitGroup(group);
            } finally {
                left = release(group.get(group.size() - 1).seq());
            }
            if (left) {
                handOff();
            }
        } finally {
            if (interrupted) {
                me.interrupt();
            }
        }
    }

    /** Returns once every change queued before this call is committed. */
    void awaitCommitted() {
        long seq;
        synchronized (pending) {
            seq = queuedSeq;
        }
        if (seq > 0) {
            commit(seq);
        }
    }

    /** Commits what the last threads left queued, then ends the commit thread. */
    void close() throws InterruptedException {
        commit(0);
        commitThread.shutdown();
        commitThread.awaitTermination(5, TimeUnit.SECONDS);
    }

    void closeNow() {
        commitThread.shutdownNow();
    }

    /** Commits whatever is queued, group after group, until nothing is (on the commit thread). */
    private void commitAll() {
        handOffScheduled.set(false);
        while (true) {
            List<Pending> group;
            synchronized (pending) {
                if (committer != null || pending.isEmpty()) {
                    return; // a caller commits, and hands over again if it leaves work behind
                }
                committer = Thread.currentThread();
                group = take();
            }
            try {
                commitGroup(group);
            } finally {
                release(group.get(group.size() - 1).seq());
            }
        }
    }

    /** Under {@link #pending}: everything queued, as the next group (each marked taken). */
    private List<Pending> take() {
        List<Pending> group = new ArrayList<>(pending);
        pending.clear();
        for (Pending p : group) {
            p.taken = true;
        }
        return group;
    }

    /** Ends a commit up to this sequence: wakes the callers waiting for it; true if more is queued. */
    private boolean release(long seq) {
        synchronized (pending) {
            committer = null;
            committedSeq = seq;
            pending.notifyAll();
            return !pending.isEmpty();
        }
    }

    private void handOff() {
        if (handOffScheduled.compareAndSet(false, true)) {
            try {
                commitThread.execute(this::commitAll);
            } catch (RejectedExecutionException e) {
                handOffScheduled.set(false);
                commitAll(); // closing: commit here
            }
        }
    }

    /** Saves a group of operations' changes in one transaction, then posts their events and starts their attempts. */
    private void commitGroup(List<Pending> group) {
        long started = System.nanoTime();
        List<TaskExecution> executions = new ArrayList<>();
        group.forEach(p -> executions.addAll(p.executions));
        boolean saved = executions.isEmpty() ? save(group) : saveTogether(group, executions);
        publish(group);
        if (saved) {
            lastCommitNanos = System.nanoTime() - started;
        }
        start(group);
    }

    /**
     * Saves a group's records and the executions of the attempts that ended in it in one call, so
     * that a durable store commits them in one transaction: one commit to wait for instead of two
     * in a row (records, then executions). If the store refuses that, each is saved as alone:
     * the records operation by operation ({@link #save}), then the executions (those of a change
     * the store refused too: the attempt did run). False if there were no records.
     */
    private boolean saveTogether(List<Pending> group, List<TaskExecution> executions) {
        Collection<TaskRecord> records = latest(group);
        if (!records.isEmpty()) {
            try {
                executionStore.saveTogether(store, records, executions);
                return true;
            } catch (TaskStoreException | RuntimeException e) {
                LOG.debug("The store did not take a commit group's records and executions together ({}): saving them apart",
                        e.getMessage());
            }
        }
        boolean saved = save(group);
        storeExecutions(executions);
        return saved;
    }

    /** Saves the changes of these operations in one transaction (each task once, as it ended up); false if none. */
    private boolean save(List<Pending> group) {
        Collection<TaskRecord> records = latest(group);
        if (records.isEmpty()) {
            return false;
        }
        try {
            store.save(records);
        } catch (TaskStoreException | RuntimeException e) {
            if (group.size() == 1) {
                group.get(0).failure = e;
                LOG.error("The task store refused {} change(s): {}", records.size(), e.getMessage());
            } else {
                // each operation alone, in order, so that one bad change does not take the others with it
                for (Pending p : group) {
                    saveAlone(p);
                }
            }
        }
        return true;
    }

    /** The records of these operations, each task once, as it ended up. */
    private static Collection<TaskRecord> latest(List<Pending> group) {
        if (group.size() == 1 && group.get(0).records.size() == 1) {
            return group.get(0).records;
        }
        Map<String, TaskRecord> latest = new LinkedHashMap<>();
        for (Pending p : group) {
            for (TaskRecord r : p.records) {
                latest.put(r.id(), r);
            }
        }
        return latest.values();
    }

    private void saveAlone(Pending p) {
        if (p.records.isEmpty()) {
            return;
        }
        Map<String, TaskRecord> latest = new LinkedHashMap<>();
        for (TaskRecord r : p.records) {
            latest.put(r.id(), r);
        }
        try {
            store.save(latest.values());
        } catch (TaskStoreException | RuntimeException e) {
            p.failure = e;
            LOG.error("The task store refused {} change(s): {}", latest.size(), e.getMessage());
        }
    }

    /**
     * Saves the executions of the attempts that ended in these operations (a direct commit of a
     * fast store, under the engine's lock), after their records (an execution of a change the
     * store refused is not saved) and before their events: once a task's end is posted (or
     * {@code whenFinished} completes), its execution is stored. A failure is logged and does not
     * undo the task's change, which is committed.
     */
    private void saveExecutions(List<Pending> group) {
        storeExecutions(executionsOf(group));
    }

    /** The executions of a group's operations that the store took (a refused change's are not saved). */
    private static List<TaskExecution> executionsOf(List<Pending> group) {
        List<TaskExecution> all = new ArrayList<>();
        for (Pending p : group) {
            if (p.failure == null) {
                all.addAll(p.executions);
            }
        }
        return all;
    }

    /** Saves executions in one call; if the store refuses them together, one by one, so one bad one loses only itself. */
    private void storeExecutions(List<TaskExecution> executions) {
        if (executions.isEmpty()) {
            return;
        }
        try {
            executionStore.saveExecutions(executions);
            return;
        } catch (TaskStoreException | RuntimeException e) {
            if (executions.size() == 1) {
                LOG.error("The execution store did not take execution {} of task {}: {}", executions.get(0).id(),
                        executions.get(0).taskId(), e.getMessage());
                return;
            }
        }
        executions.forEach(x -> storeExecutions(List.of(x)));
    }

    /**
     * Hands the events of committed operations to the outbox, in order. A change the store
     * refused is not committed, so its events are not posted.
     */
    private void publish(List<Pending> group) {
        for (Pending p : group) {
            if (p.failure == null) {
                outbox.addAll(p.events);
            }
        }
    }

    /**
     * Starts the attempts of committed operations, and the event thread if events wait. An attempt
     * whose RUNNING state the store refused does not run: the engine ends it at once as failed
     * (retryable), so the task waits for a retry instead of running while the store does not know it.
     */
    private void start(List<Pending> group) {
        for (Pending p : group) {
            for (Attempt attempt : p.attempts) {
                if (p.failure == null) {
                    starter.begin(attempt);
                } else {
                    starter.refused(attempt, p.failure);
                }
            }
        }
        outbox.post();
    }
}
