package org.orrery.web.api.internal;

import java.util.Comparator;
import java.util.List;

import org.orrery.agent.AgentInfo;
import org.orrery.agent.AgentState;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The agents' metrics, one series per agent (label {@code agent}): attempts by outcome, running
 * tasks, concurrency, state, utilization, execution time and the time it was last heard from.
 */
final class MetricsAgents {

    private MetricsAgents() {
    }

    static void register(PrometheusRegistry registry, List<AgentInfo> unsorted) {
        List<AgentInfo> agents = unsorted.stream().sorted(Comparator.comparing(AgentInfo::id)).toList();
        CounterWithCallback.builder().name("orrery_agent_tasks")
                .help("Attempts each agent ended since it registered, by outcome (completed, failed or cancelled)")
                .labelNames("agent", "outcome").callback(cb -> agents.forEach(a -> {
                    if (a.metrics() != null) {
                        cb.call(a.metrics().completed(), a.id(), "completed");
                        cb.call(a.metrics().failed(), a.id(), "failed");
                        cb.call(a.metrics().cancelled(), a.id(), "cancelled");
                    }
                })).register(registry);
        CounterWithCallback.builder().name("orrery_agent_execution_seconds")
                .help("Time each agent's ended attempts ran, together, in seconds").labelNames("agent")
                .callback(cb -> agents.forEach(a -> {
                    if (a.metrics() != null && a.metrics().totalExecutionTime() != null) {
                        cb.call(a.metrics().totalExecutionTime().toNanos() / 1e9, a.id());
                    }
                })).register(registry);
        GaugeWithCallback.builder().name("orrery_agent_running").help("Tasks each agent runs now").labelNames("agent")
                .callback(cb -> agents.forEach(a -> cb.call(a.runningTasks().size(), a.id()))).register(registry);
        GaugeWithCallback.builder().name("orrery_agent_concurrency").help("How many tasks each agent may run at once")
                .labelNames("agent").callback(cb -> agents.forEach(a -> cb.call(a.concurrency(), a.id()))).register(registry);
        GaugeWithCallback.builder().name("orrery_agent_utilization").help("Running tasks / concurrency of each agent, 0 to 1")
                .labelNames("agent").callback(cb -> agents.forEach(a -> cb.call(a.metrics() == null ? 0
                        : a.metrics().utilization(), a.id()))).register(registry);
        GaugeWithCallback.builder().name("orrery_agent_state")
                .help("1 for each agent's state now (online, busy, draining, offline), 0 for the others")
                .labelNames("agent", "state").callback(cb -> agents.forEach(a -> {
                    for (AgentState s : AgentState.values()) {
                        cb.call(a.state() == s ? 1 : 0, a.id(), s.id());
                    }
                })).register(registry);
        GaugeWithCallback.builder().name("orrery_agent_last_heartbeat_seconds")
                .help("When each agent was last heard from, seconds since the Unix epoch").labelNames("agent")
                .callback(cb -> agents.forEach(a -> {
                    if (a.lastHeartbeat() != null) {
                        cb.call(a.lastHeartbeat().toEpochMilli() / 1000.0, a.id());
                    }
                })).register(registry);
    }
}
