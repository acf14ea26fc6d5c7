package org.orrery.core.scheduler.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.orrery.task.Action;
import org.orrery.task.ResourceClaim;
import org.orrery.task.ResourceState;

/**
 * {@link org.orrery.task.Scheduler#resources()}: the resources held, waited for or configured,
 * from the {@link ResourceLedger} (holders, capacities) and the {@link ReadyQueue} (the ready
 * tasks that claim them, in the order they would start). Under the engine's lock.
 */
final class ResourceStates {

    /** What is known of one resource while the view is built. */
    private static final class Entry {
        ResourceClaim.Type type;
        final List<ResourceState.Holder> holders = new ArrayList<>();
        final List<String> waiting = new ArrayList<>();
        long used;

        void typed(ResourceClaim claim) {
            if (type == null || type == ResourceClaim.Type.CUSTOM) {
                type = claim.type();
            }
        }
    }

    private ResourceStates() {
    }

    /**
     * @param ledger who holds what, and the capacities
     * @param readyInOrder the ready tasks, in the order they would start
     * @param actions the installed actions by name (their claims count)
     */
    static List<ResourceState> of(ResourceLedger ledger, List<TaskEntry> readyInOrder, Map<String, ActionProvider> actions) {
        Map<String, Entry> byName = new TreeMap<>();
        ledger.capacities().keySet().forEach(name -> byName.computeIfAbsent(name, n -> new Entry()));
        ledger.holders().forEach((name, holders) -> {
            Entry e = byName.computeIfAbsent(name, n -> new Entry());
            holders.forEach((holder, claim) -> {
                e.holders.add(new ResourceState.Holder(((TaskEntry) holder).id(), claim.mode(), claim.amount()));
                e.used += claim.mode().exclusive() ? 0 : claim.amount();
                e.typed(claim);
            });
        });
        for (TaskEntry t : readyInOrder) {
            for (ResourceClaim claim : ResourceLedger.claimsOf(t.spec(), action(t, actions))) {
                Entry e = byName.computeIfAbsent(claim.name(), n -> new Entry());
                e.waiting.add(t.id());
                e.typed(claim);
            }
        }
        Map<String, Integer> capacities = ledger.capacities();
        List<ResourceState> out = new ArrayList<>(byName.size());
        byName.forEach((name, e) -> out.add(new ResourceState(name, e.type == null ? Requirements.type(name) : e.type,
                capacities.get(name), (int) Math.min(Integer.MAX_VALUE, e.used), e.holders, e.waiting)));
        return out;
    }

    /** The action whose claims a ready task makes: none for an agent's task (its own claims only) or a missing action. */
    private static Action action(TaskEntry t, Map<String, ActionProvider> actions) {
        if (AgentPool.forAgent(t.spec())) {
            return AgentAction.CLAIMS_ONLY;
        }
        ActionProvider p = actions.get(t.spec().action());
        return p == null ? null : p.obtained(); // not got yet: its own claims are not known (nothing is activated here)
    }

    /** The ready tasks in the order a dispatch pass offers them now. */
    static List<TaskEntry> inOrder(ReadyQueue ready, long nowNanos, long stepNanos) {
        List<TaskEntry> out = new ArrayList<>();
        ready.dispatch(nowNanos, stepNanos, () -> true, e -> {
            out.add(e);
            return false;
        });
        return out;
    }
}
