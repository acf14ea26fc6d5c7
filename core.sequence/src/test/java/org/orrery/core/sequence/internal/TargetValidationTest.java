package org.orrery.core.sequence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.orrery.sequence.DocumentFormat;
import org.orrery.sequence.SequenceProblem;
import org.orrery.sequence.SequenceValidationException;
import org.orrery.sky.Catalog;
import org.orrery.sky.CatalogObject;
import org.orrery.sky.Coordinates;

/** The document rules of target and targets steps. */
class TargetValidationTest {

    private static final CatalogObject M42 = new CatalogObject("M 42", List.of("NGC 1976", "Orion Nebula"),
            "nebula", new Coordinates(5.5881, -5.391), 4.0, null);
    private static final CatalogObject M43 = new CatalogObject("M 43", List.of("NGC 1982"), "nebula",
            new Coordinates(5.5928, -5.27), 9.0, null);

    private static final Catalog CATALOG = new Catalog() {
        @Override
        public Optional<CatalogObject> find(String name) {
            return Optional.ofNullable(name.replace(" ", "").equalsIgnoreCase("M42") ? M42 : null);
        }

        @Override
        public List<CatalogObject> search(String text, int limit) {
            return List.of(M42, M43).subList(0, Math.min(2, limit));
        }

        @Override
        public int size() {
            return 2;
        }
    };

    private boolean storeInstalled = true;
    private Catalog catalog = CATALOG;
    private final DocumentValidator validator = new DocumentValidator(() -> List.of(), type -> Optional.empty(),
            new TargetRules.Services(() -> Optional.ofNullable(catalog), () -> storeInstalled));

    private List<SequenceProblem> problems(String yaml) {
        try {
            return validator.problems(DocumentText.parse(yaml, DocumentFormat.YAML));
        } catch (SequenceValidationException e) {
            throw new AssertionError(e);
        }
    }

    private static String target(String fields) {
        return "name: x\nmain:\n  - {type: target, id: t, name: T, plan: [{filter: L, exposure: 60, count: 2}], "
                + fields + "}\n";
    }

    @Test
    void anObjectIsResolvedIntoThePlanAndTheDocumentKeepsTheName() throws Exception {
        ValidatedDocument v = validator.validate(DocumentText.parse(target("object: m42"), DocumentFormat.YAML));
        Map<?, ?> planned = (Map<?, ?>) ((List<?>) v.plan().get("main")).get(0);
        assertEquals(5.5881, planned.get("ra"));
        assertEquals(-5.391, planned.get("dec"));
        Map<?, ?> written = (Map<?, ?>) ((List<?>) v.document().get("main")).get(0);
        assertEquals(false, written.containsKey("ra"));
        assertEquals("L-60s-1x1", org.orrery.core.sequence.internal.night.TargetSpecs.parse(
                Steps.copy((Map<String, Object>) planned)).plan().get(0).key());
    }

    @Test
    void anUnknownObjectIsAProblemAtItsFieldWithSuggestions() {
        List<SequenceProblem> p = problems(target("object: M 4222"));
        assertEquals(1, p.size(), p.toString());
        assertEquals("/main/0/object", p.get(0).pointer());
        assertTrue(p.get(0).message().contains("'M 4222' is not in the catalog; did you mean M 42, M 43?"),
                p.get(0).message());
    }

    @Test
    void withoutACatalogAnObjectCannotBeResolved() {
        catalog = null;
        List<SequenceProblem> p = problems(target("object: M 42"));
        assertEquals("/main/0/object", p.get(0).pointer());
        assertTrue(p.get(0).message().contains("no catalog installed"), p.get(0).message());
    }

    @Test
    void aTargetNeedsCoordinatesOrAnObject() {
        assertTrue(problems(target("priority: high")).get(0).message().contains("found neither"));
        assertTrue(problems(target("ra: 5")).get(0).message().contains("found only 'ra'"));
    }

    @Test
    void unknownFieldsAreRefusedEverywhereInATarget() {
        List<SequenceProblem> p = problems(target("ra: 5, dec: 1, colour: red, constraints: {min_altitud: 30}"));
        assertEquals(List.of("/main/0/colour", "/main/0/constraints/min_altitud"),
                p.stream().map(SequenceProblem::pointer).sorted().toList(), p.toString());
    }

    @Test
    void aContainerHoldsOnlyTargetsAndDependsOnMakesNoCycle() {
        List<SequenceProblem> p = problems("""
                name: x
                main:
                  - type: targets
                    id: night
                    steps:
                      - {type: target, id: a, name: A, ra: 1, dec: 1, depends_on: [b]}
                      - {type: target, id: b, name: B, ra: 2, dec: 2, depends_on: [a, zz]}
                      - {type: wait, id: w, seconds: 1}
                """);
        List<String> messages = p.stream().map(q -> q.pointer() + " " + q.message()).toList();
        assertTrue(messages.contains("/main/0/steps/0/depends_on depends_on makes a cycle: a -> b -> a"), messages
                .toString());
        assertTrue(messages.contains("/main/0/steps/1/depends_on/1 'zz' is no target of this container; its targets"
                + " are a, b"), messages.toString());
        assertTrue(messages.contains("/main/0/steps/2/type a 'targets' container holds only 'target' steps; found"
                + " 'wait'"), messages.toString());
    }

    @Test
    void withoutATargetStoreADocumentWithTargetsIsRefused() {
        storeInstalled = false;
        List<SequenceProblem> p = problems(target("ra: 5, dec: 1"));
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).message().startsWith("no target store installed"), p.get(0).message());
    }

    @Test
    void onUnsafeIsCheckedWithPointers() {
        assertEquals(List.of(), problems("name: x\nmain:\n  - {type: sequential, id: s, on_unsafe: {action: end},"
                + " steps: [{type: target, id: t, name: T, ra: 1, dec: 2,"
                + " on_unsafe: {action: park_and_wait, safe_for_minutes: 0.1, refocus: false}}]}\n"));
        List<SequenceProblem> p = problems(target("ra: 1, dec: 2, on_unsafe: {action: flee}"));
        assertEquals(1, p.size(), p.toString());
        assertEquals("/main/0/on_unsafe/action", p.get(0).pointer());
        p = problems(target("ra: 1, dec: 2, on_unsafe: {action: park_and_wait, safe_for_minutes: 0}"));
        assertEquals("/main/0/on_unsafe/safe_for_minutes", p.get(0).pointer(), p.toString());
        p = problems(target("ra: 1, dec: 2, on_unsafe: {action: end, refocus: true}"));
        assertEquals(1, p.size(), p.toString());
        assertEquals("/main/0/on_unsafe/refocus", p.get(0).pointer());
        assertEquals("'refocus' belongs to the action park_and_wait; found it with the action end", p.get(0).message());
    }
}
