package org.orrery.task;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a user asks to be done: one task as submitted. Immutable; built only through
 * {@link #builder(String)} (or {@link #toBuilder()} for a changed copy), so a new field is an
 * addition, not a break. Field names follow seed 001 (JSON: snake_case). Parameters and
 * metadata are JSON values in the value model of {@link ActionContext#parameters()}: a task built
 * in Java should use those types (a value of another type is given to the action as it is on
 * the first run, and as its JSON form after a restart).
 */
public final class TaskSpec {

    /** The earliest {@code not_before} and {@code deadline} the scheduler accepts. */
    public static final Instant EARLIEST_TIME = Instant.parse("2000-01-01T00:00:00Z");
    /** The latest {@code not_before} and {@code deadline} the scheduler accepts. */
    public static final Instant LATEST_TIME = Instant.parse("2199-12-31T23:59:59Z");
    /** The metadata key under which tasks carried their {@link #module()} before it was a field. */
    public static final String METADATA_MODULE = "module";

    private final String id;
    private final String name;
    private final String action;
    private final Map<String, Object> parameters;
    private final Priority priority;
    private final List<String> dependsOn;
    private final Duration timeout;
    private final RetryPolicy retry;
    private final List<ResourceClaim> resources;
    private final Set<String> tags;
    private final Map<String, Object> metadata;
    private final Instant notBefore;
    private final Instant deadline;
    private final String capability;
    private final String assignedTo;
    private final boolean runAlways;
    private final boolean waitForAction;
    private final String description;
    private final String createdBy;
    private final Map<String, Object> executionContext;
    private final ResourceRequirements resourceRequirements;
    private final String module;

    private TaskSpec(Builder b) {
        Objects.requireNonNull(b.action, "action");
        if (b.timeout != null && (b.timeout.isNegative() || b.timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive, was " + b.timeout);
        }
        this.id = b.id;
        this.action = b.action;
        this.name = b.name == null || b.name.isBlank() ? b.action : b.name;
        this.parameters = unmodifiable(b.parameters);
        this.priority = b.priority == null ? Priority.NORMAL : b.priority;
        this.dependsOn = List.copyOf(new LinkedHashSet<>(b.dependsOn));
        this.timeout = b.timeout;
        this.retry = b.retry;
        this.resources = List.copyOf(b.resources);
        this.tags = Set.copyOf(b.tags);
        this.metadata = unmodifiable(b.metadata);
        this.notBefore = b.notBefore;
        this.deadline = b.deadline;
        this.capability = b.capability;
        this.assignedTo = b.assignedTo;
        this.runAlways = b.runAlways;
        this.waitForAction = b.waitForAction;
        this.description = b.description;
        this.createdBy = b.createdBy;
        this.executionContext = unmodifiable(b.executionContext);
        this.resourceRequirements = b.resourceRequirements;
        this.module = b.module != null ? b.module
                : this.metadata.get(METADATA_MODULE) instanceof String old && !old.isBlank() ? old : null;
    }

    /** The same task with another id (no copy of its collections). */
    private TaskSpec(TaskSpec s, String newId) {
        this.id = newId;
        this.name = s.name;
        this.action = s.action;
        this.parameters = s.parameters;
        this.priority = s.priority;
        this.dependsOn = s.dependsOn;
        this.timeout = s.timeout;
        this.retry = s.retry;
        this.resources = s.resources;
        this.tags = s.tags;
        this.metadata = s.metadata;
        this.notBefore = s.notBefore;
        this.deadline = s.deadline;
        this.capability = s.capability;
        this.assignedTo = s.assignedTo;
        this.runAlways = s.runAlways;
        this.waitForAction = s.waitForAction;
        this.description = s.description;
        this.createdBy = s.createdBy;
        this.executionContext = s.executionContext;
        this.resourceRequirements = s.resourceRequirements;
        this.module = s.module;
    }

    private static Map<String, Object> unmodifiable(Map<String, Object> map) {
        return map == null || map.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    public static Builder builder(String action) {
        return new Builder(action);
    }

    /** A builder holding this task's values, for a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder(action);
        b.id = id;
        b.name = name;
        b.parameters = new LinkedHashMap<>(parameters);
        b.priority = priority;
        b.dependsOn.addAll(dependsOn);
        b.timeout = timeout;
        b.retry = retry;
        b.resources.addAll(resources);
        b.tags.addAll(tags);
        b.metadata = new LinkedHashMap<>(metadata);
        b.notBefore = notBefore;
        b.deadline = deadline;
        b.capability = capability;
        b.assignedTo = assignedTo;
        b.runAlways = runAlways;
        b.waitForAction = waitForAction;
        b.description = description;
        b.createdBy = createdBy;
        b.executionContext = new LinkedHashMap<>(executionContext);
        b.resourceRequirements = resourceRequirements;
        b.module = module;
        return b;
    }

    /** The same task with another id. */
    public TaskSpec withId(String newId) {
        return new TaskSpec(this, newId);
    }

    /** The task's id; null to have the scheduler assign one. */
    public String id() {
        return id;
    }

    /** A name for people (the action's name when none was given). */
    public String name() {
        return name;
    }

    /** The name of the action that runs it, e.g. {@code camera.expose}. */
    public String action() {
        return action;
    }

    /** The action's parameters (validated against its JSON schema). */
    public Map<String, Object> parameters() {
        return parameters;
    }

    /** Among ready tasks, higher starts first. */
    public Priority priority() {
        return priority;
    }

    /** Ids of tasks that must complete before this one starts. */
    public List<String> dependsOn() {
        return dependsOn;
    }

    /** The longest one attempt may take; null for the scheduler's default. */
    public Duration timeout() {
        return timeout;
    }

    /** How failed attempts are tried again; null for the scheduler's default. */
    public RetryPolicy retry() {
        return retry;
    }

    /** What it claims while running, besides what its action claims. */
    public List<ResourceClaim> resources() {
        return resources;
    }

    /** Labels to find it by. */
    public Set<String> tags() {
        return tags;
    }

    /** Anything the submitter wants kept with it. */
    public Map<String, Object> metadata() {
        return metadata;
    }

    /** Do not start before this time (null: as soon as possible); accepted: {@link #EARLIEST_TIME} to {@link #LATEST_TIME}. */
    public Instant notBefore() {
        return notBefore;
    }

    /** Fail it if it has not started by this time (null: none); accepted: {@link #EARLIEST_TIME} to {@link #LATEST_TIME}. */
    public Instant deadline() {
        return deadline;
    }

    /**
     * The capability an agent must have to run it (seed 004). A task that names a capability (or an
     * agent, {@link #assignedTo()}) runs on an agent ({@code org.orrery.agent}) that has it, not as an
     * installed action: the agent is told the task's {@link #action()} as seed 004's {@code task_type}.
     * Null: the task runs its installed action in this runtime.
     */
    public String capability() {
        return capability;
    }

    /**
     * The agent that must run it (null: the scheduler chooses among the agents with the
     * {@link #capability()}). A task that names an agent runs only on that agent.
     */
    public String assignedTo() {
        return assignedTo;
    }

    /** Seed 004's description: what the task is for, for people (null: none). */
    public String description() {
        return description;
    }

    /**
     * Who submitted it (seed 004's {@code created_by}): the authenticated user, set by the
     * scheduler's caller (the REST API sets it from the credential, never from the request body);
     * null for tasks submitted inside the runtime.
     */
    public String createdBy() {
        return createdBy;
    }

    /**
     * Seed 004's execution context: values the agent or action may use (a repository URL, a
     * branch, an environment), in the value model of {@link ActionContext#parameters()}; not
     * validated against the action's schema. Empty when none.
     */
    public Map<String, Object> executionContext() {
        return executionContext;
    }

    /**
     * Seed 004's resource requirements, honoured as claims on the {@code cpu}, {@code memory},
     * {@code disk} and {@code gpu_memory} resources against their configured capacities (null:
     * none).
     */
    public ResourceRequirements resourceRequirements() {
        return resourceRequirements;
    }

    /**
     * Seed 003's module: the part of the system the task belongs to (e.g. {@code static_analysis}),
     * to find tasks by; null when none. A task built without one whose {@link #metadata()} holds a
     * non-blank string under {@value #METADATA_MODULE} (how tasks carried it before 2.4) takes that
     * one; the metadata is kept as it is.
     */
    public String module() {
        return module;
    }

    /** Run even when a dependency failed or was cancelled (clean-up: park, warm, close). */
    public boolean runAlways() {
        return runAlways;
    }

    /** Accept it even if no bundle provides its action yet, and wait for one. */
    public boolean waitForAction() {
        return waitForAction;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof TaskSpec s && Objects.equals(id, s.id) && name.equals(s.name)
                && action.equals(s.action) && parameters.equals(s.parameters) && priority == s.priority
                && dependsOn.equals(s.dependsOn) && Objects.equals(timeout, s.timeout) && Objects.equals(retry, s.retry)
                && resources.equals(s.resources) && tags.equals(s.tags) && metadata.equals(s.metadata)
                && Objects.equals(notBefore, s.notBefore) && Objects.equals(deadline, s.deadline)
                && Objects.equals(capability, s.capability) && Objects.equals(assignedTo, s.assignedTo)
                && Objects.equals(description, s.description) && Objects.equals(createdBy, s.createdBy)
                && executionContext.equals(s.executionContext)
                && Objects.equals(resourceRequirements, s.resourceRequirements) && Objects.equals(module, s.module)
                && runAlways == s.runAlways && waitForAction == s.waitForAction;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, name, action, parameters, priority, dependsOn, timeout, retry, resources, tags, metadata,
                notBefore, deadline, capability, assignedTo, runAlways, waitForAction, description, createdBy,
                executionContext, resourceRequirements, module);
    }

    @Override
    public String toString() {
        return "TaskSpec[id=" + id + ", name=" + name + ", action=" + action + ", parameters=" + parameters + ", priority="
                + priority + ", dependsOn=" + dependsOn + ", timeout=" + timeout + ", retry=" + retry + ", resources="
                + resources + ", tags=" + tags + ", metadata=" + metadata + ", notBefore=" + notBefore + ", deadline="
                + deadline + ", capability=" + capability + ", assignedTo=" + assignedTo + ", runAlways=" + runAlways
                + ", waitForAction=" + waitForAction + ", description=" + description + ", createdBy=" + createdBy
                + ", executionContext=" + executionContext + ", resourceRequirements=" + resourceRequirements + ", module=" + module + "]";
    }

    /** Builds a {@link TaskSpec}; everything but the action is optional. */
    public static final class Builder {
        private String id;
        private String name;
        private final String action;
        private Map<String, Object> parameters = new LinkedHashMap<>();
        private Priority priority = Priority.NORMAL;
        private final List<String> dependsOn = new ArrayList<>();
        private Duration timeout;
        private RetryPolicy retry;
        private final List<ResourceClaim> resources = new ArrayList<>();
        private final Set<String> tags = new LinkedHashSet<>();
        private Map<String, Object> metadata = new LinkedHashMap<>();
        private Instant notBefore;
        private Instant deadline;
        private String capability;
        private String assignedTo;
        private boolean runAlways;
        private boolean waitForAction;
        private String description;
        private String createdBy;
        private Map<String, Object> executionContext = new LinkedHashMap<>();
        private ResourceRequirements resourceRequirements;
        private String module;

        private Builder(String action) {
            this.action = action;
        }

        public Builder id(String value) { id = value; return this; }
        public Builder name(String value) { name = value; return this; }
        public Builder parameters(Map<String, Object> value) { parameters = value == null ? new LinkedHashMap<>() : new LinkedHashMap<>(value); return this; }
        public Builder parameter(String key, Object value) { parameters.put(key, value); return this; }
        public Builder priority(Priority value) { priority = value; return this; }
        public Builder dependsOn(String... ids) { dependsOn.addAll(List.of(ids)); return this; }
        public Builder dependsOn(Collection<String> ids) { dependsOn.addAll(ids); return this; }
        public Builder timeout(Duration value) { timeout = value; return this; }
        public Builder retry(RetryPolicy value) { retry = value; return this; }
        public Builder resource(ResourceClaim claim) { resources.add(claim); return this; }
        public Builder resources(Collection<ResourceClaim> claims) { resources.addAll(claims); return this; }
        public Builder tag(String... values) { tags.addAll(List.of(values)); return this; }
        public Builder tags(Collection<String> values) { tags.addAll(values); return this; }
        public Builder metadata(Map<String, Object> value) { metadata = value == null ? new LinkedHashMap<>() : new LinkedHashMap<>(value); return this; }
        public Builder notBefore(Instant value) { notBefore = value; return this; }
        public Builder deadline(Instant value) { deadline = value; return this; }
        public Builder capability(String value) { capability = value; return this; }
        public Builder assignedTo(String value) { assignedTo = value; return this; }
        public Builder runAlways(boolean value) { runAlways = value; return this; }
        public Builder waitForAction(boolean value) { waitForAction = value; return this; }
        public Builder description(String value) { description = value; return this; }
        public Builder createdBy(String value) { createdBy = value; return this; }
        public Builder executionContext(Map<String, Object> value) { executionContext = value == null ? new LinkedHashMap<>() : new LinkedHashMap<>(value); return this; }
        public Builder resourceRequirements(ResourceRequirements value) { resourceRequirements = value; return this; }
        /** Seed 003's module (null or blank: none, or the metadata's, see {@link TaskSpec#module()}). */
        public Builder module(String value) { module = value == null || value.isBlank() ? null : value; return this; }

        public TaskSpec build() {
            return new TaskSpec(this);
        }
    }
}
