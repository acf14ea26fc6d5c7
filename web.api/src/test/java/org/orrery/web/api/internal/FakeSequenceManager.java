package org.orrery.web.api.internal;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import org.orrery.sequence.DocumentFormat;
import org.orrery.sequence.NightPreview;
import org.orrery.sequence.SequenceInfo;
import org.orrery.sequence.SequenceManager;
import org.orrery.sequence.SequenceNotFoundException;
import org.orrery.sequence.SequencePage;
import org.orrery.sequence.SequenceProblem;
import org.orrery.sequence.SequenceState;
import org.orrery.sequence.SequenceStateException;
import org.orrery.sequence.SequenceValidationException;
import org.orrery.sequence.StepInfo;
import org.orrery.sequence.StepState;
import org.orrery.sequence.TargetDecision;
import org.orrery.sequence.TemplateInfo;
import org.orrery.task.PauseMode;
import org.orrery.task.TaskException;

/**
 * A sequence manager for the servlet tests: keeps sequences in a map, refuses any document text
 * that contains {@code INVALID} with two problems, and records what it was asked.
 */
final class FakeSequenceManager implements SequenceManager {

    static final String SCHEMA = "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\"}";
    static final List<SequenceProblem> PROBLEMS = List.of(
            new SequenceProblem("/main/0/action", 4, 13, "unknown action 'camera.exposé'; the actions are system.echo"),
            new SequenceProblem("/main/1", 7, 5, "a loop needs max_iterations"));
    static final Instant CREATED = Instant.parse("2026-12-05T01:00:00Z");

    final Map<String, SequenceInfo> sequences = new LinkedHashMap<>();
    final List<String> calls = new ArrayList<>();
    String lastText;
    DocumentFormat lastFormat;
    Map<String, Object> lastParameters;
    Set<SequenceState> lastStates;
    PauseMode lastMode;
    private int next = 1;

    @Override
    public String schema() {
        return SCHEMA;
    }

    @Override
    public List<SequenceProblem> validate(String text, DocumentFormat format) {
        record("validate", text, format);
        return text.contains("INVALID") ? PROBLEMS : List.of();
    }

    @Override
    public List<SequenceProblem> validateFile(Path file) {
        throw new UnsupportedOperationException();
    }

    @Override
    public String convert(String text, DocumentFormat from, DocumentFormat to) throws SequenceValidationException {
        record("convert", text, from);
        check(text);
        return "converted to " + to + ": " + text;
    }

    @Override
    public SequenceInfo create(String text, DocumentFormat format) throws TaskException {
        record("create", text, format);
        check(text);
        return add(SequenceInfo.builder("seq-" + next++).name("M42").state(SequenceState.CREATED)
                .document(Map.of("name", "M42")).createdAt(CREATED).build());
    }

    /** Adds a sequence as given. */
    SequenceInfo add(SequenceInfo info) {
        sequences.put(info.id(), info);
        return info;
    }

    @Override
    public SequenceInfo create(Map<String, Object> document) {
        throw new UnsupportedOperationException();
    }

    @Override
    public SequenceInfo loadSequenceFromFile(Path file) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void saveSequence(String id, Path file) {
        throw new UnsupportedOperationException();
    }

    @Override
    public String export(String id, DocumentFormat format) throws TaskException {
        SequenceInfo s = find(id);
        return format == DocumentFormat.YAML ? "name: " + s.name() + "\n" : "{\"name\":\"" + s.name() + "\"}";
    }

    @Override
    public List<TemplateInfo> templates() {
        return List.of(new TemplateInfo("BasicExposure", "One target, some frames", "builtin:org.orrery.core.sequence",
                "{\"type\":\"object\",\"properties\":{\"exposureTime\":{\"type\":\"number\",\"default\":10}}}",
                Map.of("name", "${targetName}", "parameters", Map.of("type", "object"))));
    }

    @Override
    public Optional<TemplateInfo> template(String name) {
        return templates().stream().filter(t -> t.name().equals(name)).findFirst();
    }

    @Override
    public SequenceInfo createSequenceFromTemplate(String template, Map<String, Object> parameters) throws TaskException {
        calls.add("template " + template);
        lastParameters = parameters;
        if (template(template).isEmpty()) {
            throw new SequenceNotFoundException("no template named '" + template + "'");
        }
        if (parameters.containsKey("INVALID")) {
            throw new SequenceValidationException(List.of(new SequenceProblem("/parameters/INVALID", 0, 0,
                    "unknown parameter")));
        }
        return add(SequenceInfo.builder("seq-" + next++).name("from " + template).template(template).createdAt(CREATED)
                .build());
    }

    @Override
    public SequenceInfo start(String id) throws TaskException {
        return change(id, "start", SequenceState.CREATED, SequenceState.RUNNING);
    }

    @Override
    public SequenceInfo executeSequence(String id, boolean async) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<SequenceInfo> whenFinished(String id) {
        throw new UnsupportedOperationException();
    }

    @Override
    public SequenceInfo pause(String id, PauseMode mode) throws TaskException {
        lastMode = mode;
        return change(id, "pause", SequenceState.RUNNING, SequenceState.PAUSED);
    }

    @Override
    public SequenceInfo resume(String id) throws TaskException {
        return change(id, "resume", SequenceState.PAUSED, SequenceState.RUNNING);
    }

    @Override
    public SequenceInfo stop(String id) throws TaskException {
        return change(id, "stop", SequenceState.RUNNING, SequenceState.STOPPED);
    }

    @Override
    public SequenceInfo skipToEnd(String id) throws TaskException {
        return change(id, "skip-to-end", SequenceState.RUNNING, SequenceState.COMPLETED);
    }

    @Override
    public SequenceInfo halt(String id) throws TaskException {
        return change(id, "halt", SequenceState.RUNNING, SequenceState.HALTED);
    }

    @Override
    public void delete(String id) throws TaskException {
        calls.add("delete " + id);
        if (find(id).state() == SequenceState.RUNNING) {
            throw new SequenceStateException("sequence '" + id + "' is running: stop or halt it first");
        }
        sequences.remove(id);
    }

    @Override
    public Optional<SequenceInfo> get(String id) {
        return Optional.ofNullable(sequences.get(id));
    }

    /** Pages of sequences in the order added; the cursor is the last id of the page before. */
    @Override
    public SequencePage list(Set<SequenceState> states, String cursor, int limit) {
        lastStates = states;
        if (cursor != null && !sequences.containsKey(cursor)) {
            throw new IllegalArgumentException("not a cursor: " + cursor);
        }
        List<SequenceInfo> all = sequences.values().stream().filter(s -> states.isEmpty() || states.contains(s.state()))
                .toList();
        int from = 0;
        if (cursor != null) {
            while (from < all.size() && !all.get(from).id().equals(cursor)) {
                from++;
            }
            from++;
        }
        List<SequenceInfo> page = all.subList(Math.min(from, all.size()), Math.min(from + limit, all.size()));
        boolean more = from + limit < all.size();
        return new SequencePage(page, more ? page.get(page.size() - 1).id() : null);
    }

    /** A sequence with a small step tree, running in its main area. */
    static SequenceInfo running(String id) {
        StepInfo expose = StepInfo.builder("expose", "task").name("Expose").path("/main/0/steps/0")
                .state(StepState.COMPLETED).attempts(1).iteration(2).taskId(id + ".expose.2.1")
                .result(Map.of("hfr", new java.math.BigDecimal("2.50"))).startedAt(CREATED).finishedAt(CREATED.plusSeconds(5))
                .build();
        StepInfo loop = StepInfo.builder("frames", "loop").path("/main/0").state(StepState.RUNNING).iteration(2)
                .child(expose).build();
        return SequenceInfo.builder(id).name("M42 LRGB").description("a night").state(SequenceState.RUNNING)
                .document(Map.of("name", "M42 LRGB")).variables(Map.of("count", 10)).area("main")
                .currentSteps(List.of("/main/0/steps/0")).progress(3, 10).createdAt(CREATED).startedAt(CREATED)
                .areas(List.of(StepInfo.builder("start", "area").path("/start").state(StepState.COMPLETED).build(),
                        StepInfo.builder("main", "area").path("/main").state(StepState.RUNNING).child(loop).build(),
                        StepInfo.builder("end", "area").path("/end").build()))
                .build();
    }

    private SequenceInfo change(String id, String call, SequenceState from, SequenceState to) throws TaskException {
        calls.add(call + " " + id);
        SequenceInfo s = find(id);
        if (s.state() != from) {
            throw new SequenceStateException("sequence '" + id + "' is " + s.state().id() + ": " + call + " needs "
                    + from.id());
        }
        return add(s.toBuilder().state(to).build());
    }

    private SequenceInfo find(String id) throws SequenceNotFoundException {
        SequenceInfo s = sequences.get(id);
        if (s == null) {
            throw new SequenceNotFoundException("no sequence with the id '" + id + "'");
        }
        return s;
    }

    private void record(String call, String text, DocumentFormat format) {
        calls.add(call);
        lastText = text;
        lastFormat = format;
    }

    private static void check(String text) throws SequenceValidationException {
        if (text.contains("INVALID")) {
            throw new SequenceValidationException(PROBLEMS);
        }
    }

    /** Decisions of every sequence, as the store would list them. */
    final List<TargetDecision> decisions = new ArrayList<>();
    Instant lastFrom;
    Instant lastUntil;

    static TargetDecision decision(String sequenceId, long index) {
        return new TargetDecision(sequenceId, index, "night", CREATED.plusSeconds(600 * index), TargetDecision.Kind.RUN,
                "m42", "M 42", "M 42: highest score 0.63",
                List.of(new TargetDecision.Candidate("m42", "M 42", true, 0.63, true, "chosen: score 0.63")), null);
    }

    static NightPreview samplePreview(String sequenceId, Instant from, Instant until) {
        Instant mid = from.plusSeconds(1800);
        return new NightPreview(sequenceId, from, until, List.of(
                new NightPreview.Entry(from, mid, "target", "m42", "M 42", Map.of("L-60s-1x1", 25), "M 42: chosen"),
                new NightPreview.Entry(mid, until, "end", null, null, null, "every target is complete or failed")),
                List.of(decision(sequenceId, 0)));
    }

    @Override
    public List<TargetDecision> decisions(String id, long afterIndex, int limit) throws SequenceNotFoundException {
        find(id);
        calls.add("decisions " + id);
        return decisions.stream().filter(d -> d.sequenceId().equals(id) && d.index() > afterIndex).limit(limit)
                .toList();
    }

    @Override
    public NightPreview preview(String id, Instant from, Instant until) throws SequenceNotFoundException {
        find(id);
        lastFrom = from;
        lastUntil = until;
        return samplePreview(id, from, until);
    }
}
