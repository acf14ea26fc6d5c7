package org.orrery.core.sequence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.orrery.sequence.SequenceProblem;

class ConditionsTest {

    private final MapScope scope = new MapScope().with("n", 2).with("hfr", new BigDecimal("2.50"))
            .with("status", "passed").with("list", List.of(1, "a", Map.of("k", 1))).with("map", Map.of("key", 1))
            .with("nothing", null);

    private static Map<String, Object> c(String field, String operator, Object value) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("field", field);
        c.put("operator", operator);
        c.put("value", value);
        return c;
    }

    private boolean holds(String field, String operator, Object value) {
        return Conditions.evaluate(c(field, operator, value), scope);
    }

    @Test
    void numbersCompareByValueWhateverTheirClass() {
        assertTrue(holds("n", "equals", new BigDecimal("2.0")));
        assertTrue(holds("n", "equals", BigInteger.TWO));
        assertTrue(holds("n", "equals", 2.0d));
        assertTrue(holds("hfr", "equals", 2.5));
        assertTrue(holds("hfr", "greater_than", 2));
        assertTrue(holds("hfr", "less_or_equal", new BigDecimal("2.5")));
        assertTrue(holds("n", "greater_or_equal", 2L));
        assertFalse(holds("n", "less_than", 2));
    }

    @Test
    void mismatchedKindsAreFalse() {
        assertFalse(holds("status", "greater_than", 1));
        assertFalse(holds("n", "equals", "2"));
        assertTrue(holds("n", "not_equals", "2"));
        assertTrue(holds("status", "greater_than", "a"));
    }

    @Test
    void missingFieldIsFalseExceptNotEqualsAndExists() {
        for (String op : List.of("equals", "greater_than", "less_than", "greater_or_equal", "less_or_equal", "contains")) {
            assertFalse(holds("absent", op, 1), op);
        }
        assertTrue(holds("absent", "not_equals", 1));
        assertTrue(holds("absent", "exists", false));
        assertFalse(holds("absent", "exists", true));
        Map<String, Object> exists = new LinkedHashMap<>(Map.of("field", "nothing", "operator", "exists"));
        assertTrue(Conditions.evaluate(exists, scope), "null is a value: it exists");
        assertTrue(holds("nothing", "equals", null));
    }

    @Test
    void containsOnStringsListsAndObjects() {
        assertTrue(holds("status", "contains", "ass"));
        assertTrue(holds("list", "contains", 1.0));
        assertTrue(holds("list", "contains", Map.of("k", new BigDecimal("1.0"))));
        assertFalse(holds("list", "contains", "b"));
        assertTrue(holds("map", "contains", "key"));
        assertFalse(holds("map", "contains", "other"));
        assertFalse(holds("n", "contains", 2));
    }

    @Test
    void combinators() {
        Map<String, Object> yes = c("n", "equals", 2);
        Map<String, Object> no = c("n", "equals", 3);
        assertTrue(Conditions.evaluate(Map.of("all", List.of(yes, yes)), scope));
        assertFalse(Conditions.evaluate(Map.of("all", List.of(yes, no)), scope));
        assertTrue(Conditions.evaluate(Map.of("any", List.of(no, yes)), scope));
        assertFalse(Conditions.evaluate(Map.of("any", List.of(no, no)), scope));
        assertTrue(Conditions.evaluate(Map.of("not", no), scope));
    }

    @Test
    void stepStateIsAField() {
        scope.states.put("tests", "completed");
        assertTrue(holds("steps.tests.state", "equals", "completed"));
    }

    @Test
    void validationNamesEveryProblemWithItsPointer() {
        Map<String, Object> unknownOperator = c("n", "bigger", 1);
        Map<String, Object> noValue = new LinkedHashMap<>(Map.of("field", "n", "operator", "equals"));
        Map<String, Object> noField = new LinkedHashMap<>(Map.of("operator", "exists"));
        Map<String, Object> extra = c("n", "equals", 1);
        extra.put("values", 2);
        Object condition = Map.of("all", List.of(unknownOperator, noValue, Map.of("not", noField), extra,
                Map.of("any", List.of()), "text", c("steps.x", "equals", 1)));
        List<SequenceProblem> problems = Conditions.validate(condition, "/main/0/condition");
        assertEquals(List.of("/main/0/condition/all/0/operator", "/main/0/condition/all/1",
                "/main/0/condition/all/2/not", "/main/0/condition/all/3/values", "/main/0/condition/all/4/any",
                "/main/0/condition/all/5", "/main/0/condition/all/6/field"),
                problems.stream().map(SequenceProblem::pointer).toList(), problems.toString());
        assertTrue(problems.get(0).message().contains("bigger"), problems.get(0).message());
    }

    @Test
    void validConditionHasNoProblemsAndListsItsReferences() {
        Object condition = Map.of("any", List.of(c("steps.tests.state", "equals", "failed"),
                Map.of("not", c("count", "exists", true))));
        assertEquals(List.of(), Conditions.validate(condition, "/c"));
        List<PathReference> references = Conditions.references(condition, "/c");
        assertEquals(List.of("/c/any/0/field", "/c/any/1/not/field"),
                references.stream().map(PathReference::pointer).toList());
        assertEquals("tests", references.get(0).path().name());
    }
}
