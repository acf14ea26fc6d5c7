package org.orrery.core.sequence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class MacrosTest {

    private final MapScope scope = new MapScope().with("count", 10).with("exposure", new BigDecimal("1E+2"))
            .with("target", "M42").with("list", List.of(1, 2)).with("macro", "${count}");

    @Test
    void wholeStringMacroKeepsItsType() throws MacroException {
        assertEquals(10, Macros.expand("${count}", scope));
        assertEquals(List.of(1, 2), Macros.expand("${list}", scope));
        assertEquals(Map.of("n", 10, "l", List.of("M42")),
                Macros.expand(Map.of("n", "${count}", "l", List.of("${target}")), scope));
    }

    @Test
    void insideTextValuesAreWrittenPlainly() throws MacroException {
        assertEquals("M42 x10 100s [1,2]", Macros.expand("${target} x${count} ${exposure}s ${list}", scope));
    }

    @Test
    void doubleDollarIsALiteral() throws MacroException {
        assertEquals("cost ${count} is 10", Macros.expand("cost $${count} is ${count}", scope));
        assertEquals("${count}", Macros.expand("$${count}", scope));
    }

    @Test
    void undefinedMacroFailsWithItsPointer() {
        MacroException e = assertThrows(MacroException.class,
                () -> Macros.expand(Map.of("p", List.of("a", "${missing}")), scope));
        assertEquals("/p/1", e.problems().get(0).pointer());
        assertEquals("undefined ${missing}: no such value", e.problems().get(0).message());
        assertThrows(MacroException.class, () -> Macros.expand("${count", scope));
    }

    @Test
    void partialExpansionLeavesOtherMacrosAndEscapesItsValues() throws MacroException {
        Object out = Macros.expand(List.of("${count} of ${steps.a.result.n} $${x}", "${macro}", "a ${macro}"), scope,
                path -> !path.isStep(), "");
        assertEquals(List.of("10 of ${steps.a.result.n} $${x}", "$${count}", "a $${count}"), out);
    }

    @Test
    void aStepExpandsItsOwnFieldsNotItsChildren() throws MacroException {
        Map<String, Object> loop = new java.util.LinkedHashMap<>();
        loop.put("type", "loop");
        loop.put("name", "${target} x${count}");
        loop.put("count", "${count}");
        loop.put("steps", List.of(Map.of("type", "set", "variables", Map.of("a", "${later}"))));
        Map<String, Object> started = Macros.expandStep(loop, scope, "/main/0");
        assertEquals("M42 x10", started.get("name"));
        assertEquals(10, started.get("count"));
        assertEquals(loop.get("steps"), started.get("steps"));
        MacroException e = assertThrows(MacroException.class,
                () -> Macros.expandStep(Map.of("type", "wait", "seconds", "${nope}"), scope, "/end/1"));
        assertEquals("/end/1/seconds", e.problems().get(0).pointer());
    }

    @Test
    void referencesAndProblems() {
        Object value = Map.of("a", "${count} ${steps.x.state}", "b", List.of("${bad..path}", "${open"));
        assertEquals(List.of("count", "x"), Macros.references(value, "/p").stream().map(r -> r.path().name())
                .sorted().toList());
        assertEquals(List.of("/p/b/0", "/p/b/1"), Macros.problems(value, "/p").stream().map(p -> p.pointer())
                .sorted().toList());
        assertEquals("count", Macros.whole("${count}").name());
        assertNull(Macros.whole("${count} "));
    }
}
