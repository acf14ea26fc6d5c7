package org.orrery.sequence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A sequence as people and the REST API see it: its document, state, progress, variables and the
 * tree of its steps. Built only through {@link #builder}, so that a new field is a minor version.
 */
public final class SequenceInfo {

    private final String id;
    private final String name;
    private final String description;
    private final SequenceState state;
    private final Map<String, Object> document;
    private final Map<String, Object> variables;
    private final String template;
    private final String area;
    private final List<String> currentSteps;
    private final int stepsDone;
    private final int stepsTotal;
    private final String error;
    private final Instant createdAt;
    private final Instant startedAt;
    private final Instant finishedAt;
    private final List<StepInfo> areas;

    private SequenceInfo(Builder b) {
        this.id = Objects.requireNonNull(b.id, "id");
        this.name = b.name == null ? b.id : b.name;
        this.description = b.description == null ? "" : b.description;
        this.state = b.state == null ? SequenceState.CREATED : b.state;
        this.document = Collections.unmodifiableMap(new LinkedHashMap<>(b.document));
        this.variables = Collections.unmodifiableMap(new LinkedHashMap<>(b.variables));
        this.template = b.template;
        this.area = b.area;
        this.currentSteps = List.copyOf(b.currentSteps);
        this.stepsDone = b.stepsDone;
        this.stepsTotal = b.stepsTotal;
        this.error = b.error;
        this.createdAt = b.createdAt;
        this.startedAt = b.startedAt;
        this.finishedAt = b.finishedAt;
        this.areas = List.copyOf(b.areas);
    }

    public static Builder builder(String id) {
        return new Builder(id);
    }

    public Builder toBuilder() {
        return new Builder(id).name(name).description(description).state(state).document(document)
                .variables(variables).template(template).area(area).currentSteps(currentSteps)
                .progress(stepsDone, stepsTotal).error(error).createdAt(createdAt).startedAt(startedAt)
                .finishedAt(finishedAt).areas(areas);
    }

    public String id() { return id; }

    public String name() { return name; }

    public String description() { return description; }

    public SequenceState state() { return state; }

    /** The document as accepted, every step with its id (given or generated), in Orrery's value model. */
    public Map<String, Object> document() { return document; }

    /** The variables now (the initial ones, changed by {@code set} steps and task outputs). */
    public Map<String, Object> variables() { return variables; }

    /** The template it was made from, or null. */
    public String template() { return template; }

    /** The area running now ({@code start}, {@code main}, {@code end}), or null when not running. */
    public String area() { return area; }

    /** The paths of the steps that run now (several inside a parallel container). */
    public List<String> currentSteps() { return currentSteps; }

    /** Steps that did work ({@code task}, {@code wait}, {@code set}, every iteration) and finished. */
    public int stepsDone() { return stepsDone; }

    /** Such steps known so far (a loop's future iterations are not counted until they begin). */
    public int stepsTotal() { return stepsTotal; }

    /** Why it failed, stopped or halted; null otherwise. */
    public String error() { return error; }

    public Instant createdAt() { return createdAt; }

    public Instant startedAt() { return startedAt; }

    public Instant finishedAt() { return finishedAt; }

    /** The three areas, {@code start}, {@code main}, {@code end}, as steps of type {@code area} with their children. */
    public List<StepInfo> areas() { return areas; }

    @Override
    public boolean equals(Object o) {
        return o instanceof SequenceInfo s && id.equals(s.id) && name.equals(s.name)
                && description.equals(s.description) && state == s.state && document.equals(s.document)
                && variables.equals(s.variables) && Objects.equals(template, s.template)
                && Objects.equals(area, s.area) && currentSteps.equals(s.currentSteps) && stepsDone == s.stepsDone
                && stepsTotal == s.stepsTotal && Objects.equals(error, s.error)
                && Objects.equals(createdAt, s.createdAt) && Objects.equals(startedAt, s.startedAt)
                && Objects.equals(finishedAt, s.finishedAt) && areas.equals(s.areas);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, state, stepsDone, currentSteps);
    }

    @Override
    public String toString() {
        return "SequenceInfo[" + id + " '" + name + "' " + state + " " + stepsDone + "/" + stepsTotal + "]";
    }

    public static final class Builder {
        private final String id;
        private String name;
        private String description;
        private SequenceState state;
        private Map<String, Object> document = Map.of();
        private Map<String, Object> variables = Map.of();
        private String template;
        private String area;
        private List<String> currentSteps = List.of();
        private int stepsDone;
        private int stepsTotal;
        private String error;
        private Instant createdAt;
        private Instant startedAt;
        private Instant finishedAt;
        private final List<StepInfo> areas = new ArrayList<>();

        private Builder(String id) {
            this.id = id;
        }

        public Builder name(String value) { name = value; return this; }
        public Builder description(String value) { description = value; return this; }
        public Builder state(SequenceState value) { state = value; return this; }
        public Builder document(Map<String, Object> value) { document = value == null ? Map.of() : value; return this; }
        public Builder variables(Map<String, Object> value) { variables = value == null ? Map.of() : value; return this; }
        public Builder template(String value) { template = value; return this; }
        public Builder area(String value) { area = value; return this; }
        public Builder currentSteps(List<String> value) { currentSteps = value == null ? List.of() : value; return this; }
        public Builder progress(int done, int total) { stepsDone = done; stepsTotal = total; return this; }
        public Builder error(String value) { error = value; return this; }
        public Builder createdAt(Instant value) { createdAt = value; return this; }
        public Builder startedAt(Instant value) { startedAt = value; return this; }
        public Builder finishedAt(Instant value) { finishedAt = value; return this; }
        public Builder areas(List<StepInfo> value) { areas.clear(); areas.addAll(value); return this; }

        public SequenceInfo build() {
            return new SequenceInfo(this);
        }
    }
}
