package org.orrery.core.sequence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.orrery.core.sequence.internal.night.SkyView;
import org.orrery.core.sequence.internal.night.TargetSpec;
import org.orrery.sequence.DocumentFormat;
import org.orrery.sequence.NightPreview;
import org.orrery.sequence.SequenceNotFoundException;
import org.orrery.sequence.SequenceState;
import org.orrery.sequence.SequenceValidationException;
import org.orrery.sequence.StoredSequence;
import org.orrery.sequence.TargetDecision;
import org.orrery.sky.Coordinates;

/** The preview through the manager (what the REST API calls) and of a document with a targets container. */
class NightPreviewsTest {

    private static final Instant FROM = Instant.parse("2026-12-05T18:00:00Z");
    private final InMemorySequenceStore store = new InMemorySequenceStore();
    private final SequenceManagerComponent manager = new SequenceManagerComponent(null, new FakeScheduler(), store);

    @AfterEach
    void stop() throws Exception {
        manager.deactivate();
    }

    @Test
    void aSequenceWithoutTargetsPreviewsAnEmptyNight() throws Exception {
        String id = manager.create("name: plain\nmain: [{type: set, variables: {a: 1}}]\n", DocumentFormat.YAML).id();
        NightPreview p = manager.preview(id, FROM, FROM.plusSeconds(3600));
        assertEquals(1, p.entries().size());
        assertEquals("end", p.entries().get(0).activity());
        assertEquals("the sequence has no targets container", p.entries().get(0).reason());
    }

    @Test
    void badSpansAndUnknownSequencesAreRefused() throws Exception {
        String id = manager.create("name: plain\nmain: []\n", DocumentFormat.YAML).id();
        SequenceValidationException e = assertThrows(SequenceValidationException.class,
                () -> manager.preview(id, FROM, FROM));
        assertTrue(e.getMessage().contains("until: expected an instant after from"), e.getMessage());
        e = assertThrows(SequenceValidationException.class,
                () -> manager.preview(id, FROM, FROM.plusSeconds(8 * 86_400)));
        assertTrue(e.getMessage().contains("until: expected at most 7 days after from"), e.getMessage());
        assertThrows(SequenceNotFoundException.class, () -> manager.preview("nope", FROM, FROM.plusSeconds(60)));
    }

    @Test
    void decisionsComeFromTheTargetStore() throws Exception {
        String id = manager.create("name: plain\nmain: []\n", DocumentFormat.YAML).id();
        assertEquals(List.of(), manager.decisions(id, -1, 10), "no target store: none");
        InMemoryTargetStore targets = new InMemoryTargetStore();
        manager.targetStore = targets;
        TargetDecision d = new TargetDecision(id, 0, "night", FROM, TargetDecision.Kind.END, null, null, "end",
                List.of(), null);
        targets.appendDecision(d);
        assertEquals(List.of(d), manager.decisions(id, -1, 10));
        assertEquals(List.of(), manager.decisions(id, 0, 10));
        assertThrows(SequenceNotFoundException.class, () -> manager.decisions("nope", -1, 10));
    }

    @Test
    void theTargetsContainersOfTheDocumentAreSimulatedWithTheStoresCounts() throws Exception {
        InMemoryTargetStore targets = new InMemoryTargetStore();
        for (int i = 1; i <= 3; i++) {
            targets.recordFrame("M 42", "L-60s-1x1", "t#" + i, true);
        }
        String document = """
                {"name": "night", "main": [{"type": "sequential", "id": "outer", "steps": [
                  {"type": "targets", "id": "night", "strategy": "priority", "steps": [
                    {"type": "target", "id": "m42", "name": "M 42"}]}]}]}""";
        StoredSequence s = new StoredSequence("seq", "night", SequenceState.CREATED, document, "{}", FROM, FROM);
        NightPreviews previews = new NightPreviews(() -> SkyView.of(new AlwaysUpSky(), null, null), () -> targets,
                step -> new TargetSpec((String) step.get("id"), (String) step.get("name"), new Coordinates(5.5, -5),
                        2, List.of(), TargetSpec.Constraints.NONE,
                        List.of(new TargetSpec.PlanEntry("L-60s-1x1", "L", 60, 5, 1, null, null, "light")),
                        "by_filter"));
        NightPreview p = previews.preview(s, FROM, FROM.plusSeconds(3600));
        assertEquals(Map.of("L-60s-1x1", 2), p.entries().get(0).frames());
        TargetDecision first = p.decisions().get(0);
        assertEquals("night", first.containerStepId());
        assertEquals("M 42", first.chosenTarget());
        assertTrue(first.summary().contains("highest priority"), first.summary());
    }
}
