package org.orrery.core.sequence.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.orrery.sequence.PlanProgress;
import org.orrery.sequence.TargetDecision;
import org.orrery.sequence.TargetStore;

/** A {@link TargetStore} in memory for the runner's tests; kept across {@code Harness.crash()} like the sequence store. */
public final class InMemoryTargetStore implements TargetStore {

    private final Set<String> frames = new HashSet<>();
    private final Map<String, Map<String, PlanProgress>> progress = new TreeMap<>();
    private final Map<String, TreeMap<Long, TargetDecision>> decisions = new TreeMap<>();

    @Override
    public synchronized boolean recordFrame(String target, String plan, String frameId, boolean accepted) {
        String key = TargetStore.key(target);
        if (!frames.add(key + "\u0000" + frameId)) {
            return false;
        }
        Map<String, PlanProgress> plans = progress.computeIfAbsent(key, k -> new TreeMap<>());
        PlanProgress old = plans.get(plan);
        int acquired = old == null ? 0 : old.acquired();
        int ok = old == null ? 0 : old.accepted();
        plans.put(plan, new PlanProgress(key, plan, acquired + 1, ok + (accepted ? 1 : 0), Instant.now()));
        return true;
    }

    @Override
    public synchronized List<PlanProgress> progress(String target) {
        return List.copyOf(progress.getOrDefault(TargetStore.key(target), Map.of()).values());
    }

    @Override
    public synchronized int resetProgress(String target) {
        String key = TargetStore.key(target);
        frames.removeIf(f -> f.startsWith(key + "\u0000"));
        Map<String, PlanProgress> removed = progress.remove(key);
        return removed == null ? 0 : removed.size();
    }

    @Override
    public synchronized void appendDecision(TargetDecision decision) {
        decisions.computeIfAbsent(decision.sequenceId(), k -> new TreeMap<>()).putIfAbsent(decision.index(), decision);
    }

    @Override
    public synchronized List<TargetDecision> decisions(String sequenceId, long afterIndex, int limit) {
        List<TargetDecision> out = new ArrayList<>();
        for (TargetDecision d : decisions.getOrDefault(sequenceId, new TreeMap<>()).tailMap(afterIndex, false).values()) {
            if (out.size() >= limit) {
                break;
            }
            out.add(d);
        }
        return out;
    }

    @Override
    public synchronized void deleteDecisions(String sequenceId) {
        decisions.remove(sequenceId);
    }
}
