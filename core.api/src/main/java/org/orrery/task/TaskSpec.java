package org.orrery.task;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a user asks to be done: one task as submitted. Immutable; build one with
 * {@link #builder(String)}. Field names follow seed 001 (JSON: snake_case).
 *
 * @param id the task's id; null to have the scheduler assign one
 * @param name a name for people
 * @param action the name of the action that runs it, e.g. {@code camera.expose}
 * @param parameters the action's parameters (validated against its JSON schema)
 * @param priority among ready tasks, higher starts first
 * @param dependsOn ids of tasks that must complete before this one starts
 * @param timeout the longest one attempt may take; null for the scheduler's default
 * @param retry how failed attempts are tried again; null for the scheduler's default
 * @param resources what it claims while running, besides what its action claims
 * @param tags labels to find it by
 * @param metadata anything the submitter wants kept with it
 * @param notBefore do not start before this time (null: as soon as possible); the scheduler accepts
 *        {@link #EARLIEST_TIME} to {@link #LATEST_TIME}
 * @param deadline fail it if it has not started by this time (null: no deadline); the scheduler accepts
 *        {@link #EARLIEST_TIME} to {@link #LATEST_TIME}
 * @param capability the capability an agent must have to run it (null: any worker)
 * @param assignedTo the agent it is assigned to (null: the scheduler chooses)
 * @param runAlways run even when a dependency failed or was cancelled (clean-up: park, warm, close)
 * @param waitForAction accept it even if no bundle provides its action yet, and wait for one
 */
public record TaskSpec(String id, String name, String action, Map<String, Object> parameters, Priority priority,
        List<String> dependsOn, Duration timeout, RetryPolicy retry, List<ResourceClaim> resources, Set<String> tags,
        Map<String, Object> metadata, Instant notBefore, Instant deadline, String capability, String assignedTo,
        boolean runAlways, boolean waitForAction) {

    /** The earliest {@code not_before} and {@code deadline} the scheduler accepts. */
    public static final Instant EARLIEST_TIME = Instant.parse("2000-01-01T00:00:00Z");
    /** The latest {@code not_before} and {@code deadline} the scheduler accepts. */
    public static final Instant LATEST_TIME = Instant.parse("9999-12-31T23:59:59Z");

    public TaskSpec {
        Objects.requireNonNull(action, "action");
        name = name == null || name.isBlank() ? action : name;
        parameters = parameters == null ? Map.of() : unmodifiable(parameters);
        priority = priority == null ? Priority.NORMAL : priority;
        dependsOn = dependsOn == null ? List.of() : List.copyOf(new LinkedHashSet<>(dependsOn));
        resources = resources == null ? List.of() : List.copyOf(resources);
        tags = tags == null ? Set.of() : Set.copyOf(tags);
        metadata = metadata == null ? Map.of() : unmodifiable(metadata);
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
    }

    private static Map<String, Object> unmodifiable(Map<String, Object> map) {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /** The same task with another id. */
    public TaskSpec withId(String newId) {
        return new TaskSpec(newId, name, action, parameters, priority, dependsOn, timeout, retry, resources, tags, metadata,
                notBefore, deadline, capability, assignedTo, runAlways, waitForAction);
    }

    public static Builder builder(String action) {
        return new Builder(action);
    }

    /** Builds a {@link TaskSpec}; everything but the action is optional. */
    public static final class Builder {
        private String id;
        private String name;
        private final String action;
        private Map<String, Object> parameters = new LinkedHashMap<>();
        private Priority priority = Priority.NORMAL;
        private final List<String> dependsOn = new java.util.ArrayList<>();
        private Duration timeout;
        private RetryPolicy retry;
        private final List<ResourceClaim> resources = new java.util.ArrayList<>();
        private final Set<String> tags = new LinkedHashSet<>();
        private Map<String, Object> metadata = new LinkedHashMap<>();
        private Instant notBefore;
        private Instant deadline;
        private String capability;
        private String assignedTo;
        private boolean runAlways;
        private boolean waitForAction;

        private Builder(String action) {
            this.action = action;
        }

        public Builder id(String value) { id = value; return this; }
        public Builder name(String value) { name = value; return this; }
        public Builder parameters(Map<String, Object> value) { parameters = new LinkedHashMap<>(value); return this; }
        public Builder parameter(String key, Object value) { parameters.put(key, value); return this; }
        public Builder priority(Priority value) { priority = value; return this; }
        public Builder dependsOn(String... ids) { dependsOn.addAll(List.of(ids)); return this; }
        public Builder dependsOn(Collection<String> ids) { dependsOn.addAll(ids); return this; }
        public Builder timeout(Duration value) { timeout = value; return this; }
        public Builder retry(RetryPolicy value) { retry = value; return this; }
        public Builder resource(ResourceClaim claim) { resources.add(claim); return this; }
        public Builder tag(String... values) { tags.addAll(List.of(values)); return this; }
        public Builder metadata(Map<String, Object> value) { metadata = new LinkedHashMap<>(value); return this; }
        public Builder notBefore(Instant value) { notBefore = value; return this; }
        public Builder deadline(Instant value) { deadline = value; return this; }
        public Builder capability(String value) { capability = value; return this; }
        public Builder assignedTo(String value) { assignedTo = value; return this; }
        public Builder runAlways(boolean value) { runAlways = value; return this; }
        public Builder waitForAction(boolean value) { waitForAction = value; return this; }

        public TaskSpec build() {
            return new TaskSpec(id, name, action, parameters, priority, dependsOn, timeout, retry, resources, tags, metadata,
                    notBefore, deadline, capability, assignedTo, runAlways, waitForAction);
        }
    }
}
