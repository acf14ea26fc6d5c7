package org.orrery.core.scheduler.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

import org.orrery.agent.Agent;
import org.orrery.agent.AgentInfo;
import org.orrery.agent.AgentMetrics;
import org.orrery.agent.AgentState;

/**
 * One agent as the engine keeps it, local (a DS service) or remote (registered over HTTP): what it
 * offers, the attempts it runs, its outstanding claim and leases, and its metrics. Guarded by the
 * engine's lock.
 */
final class AgentSlot {

    final String id;
    String type;
    Set<String> capabilities;
    int concurrency;
    /** The local agent's service; null for a remote agent. */
    final Agent local;
    final String bundle;
    final Instant registeredAt;
    Instant lastHeard;
    /** A remote agent's lease time; null for a local one. */
    Duration leaseTime;
    boolean draining;
    boolean offline;
    /** Gone from the pool (removed, its service unregistered); attempts still ending update it harmlessly. */
    boolean gone;
    /** Completes with the agent as it was last once a drained agent is removed. */
    CompletableFuture<AgentInfo> drained;
    /** A remote agent's outstanding claim (it is pulling), or null. */
    RemoteClaims.Claim claim;
    /** A remote agent's watchdog: it goes OFFLINE when not heard from within its lease time. */
    ScheduledFuture<?> watchdog = EngineTimer.NONE;
    /** The attempts it runs, by task id. */
    final Map<String, Attempt> running = new LinkedHashMap<>();
    /** A remote agent's leases, by task id. */
    final Map<String, RemoteClaims.RemoteLease> leases = new LinkedHashMap<>();
    /** Ticker time it last became idle (least-loaded ties: the one idle longest first). */
    long idleSinceNanos;
    long completed;
    long failed;
    long cancelled;
    long executionNanos;
    Instant lastTaskAt;
    /** What the last STATE event said, so that only changes are posted. */
    AgentState postedState;
    int postedRunning = -1;

    AgentSlot(String id, String type, Set<String> capabilities, int concurrency, Agent local, String bundle, Instant now,
            Duration leaseTime) {
        this.id = id;
        this.type = type;
        this.capabilities = Set.copyOf(capabilities);
        this.concurrency = Math.max(1, concurrency);
        this.local = local;
        this.bundle = bundle;
        this.registeredAt = now;
        this.lastHeard = now;
        this.leaseTime = leaseTime;
    }

    boolean remote() {
        return local == null;
    }

    /** Whether it could ever take a task: not draining, not offline, not gone. */
    boolean available() {
        return !draining && !offline && !gone;
    }

    /** Whether it may run this task at all (capability and name), whether or not it has a free slot now. */
    boolean matches(String capability, String assignedTo) {
        return (assignedTo == null || assignedTo.equals(id)) && (capability == null || capabilities.contains(capability));
    }

    /** Slots it offers now: a local agent its free ones; a remote one only while it pulls, up to its claim. */
    int offered() {
        if (!available()) {
            return 0;
        }
        int free = concurrency - running.size();
        if (remote()) {
            free = claim == null ? 0 : Math.min(free, claim.max - claim.leases.size());
        }
        return Math.max(0, free);
    }

    AgentState state() {
        if (draining) {
            return AgentState.DRAINING;
        }
        if (offline) {
            return AgentState.OFFLINE;
        }
        return running.size() >= concurrency ? AgentState.BUSY : AgentState.ONLINE;
    }

    AgentInfo info(Instant now) {
        long ended = completed + failed + cancelled;
        Duration total = Duration.ofNanos(executionNanos);
        AgentMetrics metrics = new AgentMetrics(completed, failed, cancelled, running.size(), total,
                ended == 0 ? Duration.ZERO : total.dividedBy(ended), lastTaskAt,
                Math.min(1.0, (double) running.size() / concurrency));
        List<String> tasks = new ArrayList<>(running.keySet());
        return new AgentInfo(id, type, capabilities, concurrency, state(), remote(), bundle, registeredAt,
                remote() ? lastHeard : now, leaseTime, tasks, metrics);
    }
}
