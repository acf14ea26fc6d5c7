package org.orrery.core.scheduler.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import org.orrery.task.Priority;

/**
 * The READY tasks, one FIFO lane per priority, and the order they start in. A task's
 * <em>effective</em> level is its priority plus one for every aging step it has waited, at most
 * CRITICAL's: no task starves. Between two tasks the higher effective level goes first; at the
 * same effective level the higher <em>own</em> priority, and only then the one waiting longer.
 * So aging lets an old task overtake younger ones of a higher priority once it has climbed past
 * them, but never a CRITICAL one: nothing climbs past the top level, and at the top level a
 * CRITICAL task's own priority wins. Not thread-safe: the engine's lock guards it.
 */
final class ReadyQueue {

    private static final int TOP = Priority.CRITICAL.value();

    @SuppressWarnings("unchecked")
    private final LinkedHashSet<TaskEntry>[] lanes = new LinkedHashSet[TOP + 1];
    private long seq;
    /** How many queued tasks run on agents, and on the scheduler's own slots. */
    private int forAgents;
    private int local;
    /** Queued agent tasks by the agent they are assigned to, and (those assigned to none) by capability. */
    private final Map<String, Integer> byAgent = new HashMap<>();
    private final Map<String, Integer> byCapability = new HashMap<>();

    ReadyQueue() {
        for (int i = 1; i <= TOP; i++) {
            lanes[i] = new LinkedHashSet<>();
        }
    }

    /** The task became READY now (ticker nanoseconds). */
    void add(TaskEntry e, long nowNanos) {
        e.readySeq = ++seq;
        e.readySinceNanos = nowNanos;
        if (lanes[e.spec().priority().value()].add(e)) {
            counted(e, 1);
        }
    }

    void remove(TaskEntry e) {
        if (lanes[e.spec().priority().value()].remove(e)) {
            counted(e, -1);
        }
    }

    private void counted(TaskEntry e, int by) {
        if (AgentPool.forAgent(e.spec())) {
            forAgents += by;
            String agent = AgentPool.agentOf(e.spec());
            if (agent != null) {
                byAgent.merge(agent, by, ReadyQueue::sum);
            } else {
                byCapability.merge(AgentPool.capability(e.spec()), by, ReadyQueue::sum);
            }
        } else {
            local += by;
        }
    }

    /** A count's new value; null (removed) at 0. */
    private static Integer sum(Integer a, Integer b) {
        int n = a + b;
        return n == 0 ? null : n;
    }

    /**
     * Whether a queued task could run on the agent: one assigned to it, or one assigned to none that
     * needs a capability of it (a superset: it ignores resources and a task's capability besides its
     * agent). So an agent offering slots that no queued task could take starts no walk of the queue.
     */
    boolean hasWorkFor(AgentSlot s) {
        if (byAgent.containsKey(s.id)) {
            return true;
        }
        for (String c : s.capabilities) {
            if (byCapability.containsKey(c)) {
                return true;
            }
        }
        return false;
    }

    /** Queued tasks that run on agents (a dispatch pass need not look for one when there is none). */
    int forAgents() {
        return forAgents;
    }

    /** Queued tasks that run on the scheduler's own slots. */
    int local() {
        return local;
    }

    /**
     * Offers ready tasks to {@code start}, best first, while {@code more} holds; a task it starts
     * (returns true for) leaves the queue, one it cannot start stays and the next is offered.
     *
     * @param nowNanos the ticker now
     * @param stepNanos the aging step
     */
    void dispatch(long nowNanos, long stepNanos, BooleanSupplier more, Predicate<TaskEntry> start) {
        List<Iterator<TaskEntry>> its = new ArrayList<>();
        List<TaskEntry> heads = new ArrayList<>();
        for (int p = TOP; p >= 1; p--) {
            if (!lanes[p].isEmpty()) {
                Iterator<TaskEntry> it = lanes[p].iterator();
                its.add(it);
                heads.add(it.next());
            }
        }
        while (more.getAsBoolean() && !heads.isEmpty()) {
            int best = 0;
            for (int i = 1; i < heads.size(); i++) {
                if (ranksBefore(heads.get(i), heads.get(best), nowNanos, stepNanos)) {
                    best = i;
                }
            }
            TaskEntry e = heads.get(best);
            Iterator<TaskEntry> lane = its.get(best);
            if (start.test(e)) {
                lane.remove();
                counted(e, -1);
            }
            if (lane.hasNext()) {
                heads.set(best, lane.next());
            } else {
                heads.remove(best);
                its.remove(best);
            }
        }
    }

    /** The effective level: own priority plus the aging steps waited, at most the top level. */
    static int effective(int priority, long waitedNanos, long stepNanos) {
        long steps = Math.max(0, waitedNanos) / stepNanos;
        return (int) Math.min(TOP, priority + Math.min(steps, TOP));
    }

    static boolean ranksBefore(TaskEntry a, TaskEntry b, long nowNanos, long stepNanos) {
        int pa = a.spec().priority().value();
        int pb = b.spec().priority().value();
        int ea = effective(pa, nowNanos - a.readySinceNanos, stepNanos);
        int eb = effective(pb, nowNanos - b.readySinceNanos, stepNanos);
        if (ea != eb) {
            return ea > eb;
        }
        return pa != pb ? pa > pb : a.readySeq < b.readySeq;
    }
}
