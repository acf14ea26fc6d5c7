package org.orrery.core.sequence.internal.night;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.orrery.sequence.NightPreview;
import org.orrery.sequence.TargetDecision;
import org.orrery.sequence.TargetDecision.Kind;

/**
 * The night as the {@link Planner} would run it, simulated on the clock alone: no device moves,
 * no task starts. A chosen target takes frames one after the other (exposure plus a per-frame
 * overhead; a slew first when the target changes) until its plan is complete, it stops being
 * viable, the night ends or — with the dispatch strategy — the decision interval has passed;
 * then the planner decides again. A wait jumps to the decision's {@code waitUntil}. Containers
 * run one after the other, in document order.
 */
public final class NightPreviewer {

    public static final Duration DEFAULT_FRAME_OVERHEAD = Duration.ofSeconds(10);
    public static final Duration DEFAULT_SLEW = Duration.ofSeconds(60);
    /** A runaway guard: more decisions than a week of 10-minute intervals. */
    static final int MAX_DECISIONS = 20_000;
    private static final Duration LEAST_STEP = Duration.ofMinutes(1);

    /**
     * A {@code targets} container as the preview needs it.
     *
     * @param stepId its step id
     * @param strategy its strategy
     * @param weights its weights and decision interval
     * @param targets its target steps, in document order
     * @param until when it ends (its {@code until}), or null
     */
    public record Container(String stepId, Strategy strategy, Weights weights, List<TargetSpec> targets,
            Instant until) {

        public Container {
            targets = List.copyOf(targets);
        }
    }

    private final Planner planner;
    private final Duration frameOverhead;
    private final Duration slew;

    public NightPreviewer(Planner planner) {
        this(planner, DEFAULT_FRAME_OVERHEAD, DEFAULT_SLEW);
    }

    public NightPreviewer(Planner planner, Duration frameOverhead, Duration slew) {
        this.planner = planner;
        this.frameOverhead = frameOverhead;
        this.slew = slew;
    }

    /**
     * Simulates the containers from {@code from} to {@code until}.
     *
     * @param accepted frames accepted already, per target step id and plan key (the target store's counts)
     */
    public NightPreview preview(String sequenceId, List<Container> containers,
            Map<String, Map<String, Integer>> accepted, Instant from, Instant until) {
        Simulation s = new Simulation(sequenceId, accepted, from);
        String why = containers.isEmpty() ? "the sequence has no targets container"
                : "the preview ends at " + Texts.time(until);
        for (int i = 0; i < containers.size() && s.now.isBefore(until); i++) {
            String ended = s.run(containers.get(i), until);
            if (ended != null) {
                why = ended;
            }
        }
        s.entries.add(new NightPreview.Entry(s.now, s.now.isBefore(until) ? until : s.now, "end", null, null, null,
                why));
        return new NightPreview(sequenceId, from, until, s.entries, s.decisions);
    }

    /** The simulated night's state. */
    private final class Simulation {
        final String sequenceId;
        final Map<String, Map<String, Integer>> accepted = new HashMap<>();
        final List<NightPreview.Entry> entries = new ArrayList<>();
        final List<TargetDecision> decisions = new ArrayList<>();
        final Map<String, Integer> cyclePosition = new HashMap<>();
        Instant now;
        String pointedAt;

        Simulation(String sequenceId, Map<String, Map<String, Integer>> accepted, Instant from) {
            this.sequenceId = sequenceId;
            accepted.forEach((k, v) -> this.accepted.put(k, new HashMap<>(v)));
            this.now = from;
        }

        /** Runs a container until its END decision (whose summary it returns) or the preview's end (null). */
        String run(Container c, Instant previewEnd) {
            Instant nightEnd = c.until() != null && c.until().isBefore(previewEnd) ? c.until() : previewEnd;
            Map<String, TargetStatus> status = new HashMap<>();
            Map<String, TargetSpec> byId = new HashMap<>();
            c.targets().forEach(t -> byId.put(t.stepId(), t));
            String running = null;
            while (decisions.size() < MAX_DECISIONS && now.isBefore(previewEnd)) {
                Map<String, TargetStatus> seen = new HashMap<>(status);
                if (running != null) {
                    seen.put(running, TargetStatus.RUNNING);
                }
                PlannerDecision d = planner.decide(new PlannerInput(c.stepId(), c.strategy(), c.weights(),
                        c.targets(), seen, accepted, running, now, nightEnd));
                TargetSpec chosen = d.chosenStepId() == null ? null : byId.get(d.chosenStepId());
                decisions.add(new TargetDecision(sequenceId, decisions.size(), c.stepId(), now, d.kind(),
                        d.chosenStepId(), chosen == null ? null : chosen.name(), d.summary(), d.candidates(),
                        d.waitUntil()));
                if (d.kind() == Kind.END) {
                    return d.summary();
                }
                if (d.kind() == Kind.WAIT) {
                    Instant to = d.waitUntil().isAfter(now) ? d.waitUntil() : now.plus(LEAST_STEP);
                    entries.add(new NightPreview.Entry(now, to, "wait", null, null, null, d.summary()));
                    now = to;
                    running = null;
                    pointedAt = null;
                    continue;
                }
                running = frames(c, chosen, d, nightEnd, status) ? chosen.stepId() : null;
            }
            return null;
        }

        /** Runs the chosen target's frames; true when it is still running at the next decision. */
        private boolean frames(Container c, TargetSpec t, PlannerDecision d, Instant nightEnd,
                Map<String, TargetStatus> status) {
            Instant start = now;
            Instant at = now;
            if (!t.stepId().equals(pointedAt)) {
                at = at.plus(slew);
                pointedAt = t.stepId();
            }
            Instant stop = planner.constraints().viableUntil(t, now, nightEnd).orElse(nightEnd);
            Instant decideAgain = c.strategy() == Strategy.DISPATCH
                    ? now.plusSeconds(Math.max(60, (long) c.weights().decisionIntervalSeconds())) : nightEnd;
            Map<String, Integer> taken = new LinkedHashMap<>();
            Map<String, Integer> done = accepted.computeIfAbsent(t.stepId(), k -> new HashMap<>());
            boolean complete = false;
            boolean ended = false;
            while (at.isBefore(decideAgain)) {
                TargetSpec.PlanEntry e = next(t, done, true);
                if (e == null) {
                    complete = true;
                    break;
                }
                Instant end = at.plus(Duration.ofMillis(Math.round(e.exposureSeconds() * 1000))).plus(frameOverhead);
                if (end.isAfter(stop)) {
                    ended = true;
                    break;
                }
                at = end;
                done.merge(e.key(), 1, Integer::sum);
                taken.merge(e.key(), 1, Integer::sum);
            }
            if (ended && at.isBefore(stop)) {
                at = stop;
            }
            if (!at.isAfter(now)) {
                at = now.plus(LEAST_STEP);
            }
            complete = complete || next(t, done, false) == null;
            add(new NightPreview.Entry(start, at, "target", t.stepId(), t.name(), taken, d.summary()), d.kind());
            now = at;
            if (complete) {
                status.put(t.stepId(), TargetStatus.DONE);
            }
            return !complete && !ended;
        }

        /** Adds a stretch; one that continues the previous stretch of the same target extends it. */
        private void add(NightPreview.Entry e, Kind kind) {
            NightPreview.Entry last = entries.isEmpty() ? null : entries.get(entries.size() - 1);
            if (kind == Kind.CONTINUE && last != null && "target".equals(last.activity())
                    && e.stepId().equals(last.stepId()) && last.end().equals(e.start())) {
                Map<String, Integer> frames = new LinkedHashMap<>(last.frames());
                e.frames().forEach((k, v) -> frames.merge(k, v, Integer::sum));
                entries.set(entries.size() - 1, new NightPreview.Entry(last.start(), e.end(), "target",
                        last.stepId(), last.target(), frames, last.reason()));
            } else {
                entries.add(e);
            }
        }

        /** The plan entry of the target's next frame, or null when its plan is complete (or empty). */
        private TargetSpec.PlanEntry next(TargetSpec t, Map<String, Integer> done, boolean take) {
            List<TargetSpec.PlanEntry> plan = t.plan();
            int n = plan.size();
            boolean cycle = "cycle".equals(t.planOrder());
            int first = cycle ? cyclePosition.getOrDefault(t.stepId(), 0) : 0;
            for (int i = 0; i < n; i++) {
                int at = (first + i) % n;
                TargetSpec.PlanEntry e = plan.get(at);
                if (done.getOrDefault(e.key(), 0) < e.count()) {
                    if (cycle && take) {
                        cyclePosition.put(t.stepId(), (at + 1) % n);
                    }
                    return e;
                }
            }
            return null;
        }
    }
}
