package org.orrery.core.sequence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.orrery.sequence.DocumentFormat;
import org.orrery.sequence.SequenceEvent;
import org.orrery.sequence.SequenceInfo;
import org.orrery.sequence.SequencePage;
import org.orrery.sequence.SequenceProblem;
import org.orrery.sequence.SequenceState;
import org.orrery.sequence.SequenceStateException;
import org.orrery.sequence.SequenceValidationException;
import org.orrery.sequence.StepType;
import org.orrery.task.TaskSpec;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/** The component on its own thread, a fake scheduler and an in-memory store; waits are on futures, never sleeps. */
class SequenceManagerComponentTest {

    private static final String TWO_STEPS = """
            name: two
            main:
              - {type: task, action: system.noop}
              - {type: task, action: system.echo, parameters: {message: hi}}
            end:
              - {type: task, action: system.noop}
            """;

    private final FakeScheduler scheduler = new FakeScheduler();
    private final InMemorySequenceStore store = new InMemorySequenceStore();
    private final List<Event> posted = Collections.synchronizedList(new ArrayList<>());
    private SequenceManagerComponent manager = newManager();

    private SequenceManagerComponent newManager() {
        SequenceManagerComponent m = new SequenceManagerComponent(null, scheduler, store);
        m.eventAdmin = new EventAdmin() { // as DS sets the field reference
            @Override
            public void postEvent(Event event) {
                posted.add(event);
            }

            @Override
            public void sendEvent(Event event) {
                posted.add(event);
            }
        };
        m.activate();
        return m;
    }

    @AfterEach
    void stop() throws Exception {
        manager.deactivate();
    }

    private TaskSpec next() throws InterruptedException {
        TaskSpec spec = scheduler.accepted.poll(10, TimeUnit.SECONDS);
        if (spec == null) {
            throw new AssertionError("no task was submitted");
        }
        return spec;
    }

    @Test
    void aDocumentRunsToItsEndWithIdsFilledInAndEventsPosted() throws Exception {
        SequenceInfo created = manager.create(TWO_STEPS, DocumentFormat.YAML);
        assertEquals(SequenceState.CREATED, created.state());
        assertEquals(List.of("task-1", "task-2"), created.areas().get(1).children().stream().map(s -> s.id()).toList());
        var finished = manager.whenFinished(created.id()).toCompletableFuture();
        manager.start(created.id());
        for (int i = 0; i < 3; i++) {
            scheduler.complete(next().id(), Map.of());
        }
        SequenceInfo done = finished.get(10, TimeUnit.SECONDS);
        assertEquals(SequenceState.COMPLETED, done.state());
        assertEquals(3, done.stepsDone());
        List<String> types = posted.stream().map(e -> (String) e.getProperty(SequenceEvent.PROPERTY_TYPE)).toList();
        assertEquals("sequence_started", types.get(0));
        assertEquals("sequence_completed", types.get(types.size() - 1));
        Event step = posted.get(1);
        assertEquals(SequenceEvent.Type.STEP_STARTED.topic(), step.getTopic());
        assertEquals("/main/0", step.getProperty(SequenceEvent.PROPERTY_PATH));
        assertEquals(created.id() + ".task-1.1", step.getProperty(SequenceEvent.PROPERTY_TASK_ID));
        Event completed = posted.get(2);
        assertEquals("step_completed", completed.getProperty(SequenceEvent.PROPERTY_TYPE));
        assertEquals(created.id() + ".task-1.1", completed.getProperty(SequenceEvent.PROPERTY_TASK_ID));
        assertEquals("running", completed.getProperty(SequenceEvent.PROPERTY_STATE));
    }

    @Test
    void aDecisionIsStoredAndPostedWithItsMapAndAnUnknownSequenceHasNone() throws Exception {
        manager.targetStore = new InMemoryTargetStore();
        String id = manager.create("""
                name: night
                main:
                  - type: targets
                    id: night
                    steps: [{type: target, id: a, name: A, ra: 1, dec: 10, plan: [{exposure: 1, count: 1}]}]
                """, DocumentFormat.YAML).id();
        var finished = manager.whenFinished(id).toCompletableFuture();
        manager.start(id);
        assertEquals(SequenceState.COMPLETED, finished.get(10, TimeUnit.SECONDS).state()); // no sky: nothing viable
        List<org.orrery.sequence.TargetDecision> stored = manager.decisions(id, -1, 10);
        assertEquals(1, stored.size());
        assertEquals(org.orrery.sequence.TargetDecision.Kind.END, stored.get(0).kind());
        Event event = posted.stream().filter(e -> e.getTopic().equals(SequenceEvent.Type.TARGET_DECISION.topic()))
                .findFirst().orElseThrow();
        assertEquals(stored.get(0).toMap(), event.getProperty(SequenceEvent.PROPERTY_DECISION));
        assertEquals("night", event.getProperty(SequenceEvent.PROPERTY_STEP_ID));
        assertThrows(org.orrery.sequence.SequenceNotFoundException.class, () -> manager.decisions("nope", -1, 10));
    }

    @Test
    void thePreviewReadsTheResolvedObjectsOfThePlan() throws Exception {
        manager.targetStore = new InMemoryTargetStore();
        manager.catalog.set(new org.orrery.sky.Catalog() {
            @Override
            public java.util.Optional<org.orrery.sky.CatalogObject> find(String name) {
                return java.util.Optional.of(new org.orrery.sky.CatalogObject("M 42", List.of(), "nebula",
                        new org.orrery.sky.Coordinates(5.5881, -5.391), 4.0, null));
            }

            @Override
            public List<org.orrery.sky.CatalogObject> search(String text, int limit) {
                return List.of();
            }

            @Override
            public int size() {
                return 1;
            }
        });
        String id = manager.create("""
                name: night
                main:
                  - type: targets
                    id: night
                    steps: [{type: target, id: a, name: A, object: M 42, plan: [{exposure: 1, count: 1}]}]
                """, DocumentFormat.YAML).id();
        java.time.Instant from = java.time.Instant.parse("2026-12-05T20:00:00Z");
        assertEquals(id, manager.preview(id, from, from.plusSeconds(3600)).sequenceId());
    }

    @Test
    void aCallbackOnTheEndMayCallTheManager() throws Exception {
        String id = manager.create(TWO_STEPS, DocumentFormat.YAML).id();
        var again = manager.whenFinished(id).thenApply(info -> manager.get(id).orElseThrow().state())
                .toCompletableFuture();
        manager.start(id);
        manager.stop(id);
        next(); // main's first, cancelled by the stop
        scheduler.complete(next().id(), Map.of()); // the end area's
        assertEquals(SequenceState.STOPPED, again.get(10, TimeUnit.SECONDS));
    }

    @Test
    void executeSequenceWaitsForTheEnd() throws Exception {
        String id = manager.create(TWO_STEPS, DocumentFormat.YAML).id();
        Thread completer = new Thread(() -> {
            try {
                for (int i = 0; i < 3; i++) {
                    scheduler.complete(next().id(), Map.of());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        completer.start();
        assertEquals(SequenceState.COMPLETED, manager.executeSequence(id, false).state());
        completer.join();
    }

    @Test
    void anInvalidDocumentIsRefusedWithItsPlaceAndNothingIsStored() throws Exception {
        String text = "name: bad\nmain:\n  - {type: task, action: no.such}\n";
        SequenceValidationException e = assertThrows(SequenceValidationException.class,
                () -> manager.create(text, DocumentFormat.YAML));
        SequenceProblem p = e.problems().get(0);
        assertEquals("/main/0/action", p.pointer());
        assertEquals(3, p.line());
        assertEquals(e.problems(), manager.validate(text, DocumentFormat.YAML));
        assertTrue(manager.list(Set.of(), null, 10).sequences().isEmpty());
    }

    @Test
    void deleteRefusesARunningSequence() throws Exception {
        String id = manager.create(TWO_STEPS, DocumentFormat.YAML).id();
        manager.start(id);
        assertThrows(SequenceStateException.class, () -> manager.delete(id));
        manager.halt(id);
        manager.delete(id);
        assertTrue(manager.get(id).isEmpty());
    }

    @Test
    void listPagesWithACursor() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(manager.create(TWO_STEPS, DocumentFormat.YAML).id());
        }
        SequencePage first = manager.list(Set.of(), null, 2);
        assertEquals(2, first.sequences().size());
        SequencePage second = manager.list(Set.of(SequenceState.CREATED), first.nextCursor(), 2);
        assertEquals(1, second.sequences().size());
        assertNull(second.nextCursor());
        List<String> listed = new ArrayList<>(first.sequences().stream().map(SequenceInfo::id).toList());
        listed.add(second.sequences().get(0).id());
        assertEquals(Set.copyOf(ids), Set.copyOf(listed));
    }

    @Test
    void aNewComponentTakesUpWhereTheOldOneStopped() throws Exception {
        String id = manager.create(TWO_STEPS, DocumentFormat.YAML).id();
        manager.start(id);
        TaskSpec first = next();
        manager.deactivate();
        scheduler.complete(first.id(), Map.of());
        manager = newManager();
        var finished = manager.whenFinished(id).toCompletableFuture();
        scheduler.complete(next().id(), Map.of());
        scheduler.complete(next().id(), Map.of());
        assertEquals(SequenceState.COMPLETED, finished.get(10, TimeUnit.SECONDS).state());
        assertEquals(3, scheduler.submitted.size());
        // the first task's end, taken up on activation, was posted (the Event Admin was bound by then)
        assertEquals(1, posted.stream().filter(e -> "step_completed".equals(e.getProperty(SequenceEvent.PROPERTY_TYPE))
                && "task-1".equals(e.getProperty(SequenceEvent.PROPERTY_STEP_ID))).count());
    }

    @Test
    void deactivationEndsTheThreadAtOnceThoughAWaitIsDueInAnHour() throws Exception {
        String id = manager.create("name: w\nmain: [{type: wait, seconds: 3600}]\n", DocumentFormat.YAML).id();
        manager.start(id);
        manager.deactivate();
        assertTrue(manager.stopped());
        assertEquals(SequenceState.RUNNING, store.get(id).orElseThrow().state());
        manager = newManager();
        assertEquals(SequenceState.RUNNING, manager.get(id).orElseThrow().state());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void theCiCdPipelineTemplateDeploysOrRollsBack(boolean failTests) throws Exception {
        SequenceInfo created = manager.createSequenceFromTemplate("CiCdPipeline", Map.of("failTests", failTests));
        assertEquals("CiCdPipeline", created.template());
        var finished = manager.whenFinished(created.id()).toCompletableFuture();
        manager.start(created.id());
        List<String> ran = new ArrayList<>();
        for (int i = 0; i < 7; i++) { // checkout, build, 2 tests, (failure, rollback | deploy, verify), notify
            TaskSpec spec = next();
            ran.add((String) spec.metadata().get("step_id"));
            if (spec.action().equals("system.fail")) {
                scheduler.fail(spec.id(), "integration tests failed");
            } else {
                scheduler.complete(spec.id(), spec.parameters());
            }
        }
        SequenceInfo done = finished.get(10, TimeUnit.SECONDS);
        assertEquals(SequenceState.COMPLETED, done.state());
        assertEquals(failTests ? "failed" : "passed", done.variables().get("test_status"));
        assertEquals(failTests, ran.contains("rollback"));
        assertEquals(!failTests, ran.contains("deploy"));
        assertEquals("notify", ran.get(ran.size() - 1));
    }

    @Test
    void aPluginStepRunsAsItsExpansionAlsoAfterARestartWithoutItsBundle() throws Exception {
        StepType twice = new StepType() {
            @Override
            public String type() {
                return "twice";
            }

            @Override
            public Map<String, Object> expand(Map<String, Object> step) {
                Map<String, Object> task = Map.of("type", "task", "action", "system.echo",
                        "parameters", Map.of("message", step.get("message")));
                return Map.of("type", "sequential", "id", step.get("id"), "steps", List.of(task, task));
            }
        };
        manager.addStepType(twice);
        SequenceInfo created = manager.create("name: plugin\nmain: [{type: twice, id: hello, message: hi}]\n",
                DocumentFormat.YAML);
        assertEquals("twice", ((Map<?, ?>) ((List<?>) created.document().get("main")).get(0)).get("type"));
        manager.start(created.id());
        TaskSpec first = next();
        assertEquals(Map.of("message", "hi"), first.parameters());
        manager.removeStepType(twice);
        manager.deactivate();
        manager = newManager();
        var finished = manager.whenFinished(created.id()).toCompletableFuture();
        scheduler.complete(first.id(), Map.of());
        scheduler.complete(next().id(), Map.of());
        assertEquals(SequenceState.COMPLETED, finished.get(10, TimeUnit.SECONDS).state());
        assertEquals(2, scheduler.submitted.size());
    }

    @Test
    void anUnknownTemplateIsNotFound() {
        assertThrows(org.orrery.sequence.SequenceNotFoundException.class,
                () -> manager.createSequenceFromTemplate("Nothing", Map.of()));
    }

    @Test
    void saveAndLoadAFile(@TempDir Path dir) throws Exception {
        String id = manager.create(TWO_STEPS, DocumentFormat.YAML).id();
        Path file = dir.resolve("two.json");
        manager.saveSequence(id, file);
        assertTrue(Files.readString(file).contains("\"task-1\""));
        SequenceInfo again = manager.loadSequenceFromFile(file);
        assertEquals(manager.get(id).orElseThrow().document(), again.document());
    }
}
