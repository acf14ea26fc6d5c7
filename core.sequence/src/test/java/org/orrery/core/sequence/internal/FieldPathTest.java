package org.orrery.core.sequence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class FieldPathTest {

    private final MapScope scope = new MapScope();

    FieldPathTest() {
        scope.with("count", 10).with("target", Map.of("ra", 83.8, "names", List.of("M42", "Orion")));
        scope.results.put("expose", Map.of("files", List.of("a.fits", "b.fits"), "hfr", 2.5));
        scope.states.put("expose", "completed");
        scope.iterations.put("frames", 3);
    }

    @Test
    void bareNameIsAVariable() {
        FieldPath path = FieldPath.parse("target.names.1");
        assertEquals(FieldPath.Kind.VARIABLE, path.kind());
        assertEquals("target", path.name());
        assertEquals(List.of("names", "1"), path.keys());
        assertEquals("Orion", path.resolve(scope));
        assertEquals(10, FieldPath.parse("variables.count").resolve(scope));
    }

    @Test
    void stepFieldsResolve() {
        assertEquals("b.fits", FieldPath.parse("steps.expose.result.files.1").resolve(scope));
        assertEquals("completed", FieldPath.parse("steps.expose.state").resolve(scope));
        assertEquals(3, FieldPath.parse("steps.frames.iteration").resolve(scope));
        assertEquals("seq-1", FieldPath.parse("sequence.id").resolve(scope));
        assertEquals("M42", FieldPath.parse("sequence.name").resolve(scope));
        assertTrue(FieldPath.parse("steps.expose.state").isStep());
    }

    @Test
    void whatDoesNotResolveIsMissingNotNull() {
        scope.with("nothing", null);
        assertEquals(null, FieldPath.parse("nothing").resolve(scope));
        assertSame(Scope.MISSING, FieldPath.parse("absent").resolve(scope));
        assertSame(Scope.MISSING, FieldPath.parse("target.names.2").resolve(scope));
        assertSame(Scope.MISSING, FieldPath.parse("target.names.x").resolve(scope));
        assertSame(Scope.MISSING, FieldPath.parse("count.x").resolve(scope));
        assertSame(Scope.MISSING, FieldPath.parse("steps.other.result").resolve(scope));
        assertSame(Scope.MISSING, FieldPath.parse("steps.other.state").resolve(scope));
        assertSame(Scope.MISSING, FieldPath.parse("steps.other.iteration").resolve(scope));
    }

    @Test
    void badPathsAreRefusedWithWhatWasExpected() {
        for (String bad : List.of("", "a..b", "steps.x", "steps.x.foo", "steps.1x.state", "sequence.foo",
                "variables", "9lives", "steps.x.state.more")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FieldPath.parse(bad), bad);
            assertTrue(e.getMessage().length() > 10, e.getMessage());
        }
    }

    @Test
    void dottedWalkForOutputs() {
        Object result = Map.of("files", List.of("a.fits"), "hfr", 2);
        assertEquals("a.fits", FieldPath.walk(result, "files.0"));
        assertEquals(result, FieldPath.walk(result, ""));
        assertSame(Scope.MISSING, FieldPath.walk(result, "files.3"));
    }
}
