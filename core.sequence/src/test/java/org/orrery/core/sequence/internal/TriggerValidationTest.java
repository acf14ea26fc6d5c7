package org.orrery.core.sequence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.orrery.sequence.DocumentFormat;
import org.orrery.sequence.SequenceProblem;
import org.orrery.sequence.SequenceValidationException;

/** The document rules of triggers. */
class TriggerValidationTest {

    private final DocumentValidator validator = new DocumentValidator(() -> List.of(), type -> Optional.empty(),
            new TargetRules.Services(Optional::empty, () -> true));

    private List<SequenceProblem> problems(String triggers) {
        String yaml = """
                name: x
                main:
                  - type: loop
                    id: nights
                    count: 1
                    max_iterations: 1
                    triggers: [{type: dither, every_frames: 3, max_arcsec: 30}]
                    steps:
                      - type: sequential
                        id: night
                        triggers: [{type: meridian_flip, minutes_after: 5, refocus: true, parameters: {steps: 5}}]
                        steps:
                          - type: targets
                            id: all
                            triggers: [{type: autofocus, after_minutes: 30}]
                            steps:
                              - type: target
                                id: t
                                name: T
                                ra: 5.5
                                dec: -5
                                plan: [{filter: L, exposure: 60, count: 2}]
                                triggers: %s
                """.formatted(triggers);
        try {
            return validator.problems(DocumentText.parse(yaml, DocumentFormat.YAML));
        } catch (SequenceValidationException e) {
            throw new AssertionError(e);
        }
    }

    private static final String AT = "/main/0/steps/0/steps/0/steps/0/triggers/0";

    @Test
    void everyKindOfTriggerIsAcceptedOnLoopsSequentialsContainersAndTargets() {
        assertEquals(List.of(), problems("""
                [{type: autofocus, after_frames: 20}, {type: autofocus, after_filter_change: true},
                 {type: autofocus, after_temperature_change: 1.5},
                 {type: autofocus, after_hfr_increase: 15, parameters: {exposure: 3, step_size: 100, steps: 4}}]"""));
    }

    @Test
    void anUnknownFieldOfATriggerIsRefusedAtItsPointer() {
        List<SequenceProblem> p = problems("[{type: dither, every_frames: 3, max_arcseconds: 30}]");
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).pointer().startsWith(AT), p.toString());
        assertTrue(p.get(0).message().contains("max_arcseconds"), p.toString());
    }

    @Test
    void anUnknownTypeAndAMissingCountAreRefused() {
        List<SequenceProblem> p = problems("[{type: guide}, {type: dither}]");
        assertTrue(p.stream().anyMatch(x -> x.pointer().startsWith(AT) && x.message().contains("guide")), p.toString());
        String second = AT.substring(0, AT.length() - 1) + "1";
        assertTrue(p.stream().anyMatch(x -> x.pointer().startsWith(second) && x.message().contains("every_frames")),
                p.toString());
    }

    @Test
    void anAutofocusTriggerHasExactlyOneCondition() {
        List<SequenceProblem> p = problems("[{type: autofocus, after_frames: 20, after_minutes: 30}, {type: autofocus}]");
        assertEquals(2, p.size(), p.toString());
        assertEquals(AT, p.get(0).pointer());
        assertTrue(p.get(0).message().contains("exactly one of 'after_frames', 'after_minutes'"), p.toString());
        assertTrue(p.get(0).message().endsWith("found after_frames and after_minutes"), p.toString());
        assertTrue(p.get(1).message().endsWith("found none"), p.toString());
    }

    @Test
    void theTasksOfOnFailureAreCheckedLikeTaskSteps() {
        List<SequenceProblem> p = problems("[{type: on_failure, retries: 1, steps: [{type: task, action: mount.slew}]}]");
        assertEquals(1, p.size(), p.toString());
        assertEquals(AT + "/steps/0/action", p.get(0).pointer());
        assertTrue(p.get(0).message().startsWith("unknown action 'mount.slew'"), p.toString());
    }
}
