package org.orrery.core.sequence.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.orrery.sequence.DocumentFormat;
import org.orrery.sequence.SequenceProblem;
import org.orrery.sequence.SequenceValidationException;

class DocumentTextTest {

    static final String YAML = """
            name: M42 LRGB
            variables:
              count: 10
              big: 12345678901
              huge: 123456789012345678901234567890
              exposure: 1.50
              text: "10"
              flag: true
              none: null
            main:
              - type: task
                action: camera.expose
                parameters: {exposure: 2.0, frames: [1, 2]}
            """;

    static final String JSON = """
            {
              "name": "M42 LRGB",
              "variables": {"count": 10, "big": 12345678901, "huge": 123456789012345678901234567890,
                "exposure": 1.50, "text": "10", "flag": true, "none": null},
              "main": [
                {"type": "task", "action": "camera.expose", "parameters": {"exposure": 2.0, "frames": [1, 2]}}
              ]
            }
            """;

    @Test
    void jsonAndYamlOfOneDocumentAreEqualValuesInOrreryTypes() throws SequenceValidationException {
        Map<String, Object> yaml = DocumentText.parse(YAML, DocumentFormat.YAML).document();
        Map<String, Object> json = DocumentText.parse(JSON, DocumentFormat.JSON).document();
        assertEquals(json, yaml);
        @SuppressWarnings("unchecked")
        Map<String, Object> variables = (Map<String, Object>) yaml.get("variables");
        assertEquals(10, variables.get("count"));
        assertEquals(12345678901L, variables.get("big"));
        assertEquals(new BigInteger("123456789012345678901234567890"), variables.get("huge"));
        assertEquals(new BigDecimal("1.50"), variables.get("exposure"));
        assertEquals("10", variables.get("text"));
        assertEquals(List.of("name", "variables", "main"), List.copyOf(yaml.keySet()));
    }

    @Test
    void everyNodeHasItsLineAndColumn() throws SequenceValidationException {
        ParsedDocument yaml = DocumentText.parse(YAML, DocumentFormat.YAML);
        assertArrayEquals(new int[] {13, 28}, yaml.locations().get("/main/0/parameters/exposure"));
        assertArrayEquals(new int[] {1, 7}, yaml.locations().get("/name"));
        ParsedDocument json = DocumentText.parse(JSON, DocumentFormat.JSON);
        assertArrayEquals(new int[] {6, 76}, json.locations().get("/main/0/parameters/exposure"));
        SequenceProblem missing = json.problem("/main/0/parameters/gain", "m");
        assertEquals(6, missing.line(), "a node not written has the line of its parent");
    }

    @Test
    void syntaxErrorsNameLineAndColumn() {
        SequenceValidationException yaml = assertThrows(SequenceValidationException.class,
                () -> DocumentText.parse("name: x\nmain:\n  - type: [task\n", DocumentFormat.YAML));
        assertTrue(yaml.problems().get(0).line() >= 3, yaml.problems().toString());
        SequenceValidationException json = assertThrows(SequenceValidationException.class,
                () -> DocumentText.parse("{\"name\": \"x\",\n  \"main\": [}\n", DocumentFormat.JSON));
        assertEquals(2, json.problems().get(0).line());
        assertEquals(12, json.problems().get(0).column());
    }

    @Test
    void duplicateKeysAreProblemsWithTheirPlace() {
        SequenceValidationException e = assertThrows(SequenceValidationException.class,
                () -> DocumentText.parse("name: a\nvariables:\n  x: 1\n  x: 2\nname: b\n", DocumentFormat.YAML));
        assertEquals(List.of("/variables/x", "/name"), e.problems().stream().map(SequenceProblem::pointer).toList(), e.problems().toString());
        assertEquals(4, e.problems().get(0).line());
        assertEquals(3, e.problems().get(0).column());
        assertThrows(SequenceValidationException.class,
                () -> DocumentText.parse("{\"name\": 1, \"name\": 2}", DocumentFormat.JSON));
    }

    @Test
    void aBillionLaughsIsRefused() {
        String laughs = """
                a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
                b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
                c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
                d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
                e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
                f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
                g: [*f,*f,*f,*f,*f,*f,*f,*f,*f]
                """;
        SequenceValidationException e = assertThrows(SequenceValidationException.class,
                () -> DocumentText.parse(laughs, DocumentFormat.YAML));
        assertEquals("/a", e.problems().get(0).pointer());
        assertTrue(e.problems().get(0).message().contains("anchors"), e.getMessage());
        assertThrows(SequenceValidationException.class,
                () -> DocumentText.parse("name: x\nvariables: {a: *x}\n", DocumentFormat.YAML));
        SequenceValidationException scalar = assertThrows(SequenceValidationException.class,
                () -> DocumentText.parse("name: &n x\ndescription: *n\n", DocumentFormat.YAML));
        assertEquals("/description", scalar.problems().get(0).pointer(), "Jackson drops a scalar's anchor: the alias is refused");
        assertThrows(SequenceValidationException.class,
                () -> DocumentText.parse("base: &b {a: 1}\nname: {<<: *b}\n", DocumentFormat.YAML));
    }

    @Test
    void deepNestingAndHugeTextsAreRefused() {
        String deep = "{\"name\":" + "[".repeat(70) + "]".repeat(70) + "}";
        SequenceValidationException e = assertThrows(SequenceValidationException.class,
                () -> DocumentText.parse(deep, DocumentFormat.JSON));
        assertTrue(e.getMessage().contains("64"), e.getMessage());
        String ok = "{\"name\":" + "[".repeat(63) + "]".repeat(63) + "}";
        assertThrows(SequenceValidationException.class, () -> DocumentText.parse("x".repeat(DocumentText.MAX_CHARS + 1),
                DocumentFormat.JSON));
        assertEquals(List.of("name"), List.copyOf(parse(ok).keySet()));
    }

    @Test
    void theTopLevelIsAnObject() {
        SequenceValidationException e = assertThrows(SequenceValidationException.class,
                () -> DocumentText.parse("- a\n- b\n", DocumentFormat.YAML));
        assertTrue(e.getMessage().contains("found a list"), e.getMessage());
        assertThrows(SequenceValidationException.class, () -> DocumentText.parse("  ", DocumentFormat.YAML));
        assertThrows(SequenceValidationException.class, () -> DocumentText.parse("{} {}", DocumentFormat.JSON));
    }

    @Test
    void convertRoundTripKeepsTheValue() throws SequenceValidationException {
        String extra = YAML + "end:\n  - {type: set, variables: {s: 'yes', n: '1e3', d: 1E+3, e: '', x: '${a}'}}\n";
        Map<String, Object> original = DocumentText.parse(extra, DocumentFormat.YAML).document();
        String json = DocumentText.convert(extra, DocumentFormat.YAML, DocumentFormat.JSON);
        assertEquals(original, parse(json));
        String yaml = DocumentText.convert(json, DocumentFormat.JSON, DocumentFormat.YAML);
        assertEquals(original, DocumentText.parse(yaml, DocumentFormat.YAML).document(), yaml);
        assertTrue(json.contains("\n  \"variables\""), json);
    }

    private static Map<String, Object> parse(String json) {
        try {
            return DocumentText.parse(json, DocumentFormat.JSON).document();
        } catch (SequenceValidationException e) {
            throw new AssertionError(e);
        }
    }

    /** Found by DocumentTextPropertiesTest (seed 4785515473363631002): U+2028 in a key came back as a space. */
    @Test
    void unicodeLineBreaksInKeysAndValuesSurviveYaml() throws SequenceValidationException {
        Map<String, Object> inner = new java.util.LinkedHashMap<>();
        inner.put("\u2028", 0);
        inner.put("a\u0085b", "x\u2028y\u2029");
        Map<String, Object> document = new java.util.LinkedHashMap<>();
        document.put("name", "x");
        document.put("variables", Map.of("v", List.of(List.of(inner))));
        String yaml = DocumentText.write(document, DocumentFormat.YAML);
        assertEquals(document, DocumentText.parse(yaml, DocumentFormat.YAML).document(), yaml);
    }
}
