package org.orrery.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

import org.orrery.astro.sky.internal.SkyComponent;
import org.orrery.bench.BenchSupport.Settings;
import org.orrery.bench.BenchSupport.Summary;
import org.orrery.core.sequence.internal.night.ConstraintCheck;
import org.orrery.core.sequence.internal.night.NightPreviewer;
import org.orrery.core.sequence.internal.night.Planner;
import org.orrery.core.sequence.internal.night.PlannerDecision;
import org.orrery.core.sequence.internal.night.PlannerInput;
import org.orrery.core.sequence.internal.night.SkyView;
import org.orrery.core.sequence.internal.night.Strategy;
import org.orrery.core.sequence.internal.night.TargetSpec;
import org.orrery.core.sequence.internal.night.TargetStatus;
import org.orrery.core.sequence.internal.night.Weights;
import org.orrery.sequence.NightPreview;
import org.orrery.sky.Coordinates;
import org.orrery.sky.Sky;
import org.orrery.sky.Twilight;

/**
 * The night planner's cost (issue 13, "Benchmark"), on the real {@code Sky} of astro.sky (the
 * default site, La Palma) in one JVM: (1) one dispatch decision over {@code targets} candidate
 * targets at 21:00 UTC on 2026-12-05, against a baseline of one constraint check of every
 * target at that instant (the least any planner must do); (2) a whole-night preview of
 * {@code nightTargets} targets from 18:00 to 08:00 UTC (dispatch, deciding every 10 minutes),
 * against a baseline that checks every target at every 10 minutes of the same span. Targets are
 * spread over the sky by a seeded random generator, each with a minimum altitude, the horizon
 * line, astronomical darkness and moon limits, and an LRGB plan partly done. A benchmark
 * program, not a test.
 *
 * <pre>
 * java -cp ... org.orrery.bench.PlannerBenchmark [key=value ...]
 * </pre>
 *
 * Settings: {@code targets} (500), {@code nightTargets} (50), {@code rounds} (5), {@code warmups}
 * (3), {@code report} (a Markdown file).
 */
public final class PlannerBenchmark {

    static final double DECISION_GOAL_MS = 50;
    static final double PREVIEW_GOAL_MS = 2000;
    static final Instant DECISION_AT = Instant.parse("2026-12-05T21:00:00Z");
    static final Instant NIGHT_FROM = Instant.parse("2026-12-05T18:00:00Z");
    static final Instant NIGHT_UNTIL = Instant.parse("2026-12-06T08:00:00Z");

    private final Sky sky = new SkyComponent(Map.of());
    private final SkyView view = SkyView.of(sky, null, null);

    public static void main(String[] args) throws Exception {
        Map<String, String> raw = BenchSupport.mainArguments(args);
        Settings settings = new Settings(raw);
        BenchSupport.printReport(settings, new PlannerBenchmark().run(settings, raw));
        System.exit(0);
    }

    /** {@code n} targets over the sky, the same for a seed. */
    static List<TargetSpec> targets(int n, long seed) {
        Random random = new Random(seed);
        List<TargetSpec> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Coordinates at = new Coordinates(random.nextDouble() * 24, -30 + random.nextDouble() * 110);
            TargetSpec.Constraints c = new TargetSpec.Constraints(20.0 + random.nextInt(20), true,
                    Twilight.ASTRONOMICAL, 30.0, 0.9, null, null, null, null);
            List<TargetSpec.PlanEntry> plan = new ArrayList<>();
            for (String filter : List.of("L", "R", "G", "B")) {
                plan.add(new TargetSpec.PlanEntry(filter + "-120s-1x1", filter, 120, 10 + random.nextInt(20), 1, null,
                        null, "light"));
            }
            out.add(new TargetSpec("t" + i, "Target " + i, at, 1 + random.nextInt(5), List.of(), c, plan, "by_filter"));
        }
        return out;
    }

    /** Some frames done already: a quarter of the targets have half of their L frames. */
    static Map<String, Map<String, Integer>> accepted(List<TargetSpec> targets) {
        Map<String, Map<String, Integer>> out = new HashMap<>();
        for (int i = 0; i < targets.size(); i += 4) {
            TargetSpec.PlanEntry l = targets.get(i).plan().get(0);
            out.put(targets.get(i).stepId(), Map.of(l.key(), l.count() / 2));
        }
        return out;
    }

    String run(Settings settings, Map<String, String> raw) {
        int n = settings.integer("targets", 500);
        int nightN = settings.integer("nightTargets", 50);
        int rounds = settings.integer("rounds", 5);
        int warmups = settings.integer("warmups", 3);
        List<TargetSpec> many = targets(n, 42);
        List<TargetSpec> night = targets(nightN, 7);
        PlannerInput decision = new PlannerInput("night", Strategy.DISPATCH, Weights.DEFAULT, many,
                Map.<String, TargetStatus>of(), accepted(many), null, DECISION_AT, Instant.parse("2026-12-06T06:30:00Z"));
        List<NightPreviewer.Container> containers = List.of(new NightPreviewer.Container("night", Strategy.DISPATCH,
                Weights.DEFAULT, night, null));
        Map<String, Supplier<Object>> work = new LinkedHashMap<>();
        work.put("baseline-decision", () -> checkAll(many, DECISION_AT));
        work.put("decision", () -> new Planner(view).decide(decision));
        work.put("baseline-night", () -> tabulate(night));
        work.put("preview", () -> new NightPreviewer(new Planner(view)).preview("bench", containers,
                accepted(night), NIGHT_FROM, NIGHT_UNTIL));
        System.out.println("# Planner: " + n + " targets per decision, " + nightN + " per night; " + warmups
                + " warm-up + " + rounds + " measured rounds");
        Map<String, List<Double>> times = new LinkedHashMap<>();
        Map<String, Object> last = new HashMap<>();
        for (int r = -warmups; r < rounds; r++) {
            for (Map.Entry<String, Supplier<Object>> w : work.entrySet()) {
                long start = System.nanoTime();
                Object result = w.getValue().get();
                double ms = (System.nanoTime() - start) / 1e6;
                last.put(w.getKey(), result);
                if (r >= 0) {
                    times.computeIfAbsent(w.getKey(), k -> new ArrayList<>()).add(ms);
                    System.out.printf(Locale.ROOT, "  round %d %-18s %10.1f ms%n", r + 1, w.getKey(), ms);
                }
            }
        }
        return report(times, (PlannerDecision) last.get("decision"), (NightPreview) last.get("preview"), n, nightN,
                raw, rounds, warmups);
    }

    /** The decision's baseline: every target checked once, at one instant. */
    private int checkAll(List<TargetSpec> targets, Instant at) {
        ConstraintCheck check = new ConstraintCheck(view);
        int viable = 0;
        for (TargetSpec t : targets) {
            viable += check.check(t, at).viable() ? 1 : 0;
        }
        return viable;
    }

    /** The preview's baseline: every target checked at every 10 minutes of the night. */
    private int tabulate(List<TargetSpec> targets) {
        int viable = 0;
        for (Instant at = NIGHT_FROM; at.isBefore(NIGHT_UNTIL); at = at.plus(Duration.ofMinutes(10))) {
            viable += checkAll(targets, at);
        }
        return viable;
    }

    private static String report(Map<String, List<Double>> times, PlannerDecision decision, NightPreview preview,
            int n, int nightN, Map<String, String> raw, int rounds, int warmups) {
        Summary baseD = Summary.of(times.get("baseline-decision"));
        Summary d = Summary.of(times.get("decision"));
        Summary baseN = Summary.of(times.get("baseline-night"));
        Summary p = Summary.of(times.get("preview"));
        long viable = decision.candidates().stream().filter(c -> c.viable()).count();
        long stretches = preview.entries().stream().filter(e -> e.activity().equals("target")).count();
        StringBuilder s = new StringBuilder();
        s.append("## Planner: dispatch decision and night preview (real Sky, La Palma)\n\n");
        s.append("Settings: ").append(raw).append("; ").append(warmups).append(" warm-up + ").append(rounds)
                .append(" measured rounds, medians (min–max)\n\n");
        s.append("| measured | median ms | min–max | × baseline | goal | |\n|---|---|---|---|---|---|\n");
        s.append(row("baseline: " + n + " constraint checks at 21:00Z", baseD, null, null));
        s.append(row("one dispatch decision over " + n + " targets (" + viable + " viable, chose "
                + decision.chosenStepId() + ")", d, baseD, DECISION_GOAL_MS));
        s.append(row("baseline: " + nightN + " targets checked every 10 min, 18:00Z–08:00Z", baseN, null, null));
        s.append(row("night preview of " + nightN + " targets (" + preview.decisions().size() + " decisions, "
                + stretches + " target stretches)", p, baseN, PREVIEW_GOAL_MS));
        s.append("\nMachine: ").append(BenchSupport.machineLine()).append("; JVM: ").append(BenchSupport.jvmLine())
                .append('\n');
        return s.toString();
    }

    private static String row(String what, Summary s, Summary baseline, Double goalMs) {
        return "| " + what + " | " + BenchSupport.fmt(s.median()) + " | " + BenchSupport.fmt(s.min()) + "–"
                + BenchSupport.fmt(s.max()) + " | " + (baseline == null ? "1" : BenchSupport.fmt(s.median()
                        / baseline.median())) + " | " + (goalMs == null ? "" : "< " + BenchSupport.fmt(goalMs) + " ms")
                + " | " + (goalMs == null ? "" : BenchSupport.passMiss(s.median() < goalMs)) + " |\n";
    }
}
