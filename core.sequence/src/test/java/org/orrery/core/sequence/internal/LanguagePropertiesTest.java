package org.orrery.core.sequence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class LanguagePropertiesTest {

    private final MapScope scope = new MapScope().with("a", 1).with("b", "x").with("c", List.of(1, 2));

    @Provide
    Arbitrary<Object> plainValues() {
        Arbitrary<Object> leaves = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(12).filter(s -> !s.contains("${"))
                .map(s -> (Object) s), Arbitraries.integers().map(i -> (Object) i), Arbitraries.of(true, false)
                .map(b -> (Object) b));
        return Arbitraries.recursive(() -> leaves, inner -> Arbitraries.oneOf(inner.list().ofMaxSize(3).map(l -> (Object) l),
                Arbitraries.maps(Arbitraries.strings().alpha().ofLength(2), inner).ofMaxSize(3).map(m -> (Object) m)), 3);
    }

    @Property(tries = 300)
    void expandingAValueWithoutMacrosGivesItBack(@ForAll("plainValues") Object value) throws MacroException {
        assertEquals(value, Macros.expand(value, scope));
    }

    @Provide
    Arbitrary<Object> conditions() {
        Arbitrary<Object> comparisons = Arbitraries.of("a", "b", "c", "missing", "steps.s.state").flatMap(field ->
                Arbitraries.of(Conditions.OPERATORS).flatMap(op -> Arbitraries.of(1, 2, "x", true)
                        .map(v -> (Object) Map.of("field", field, "operator", op, "value", op.equals("exists") ? true : v))));
        return Arbitraries.recursive(() -> comparisons, inner -> Arbitraries.oneOf(
                inner.map(c -> (Object) Map.of("not", c)),
                inner.list().ofMinSize(1).ofMaxSize(3).map(l -> (Object) Map.of("all", l)),
                inner.list().ofMinSize(1).ofMaxSize(3).map(l -> (Object) Map.of("any", l))), 3);
    }

    @Property(tries = 300)
    void notNotIsTheCondition(@ForAll("conditions") Object condition) {
        assertEquals(Conditions.evaluate(condition, scope),
                Conditions.evaluate(Map.of("not", Map.of("not", condition)), scope));
        assertEquals(!Conditions.evaluate(condition, scope), Conditions.evaluate(Map.of("not", condition), scope));
        assertEquals(List.of(), Conditions.validate(condition, ""));
    }
}
