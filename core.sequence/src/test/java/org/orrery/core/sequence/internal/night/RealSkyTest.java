package org.orrery.core.sequence.internal.night;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.orrery.astro.sky.internal.SkyComponent;
import org.orrery.sequence.NightPreview;
import org.orrery.sequence.TargetDecision.Kind;
import org.orrery.sky.Coordinates;
import org.orrery.sky.Twilight;

/**
 * The constraints and the planner on the real Sky (astro.sky) at its default site, Roque de los
 * Muchachos, La Palma, on the night of 2026-12-05: astronomical dusk 19:38Z, dawn 06:27Z; M 31
 * culminates at about 21:00Z (77°) and sinks below 30° at about 01:53Z; M 42 rises past 30° at
 * about 22:25Z and culminates at about 01:40Z (56°).
 */
class RealSkyTest {

    private static final TargetSpec.Constraints DARK_AND_30 = new TargetSpec.Constraints(30.0, true,
            Twilight.ASTRONOMICAL, null, null, null, null, null, null);
    private static final TargetSpec M31 = new TargetSpec("m31", "M 31", new Coordinates(0.7123, 41.269), 2, List.of(),
            DARK_AND_30, List.of(Targets.entry("L", 20)), "by_filter");
    private static final TargetSpec M42 = new TargetSpec("m42", "M 42", new Coordinates(5.5881, -5.391), 2, List.of(),
            DARK_AND_30, List.of(Targets.entry("L", 20)), "by_filter");

    private final Planner planner = new Planner(SkyView.of(new SkyComponent(Map.of()), null, null));
    private final ConstraintCheck check = planner.constraints();

    private static Instant at(String time) {
        return Instant.parse(time);
    }

    private static void assertBetween(String from, String until, Instant actual) {
        assertTrue(!actual.isBefore(at(from)) && !actual.isAfter(at(until)), actual + " not in " + from + "–" + until);
    }

    @Test
    void m31IsUpInTheEveningAndM42AfterIt() {
        assertTrue(check.check(M31, at("2026-12-05T21:00:00Z")).viable());
        assertEquals("below 30° (now 13°)", check.check(M42, at("2026-12-05T21:00:00Z")).reason());
        assertBetween("2026-12-05T22:15:00Z", "2026-12-05T22:35:00Z",
                check.nextViable(M42, at("2026-12-05T21:00:00Z"), at("2026-12-06T08:00:00Z")).orElseThrow());
        assertBetween("2026-12-06T01:45:00Z", "2026-12-06T02:00:00Z",
                check.viableUntil(M31, at("2026-12-05T21:00:00Z"), at("2026-12-06T08:00:00Z")).orElseThrow());
        assertTrue(check.check(M42, at("2026-12-06T02:00:00Z")).viable());
        assertTrue(check.check(M31, at("2026-12-06T02:00:00Z")).reason().startsWith("below 30°"));
    }

    @Test
    void beforeDuskThePlannerWaitsForTheDark() {
        PlannerDecision d = planner.decide(new PlannerInput("night", Strategy.DISPATCH, Weights.DEFAULT,
                List.of(M42, M31), Map.of(), Map.of(), null, at("2026-12-05T19:00:00Z"), at("2026-12-06T06:27:00Z")));
        assertEquals(Kind.WAIT, d.kind());
        assertBetween("2026-12-05T19:37:00Z", "2026-12-05T19:40:00Z", d.waitUntil());
        assertTrue(d.candidates().get(1).reason().startsWith("sky not dark until 19:3"), d.candidates().get(1).reason());
        assertTrue(d.summary().contains("M 31 becomes viable first"), d.summary());
    }

    @Test
    void aNightPreviewRunsM31ThenM42() {
        NightPreview p = new NightPreviewer(planner).preview("seq", List.of(new NightPreviewer.Container("night",
                Strategy.DISPATCH, Weights.DEFAULT, List.of(M42, M31), at("2026-12-06T06:27:00Z"))), Map.of(),
                at("2026-12-05T19:00:00Z"), at("2026-12-06T08:00:00Z"));
        List<String> targets = p.entries().stream().filter(e -> e.activity().equals("target"))
                .map(NightPreview.Entry::stepId).toList();
        assertEquals(List.of("m31", "m42"), targets);
        assertEquals("wait", p.entries().get(0).activity());
    }
}
