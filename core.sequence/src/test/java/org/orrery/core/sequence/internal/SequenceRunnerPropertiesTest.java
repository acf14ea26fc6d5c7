package org.orrery.core.sequence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.orrery.sequence.SequenceEvent;
import org.orrery.sequence.SequenceInfo;
import org.orrery.sequence.SequenceState;
import org.orrery.sequence.StepInfo;
import org.orrery.task.PauseMode;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskStatus;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Random documents of {@code system.*} task steps in containers and loops, with random error
 * policies, random task failures, restarts of the runner, pauses (both modes) and resumes, and
 * now and then a stop or a halt.
 */
class SequenceRunnerPropertiesTest {

    private static final List<Object> POLICIES = List.of("continue", "skip", "skip_to_end", "abort",
            Map.of("policy", "retry", "attempts", 1, "then", "continue"));

    /**
     * A plan the property once called stuck: a loop of three waits (43 s an iteration) was still
     * waiting after 100 s with no task open; it was progress, not a stuck runner.
     */
    @net.jqwik.api.Example
    void stuckCaseOfSeed3917962444() throws Exception {
        invariantsHoldWhateverFailsAndRestarts(3917962444L);
    }

    @Property(tries = 300)
    void invariantsHoldWhateverFailsAndRestarts(@ForAll long seed) throws Exception {
        Random random = new Random(seed);
        Generator g = new Generator(random);
        Map<String, Object> document = g.document();
        Harness h = new Harness();
        String id = h.create(h.runner.codec().write(document), true);
        Plan plan = Plan.compile(document);
        boolean halted = false;
        for (int action = 0; action < 2000 && !h.state(id).isTerminal(); action++) {
            List<TaskRecord> open = h.scheduler.open();
            int roll = random.nextInt(100);
            if (roll < 8) {
                h.crash();
            } else if (roll < 9) {
                h.runner.halt(id);
                halted = true;
            } else if (roll < 11) {
                h.runner.stop(id);
            } else if (roll < 14 && h.state(id) == SequenceState.RUNNING) {
                h.runner.pause(id, random.nextBoolean() ? PauseMode.DEFERRED : PauseMode.IMMEDIATE);
            } else if ((roll < 17 || open.isEmpty()) && h.state(id) == SequenceState.PAUSED) {
                h.runner.resume(id);
            } else if (open.isEmpty()) {
                // waits only: time moves on; something must have happened (a loop of waits may need
                // more than one such step to end: progress is enough)
                int before = h.events(id).size();
                h.advance(Duration.ofSeconds(100));
                assertTrue(h.state(id).isTerminal() || h.state(id) == SequenceState.PAUSED
                        || !h.scheduler.open().isEmpty() || h.events(id).size() > before,
                        () -> "stuck with nothing to do: " + h.events(id));
            } else {
                // now and then several tasks end while the runner's thread is busy: handled in one flush
                boolean together = random.nextInt(3) == 0;
                List<TaskRecord> ending = new java.util.ArrayList<>(open);
                java.util.Collections.shuffle(ending, random);
                ending = ending.subList(0, together ? 1 + random.nextInt(open.size()) : 1);
                if (together) {
                    h.actor.hold();
                }
                for (TaskRecord t : ending) {
                    if (random.nextInt(4) == 0) {
                        h.scheduler.fail(t.id(), "random failure");
                    } else {
                        h.scheduler.complete(t.id(), Map.of());
                    }
                }
                if (together) {
                    h.actor.release();
                }
            }
        }
        SequenceInfo info = h.info(id);
        assertTrue(info.state().isTerminal(), () -> "not finished: " + h.events(id));
        assertEquals(halted, info.state() == SequenceState.HALTED);
        endAreaRanUnlessHalted(h, id, plan, info);
        sequentialStepsNeverOverlap(h, id, plan);
        loopsStayWithinMaxIterations(plan, info.areas());
        completedStepsNeverRunTwice(h, id);
    }

    private static void endAreaRanUnlessHalted(Harness h, String id, Plan plan, SequenceInfo info) {
        List<Step> end = plan.area(2).steps();
        if (info.state() != SequenceState.HALTED && !end.isEmpty()) {
            assertTrue(h.events(id).contains("step_started:" + end.get(0).id()), () -> "end area did not run: "
                    + h.events(id));
        }
    }

    /** At each start, no earlier sibling in a sequential container runs; a parallel one runs at most its limit. */
    private static void sequentialStepsNeverOverlap(Harness h, String id, Plan plan) {
        Map<String, Step> parents = new HashMap<>();
        for (Step.Container area : plan.areas()) {
            parents(area, parents);
        }
        Set<String> running = new HashSet<>();
        for (SequenceEvent e : h.events) {
            if (!e.sequenceId().equals(id) || e.stepId() == null) {
                continue;
            }
            if (e.type() == SequenceEvent.Type.STEP_STARTED) {
                Step parent = parents.get(e.stepId());
                List<Step> siblings = parent.children();
                if (parent instanceof Step.Container c && c.parallel()) {
                    // a step cancelled by an immediate pause starts again without having ended
                    long busy = siblings.stream().filter(s -> running.contains(s.id()) && !s.id().equals(e.stepId()))
                            .count();
                    assertTrue(c.maxConcurrency() == 0 || busy < c.maxConcurrency(),
                            () -> e.stepId() + " started beyond max_concurrency: " + h.events(id));
                } else {
                    for (Step s : siblings) {
                        assertFalse(running.contains(s.id()) && !s.id().equals(e.stepId()),
                                () -> e.stepId() + " started while " + s.id()
                                + " ran: " + h.events(id));
                    }
                }
                running.add(e.stepId());
            } else {
                running.remove(e.stepId());
            }
        }
    }

    private static void parents(Step step, Map<String, Step> into) {
        for (Step child : step.children()) {
            into.put(child.id(), step);
            parents(child, into);
        }
    }

    private static void loopsStayWithinMaxIterations(Plan plan, List<StepInfo> steps) {
        for (StepInfo s : steps) {
            if (plan.step(s.id()) instanceof Step.Loop l) {
                assertTrue(s.iteration() <= l.maxIterations(), () -> s + " beyond " + l.maxIterations());
            }
            loopsStayWithinMaxIterations(plan, s.children());
        }
    }

    /** No step execution (step and iterations) completes two tasks. */
    private static void completedStepsNeverRunTwice(Harness h, String id) {
        Map<String, Integer> completed = new HashMap<>();
        for (TaskRecord t : h.scheduler.open()) {
            completed.put(t.id(), 0);
        }
        Set<String> ids = new HashSet<>();
        for (var spec : h.scheduler.submitted) {
            assertTrue(ids.add(spec.id()), () -> "task " + spec.id() + " submitted twice");
            TaskRecord t = h.scheduler.get(spec.id()).orElseThrow();
            if (t.status() == TaskStatus.COMPLETED) {
                String execution = spec.id().substring(0, spec.id().lastIndexOf('.'));
                completed.merge(execution, 1, Integer::sum);
            }
        }
        completed.forEach((execution, n) -> assertTrue(n <= 1, () -> execution + " completed " + n + " times"));
    }

    /** Random plans: containers, loops, waits and tasks, every id given, policies here and there. */
    private static final class Generator {
        private final Random random;
        private int next;

        Generator(Random random) {
            this.random = random;
        }

        Map<String, Object> document() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("name", "random");
            if (random.nextBoolean()) {
                d.put("on_error", policy());
            }
            for (String area : Plan.AREAS) {
                d.put(area, steps(2));
            }
            return d;
        }

        private List<Object> steps(int depth) {
            List<Object> steps = new ArrayList<>();
            int n = random.nextInt(4);
            for (int i = 0; i < n; i++) {
                steps.add(step(depth));
            }
            return steps;
        }

        private Map<String, Object> step(int depth) {
            Map<String, Object> s = new LinkedHashMap<>();
            int kind = depth == 0 ? 0 : random.nextInt(6);
            s.put("id", "s" + (++next));
            switch (kind) {
                case 1, 2 -> {
                    s.put("type", kind == 1 ? "sequential" : "parallel");
                    if (kind == 2 && random.nextBoolean()) {
                        s.put("max_concurrency", 1 + random.nextInt(2));
                    }
                    s.put("steps", steps(depth - 1));
                }
                case 3 -> {
                    s.put("type", "loop");
                    int max = 1 + random.nextInt(3);
                    if (random.nextBoolean()) {
                        s.put("count", random.nextInt(max + 1));
                    } else {
                        s.put("while", Map.of("field", "sequence.name", "operator", "exists"));
                    }
                    s.put("max_iterations", max);
                    s.put("steps", steps(depth - 1));
                }
                case 4 -> {
                    s.put("type", "wait");
                    s.put("seconds", random.nextInt(20));
                }
                default -> {
                    s.put("type", "task");
                    s.put("action", random.nextBoolean() ? "system.noop" : "system.echo");
                }
            }
            if (random.nextInt(3) == 0) {
                s.put("on_error", policy());
            }
            return s;
        }

        private Object policy() {
            return POLICIES.get(random.nextInt(POLICIES.size()));
        }
    }
}
