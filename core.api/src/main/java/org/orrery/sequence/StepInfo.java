package org.orrery.sequence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One step of a running or finished sequence, as people and the REST API see it: its state,
 * attempts and tasks, and its children. Inside a loop it shows the latest iteration. Built only
 * through {@link #builder}, so that a new field is a minor version.
 */
public final class StepInfo {

    private final String id;
    private final String type;
    private final String name;
    private final String path;
    private final StepState state;
    private final int attempts;
    private final int iteration;
    private final List<String> taskIds;
    private final Map<String, Object> result;
    private final String error;
    private final Instant startedAt;
    private final Instant finishedAt;
    private final List<StepInfo> children;

    private StepInfo(Builder b) {
        this.id = Objects.requireNonNull(b.id, "id");
        this.type = Objects.requireNonNull(b.type, "type");
        this.name = b.name == null ? b.id : b.name;
        this.path = b.path == null ? "" : b.path;
        this.state = b.state == null ? StepState.PENDING : b.state;
        this.attempts = b.attempts;
        this.iteration = b.iteration;
        this.taskIds = List.copyOf(b.taskIds);
        this.result = b.result == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(b.result));
        this.error = b.error;
        this.startedAt = b.startedAt;
        this.finishedAt = b.finishedAt;
        this.children = List.copyOf(b.children);
    }

    public static Builder builder(String id, String type) {
        return new Builder(id, type);
    }

    public Builder toBuilder() {
        Builder b = new Builder(id, type).name(name).path(path).state(state).attempts(attempts).iteration(iteration)
                .result(result).error(error).startedAt(startedAt).finishedAt(finishedAt);
        b.taskIds.addAll(taskIds);
        b.children.addAll(children);
        return b;
    }

    /** Unique in the document (given or generated). */
    public String id() { return id; }

    /** {@code task}, {@code sequential}, {@code parallel}, {@code conditional}, {@code loop}, {@code wait}, {@code set}, or a bundle's. */
    public String type() { return type; }

    public String name() { return name; }

    /** Its JSON pointer in the document, e.g. {@code /main/2/steps/0}. */
    public String path() { return path; }

    public StepState state() { return state; }

    /** How many times it started in its current iteration (retries under the {@code retry} policy count). */
    public int attempts() { return attempts; }

    /** For a loop: the iterations begun; for a step inside a loop: the iteration it belongs to (1-based); 0 otherwise. */
    public int iteration() { return iteration; }

    /** The scheduler tasks it ran, oldest first (a task step's attempts; every iteration). */
    public List<String> taskIds() { return taskIds; }

    /** A task step's result once completed ({@code steps.<id>.result}); null otherwise. */
    public Map<String, Object> result() { return result; }

    public String error() { return error; }

    public Instant startedAt() { return startedAt; }

    public Instant finishedAt() { return finishedAt; }

    /** Child steps (a container's, a conditional's taken branch and the other, a loop's body). */
    public List<StepInfo> children() { return children; }

    @Override
    public boolean equals(Object o) {
        return o instanceof StepInfo s && id.equals(s.id) && type.equals(s.type) && name.equals(s.name)
                && path.equals(s.path) && state == s.state && attempts == s.attempts && iteration == s.iteration
                && taskIds.equals(s.taskIds) && Objects.equals(result, s.result) && Objects.equals(error, s.error)
                && Objects.equals(startedAt, s.startedAt) && Objects.equals(finishedAt, s.finishedAt)
                && children.equals(s.children);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, path, state, attempts, iteration, taskIds);
    }

    @Override
    public String toString() {
        return "StepInfo[" + id + " " + type + " " + path + " " + state + "]";
    }

    public static final class Builder {
        private final String id;
        private final String type;
        private String name;
        private String path;
        private StepState state;
        private int attempts;
        private int iteration;
        private final List<String> taskIds = new ArrayList<>();
        private Map<String, Object> result;
        private String error;
        private Instant startedAt;
        private Instant finishedAt;
        private final List<StepInfo> children = new ArrayList<>();

        private Builder(String id, String type) {
            this.id = id;
            this.type = type;
        }

        public Builder name(String value) { name = value; return this; }
        public Builder path(String value) { path = value; return this; }
        public Builder state(StepState value) { state = value; return this; }
        public Builder attempts(int value) { attempts = value; return this; }
        public Builder iteration(int value) { iteration = value; return this; }
        public Builder taskId(String value) { taskIds.add(value); return this; }
        public Builder taskIds(List<String> values) { taskIds.clear(); taskIds.addAll(values); return this; }
        public Builder result(Map<String, Object> value) { result = value; return this; }
        public Builder error(String value) { error = value; return this; }
        public Builder startedAt(Instant value) { startedAt = value; return this; }
        public Builder finishedAt(Instant value) { finishedAt = value; return this; }
        public Builder child(StepInfo value) { children.add(value); return this; }
        public Builder children(List<StepInfo> values) { children.clear(); children.addAll(values); return this; }

        public StepInfo build() {
            return new StepInfo(this);
        }
    }
}
