package org.orrery.agent;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Seed 004's {@code register_agent(agent_id, agent_type, capabilities)} for a remote agent.
 *
 * @param id its id, [A-Za-z0-9._-], 1 to 64 characters
 * @param type its type, e.g. {@code gpu}
 * @param capabilities what it can do (at least one)
 * @param concurrency how many tasks it runs at once (1 to 1000)
 * @param leaseTime how long a task it claims stays its own without a heartbeat (5 s to 1 h; null: the
 *        scheduler's default, 30 s)
 */
public record AgentRegistration(String id, String type, Set<String> capabilities, int concurrency, Duration leaseTime) {

    /** What an agent id and a capability look like. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public AgentRegistration {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(capabilities, "capabilities");
        if (!NAME.matcher(id).matches()) {
            throw new IllegalArgumentException("agent_id must be 1 to 64 of A-Z a-z 0-9 . _ -, was '" + id + "'");
        }
        if (type.isBlank() || type.length() > 64) {
            throw new IllegalArgumentException("agent_type must be 1 to 64 characters, was '" + type + "'");
        }
        if (capabilities.isEmpty()) {
            throw new IllegalArgumentException("capabilities must name at least one capability, was empty");
        }
        for (String c : capabilities) {
            if (c == null || !NAME.matcher(c).matches()) {
                throw new IllegalArgumentException("capabilities: each must be 1 to 64 of A-Z a-z 0-9 . _ -, was '" + c + "'");
            }
        }
        capabilities = Set.copyOf(capabilities);
        if (concurrency < 1 || concurrency > 1000) {
            throw new IllegalArgumentException("concurrency must be between 1 and 1000, was " + concurrency);
        }
        if (leaseTime != null && (leaseTime.compareTo(Duration.ofSeconds(5)) < 0 || leaseTime.compareTo(Duration.ofHours(1)) > 0)) {
            throw new IllegalArgumentException("lease_time must be between 5 s and 1 h, was " + leaseTime);
        }
    }
}
