package org.orrery.core.sequence.internal.night;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.orrery.core.sequence.internal.night.FakeSky.at;
import static org.orrery.core.sequence.internal.night.FakeSky.transitingAt;
import static org.orrery.core.sequence.internal.night.Targets.assertWithinAMinuteAfter;
import static org.orrery.core.sequence.internal.night.Targets.minAltitude;
import static org.orrery.core.sequence.internal.night.Targets.target;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.orrery.sequence.NightPreview;
import org.orrery.sequence.TargetDecision;
import org.orrery.sequence.TargetDecision.Kind;

class NightPreviewerTest {

    private final FakeSky sky = new FakeSky();
    private final NightPreviewer previewer = new NightPreviewer(new Planner(FakeSky.view(sky)));

    /** Up (≥ 30°) from 16:00 to 00:00. */
    private final TargetSpec high = target("high", transitingAt(2), minAltitude(30));
    /** Up from 20:00 to 04:00. */
    private final TargetSpec rising = target("rising", transitingAt(6), minAltitude(30));

    private static NightPreviewer.Container container(Strategy s, TargetSpec... targets) {
        return new NightPreviewer.Container("night", s, Weights.DEFAULT, List.of(targets), null);
    }

    private static void assertContiguous(NightPreview p) {
        assertEquals(p.from(), p.entries().get(0).start());
        for (int i = 1; i < p.entries().size(); i++) {
            assertEquals(p.entries().get(i - 1).end(), p.entries().get(i).start(), "entry " + i);
        }
        assertEquals(p.until(), p.entries().get(p.entries().size() - 1).end());
    }

    @Test
    void inOrderRunsOneTargetWaitsForTheNextAndEnds() {
        NightPreview p = previewer.preview("seq", List.of(container(Strategy.IN_ORDER, high, rising)), Map.of(),
                at(0), at(12));
        assertEquals(List.of("target", "wait", "target", "end"),
                p.entries().stream().map(NightPreview.Entry::activity).toList());
        assertContiguous(p);
        NightPreview.Entry first = p.entries().get(0);
        assertEquals("high", first.stepId());
        assertEquals(Map.of("L-60s-1x1", 20), first.frames());
        // a 60 s slew, then 20 frames of 60 s + 10 s
        assertEquals(at(0).plus(Duration.ofSeconds(60 + 20 * 70)), first.end());
        assertWithinAMinuteAfter(at(2), p.entries().get(2).start());
        assertEquals("every target is complete or failed", p.entries().get(3).reason());
        assertEquals(List.of(Kind.RUN, Kind.WAIT, Kind.RUN, Kind.END),
                p.decisions().stream().map(TargetDecision::kind).toList());
        assertEquals(List.of(0L, 1L, 2L, 3L), p.decisions().stream().map(TargetDecision::index).toList());
        assertEquals("RISING", p.decisions().get(2).chosenTarget());
        assertEquals("seq", p.decisions().get(0).sequenceId());
    }

    @Test
    void framesAcceptedAlreadyAreNotTakenAgain() {
        NightPreview p = previewer.preview("seq", List.of(container(Strategy.IN_ORDER, high)),
                Map.of("high", Map.of("L-60s-1x1", 15)), at(0), at(12));
        assertEquals(Map.of("L-60s-1x1", 5), p.entries().get(0).frames());
    }

    @Test
    void dispatchDecidesAgainEveryIntervalAndStopsATargetThatSets() {
        TargetSpec longPlan = new TargetSpec("high", "HIGH", transitingAt(2), 2, List.of(), minAltitude(30),
                List.of(Targets.entry("L", 500)), "by_filter");
        NightPreview p = previewer.preview("seq", List.of(container(Strategy.DISPATCH, longPlan)), Map.of(), at(0),
                at(12));
        // one stretch from 18:00 until it sets at 00:00, decided again every 10 minutes
        NightPreview.Entry stretch = p.entries().get(0);
        assertEquals("target", stretch.activity());
        assertWithinAMinuteAfter(at(6), stretch.end());
        assertTrue(p.decisions().size() > 30, "decisions: " + p.decisions().size());
        assertEquals(Kind.CONTINUE, p.decisions().get(1).kind());
        assertEquals(Kind.END, p.decisions().get(p.decisions().size() - 1).kind());
        int frames = stretch.frames().get("L-60s-1x1");
        assertTrue(frames > 300 && frames <= 6 * 3600 / 70, "frames: " + frames); // to the minute
        assertContiguous(p);
    }

    @Test
    void aSequenceWithoutTargetsHasAnEmptyNight() {
        NightPreview p = previewer.preview("seq", List.of(), Map.of(), at(0), at(12));
        assertEquals(1, p.entries().size());
        assertEquals("the sequence has no targets container", p.entries().get(0).reason());
        assertEquals(List.of(), p.decisions());
        assertContiguous(p);
    }

    @Test
    void thePreviewEndsAtItsUntilEvenWhenTargetsRemain() {
        TargetSpec longPlan = new TargetSpec("rising", "RISING", transitingAt(6), 2, List.of(), minAltitude(30),
                List.of(Targets.entry("L", 500)), "by_filter");
        NightPreview p = previewer.preview("seq", List.of(container(Strategy.IN_ORDER, longPlan)), Map.of(), at(0),
                at(3));
        assertEquals(List.of("wait", "target", "end"), p.entries().stream().map(NightPreview.Entry::activity).toList());
        assertEquals("the preview ends at 21:00Z", p.entries().get(2).reason());
        assertContiguous(p);

        // a night that ends before the target rises
        p = previewer.preview("seq", List.of(container(Strategy.IN_ORDER, longPlan)), Map.of(), at(0), at(1));
        assertEquals(List.of("end"), p.entries().stream().map(NightPreview.Entry::activity).toList());
        assertEquals("no target becomes viable before the night ends", p.entries().get(0).reason());
    }
}
