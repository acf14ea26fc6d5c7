package org.orrery.core.sequence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.sequence.SequenceNotFoundException;
import org.orrery.sky.Catalog;
import org.orrery.sky.CatalogObject;
import org.orrery.sky.Coordinates;
import org.orrery.sequence.SequenceProblem;
import org.orrery.sequence.SequenceValidationException;
import org.orrery.sequence.TemplateInfo;

class TemplatesTest {

    static final List<String> BUILT_INS = List.of("BasicExposure", "CalibrationFrames", "CiCdPipeline", "CodeReview",
            "DataProcessingPipeline", "LRGB", "MicroscopeTiledScan", "MultiTargetNight");

    /** Parameters other than the defaults, for each built-in. */
    static final Map<String, Map<String, Object>> SAMPLES = Map.of(
            "BasicExposure", Map.of("targetName", "M31", "exposureTime", 30.0, "frameType", "light", "binning", 1,
                    "gain", 100, "offset", 10, "count", 3, "filter", "Ha"),
            "LRGB", Map.of("targetName", "M51", "ra", 13.498, "dec", 47.195, "frames", 2, "includeHa", true),
            "CalibrationFrames", Map.of("darkExposures", List.of(1, 2, 3, 4), "flatFilters", List.of("L", "Ha",
                    "OIII", "SII", "R", "G", "B"), "biasCount", 1),
            "MicroscopeTiledScan", Map.of("xs", List.of(1, 2, 3, 4, 5), "ys", List.of(6), "z", 5000, "gain", 2,
                    "focusEvery", 2),
            "CiCdPipeline", Map.of("failTests", true, "environment", "production"),
            "DataProcessingPipeline", Map.of("dataSources", List.of("a", "b", "c", "d", "e"), "minRecords", 10),
            "CodeReview", Map.of("approve", false, "approvalTimeout", 5),
            "MultiTargetNight", Map.of("targetCount", 3, "target1", "E2E ONE", "target1Ra", 2.5, "target1Dec", 28.7,
                    "target3", "M 31", "strategy", "priority", "exposure", 1, "frames", 2, "minAltitude", 20,
                    "ditherEvery", 3));

    /** The catalog objects the night template's defaults and samples name. */
    private static final Catalog CATALOG = new Catalog() {
        private final Map<String, CatalogObject> objects = Map.of(
                "M 42", new CatalogObject("M 42", List.of(), "nebula", new Coordinates(5.5879, -5.3897), 4.0, null),
                "M 45", new CatalogObject("M 45", List.of(), "open_cluster", new Coordinates(3.7913, 24.1053), 1.2,
                        null),
                "M 31", new CatalogObject("M 31", List.of(), "galaxy", new Coordinates(0.7123, 41.2691), 3.4, null));

        @Override
        public Optional<CatalogObject> find(String name) {
            return Optional.ofNullable(objects.get(name));
        }

        @Override
        public List<CatalogObject> search(String text, int limit) {
            return List.of();
        }

        @Override
        public int size() {
            return objects.size();
        }
    };

    @TempDir
    Path home;

    private final DocumentValidator validator = new DocumentValidator(ActionSchemas::all, type -> Optional.empty(),
            new TargetRules.Services(() -> Optional.of(CATALOG), () -> true));

    private List<SequenceProblem> problems(Map<String, Object> document) {
        return validator.problems(ParsedDocument.of(document));
    }

    @Test
    void everyBuiltInIsListedWithItsSchema() {
        Templates templates = new Templates(null);
        assertEquals(BUILT_INS, templates.list().stream().map(TemplateInfo::name).toList());
        for (TemplateInfo t : templates.list()) {
            assertEquals("builtin:org.orrery.core.sequence", t.source());
            assertFalse(t.description().isBlank(), t.name());
            assertTrue(t.parameterSchema().contains("\"properties\""), t.name());
        }
    }

    @Test
    void builtInParameterSchemasUseOnlyKnownKeywords() {
        java.util.Set<String> known = java.util.Set.of("type", "minimum", "maximum", "exclusiveMinimum",
                "exclusiveMaximum", "minLength", "maxLength", "default", "description", "enum", "items", "minItems",
                "maxItems");
        for (TemplateInfo t : new Templates(null).list()) {
            Map<?, ?> properties = (Map<?, ?>) ((Map<?, ?>) t.document().get("parameters")).get("properties");
            properties.forEach((name, property) -> assertTrue(known.containsAll(((Map<?, ?>) property).keySet()),
                    t.name() + "." + name + ": " + property));
        }
    }

    @Test
    void everyBuiltInWithItsDefaultsIsAValidDocumentForTheRealActions() throws Exception {
        Templates templates = new Templates(home);
        for (String name : BUILT_INS) {
            Map<String, Object> document = templates.instantiate(name, Map.of());
            assertEquals(List.of(), problems(document), name);
            assertFalse(document.containsKey("parameters"), name);
        }
    }

    @Test
    void everyBuiltInWithSampleParametersIsAValidDocumentForTheRealActions() throws Exception {
        Templates templates = new Templates(home);
        assertEquals(BUILT_INS, SAMPLES.keySet().stream().sorted().toList());
        for (String name : BUILT_INS) {
            Map<String, Object> document = templates.instantiate(name, SAMPLES.get(name));
            assertEquals(List.of(), problems(document), name + ": " + document);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theNightRunsTheContainerOfTargetCountWithItsTriggersPolicyAndDawn() throws Exception {
        Map<String, Object> document = new Templates(home).instantiate("MultiTargetNight", SAMPLES.get("MultiTargetNight"));
        Map<String, Object> three = (Map<String, Object>) ((List<Object>) document.get("main")).get(0);
        assertEquals(Map.of("field", "targetCount", "operator", "equals", "value", 3), three.get("condition"));
        Map<String, Object> night = (Map<String, Object>) ((List<Object>) three.get("then")).get(0);
        assertEquals("priority", night.get("strategy"));
        assertEquals(Map.of("twilight", "astronomical", "event", "dawn"), night.get("until"));
        assertEquals(Map.of("action", "park_and_wait", "safe_for_minutes", 10, "refocus", true), night.get("on_unsafe"));
        Map<String, Object> focus = Map.of("exposure", 2, "steps", 4, "step_size", 100);
        assertEquals(List.of(Map.of("type", "meridian_flip", "minutes_after", 5),
                Map.of("type", "autofocus", "after_filter_change", true, "parameters", focus),
                Map.of("type", "autofocus", "after_minutes", 60, "parameters", focus),
                Map.of("type", "dither", "every_frames", 3)),
                night.get("triggers"));
        List<Map<String, Object>> targets = (List<Map<String, Object>>) night.get("steps");
        assertEquals(List.of("E2E ONE", "M 45", "M 31"), targets.stream().map(t -> t.get("name")).toList());
        assertEquals(2.5, targets.get(0).get("ra"));
        assertFalse(targets.get(1).containsKey("ra"), "a slot without coordinates is the catalog's object");
        assertEquals(List.of("L", "R", "G", "B"), ((List<Map<String, Object>>) targets.get(2).get("plan")).stream()
                .map(e -> e.get("filter")).toList());
        assertEquals(Map.of("filter", "L", "exposure", 1, "count", 2, "binning", 1),
                ((List<Object>) targets.get(2).get("plan")).get(0));
        assertEquals(Map.of("min_altitude", 20, "above_horizon", true, "twilight", "astronomical"),
                targets.get(0).get("constraints"), "dark sky only: a night begun after dawn must not image by day");
        assertEquals("mount.unpark", ((Map<?, ?>) ((List<?>) document.get("start")).get(0)).get("action"));
        assertEquals("mount.park", ((Map<?, ?>) ((List<?>) document.get("end")).get(0)).get("action"));
    }

    /** Walks the scan's conditions as the interpreter would: the tiles (0-based, in order) that adjust the focus. */
    @SuppressWarnings("unchecked")
    private static List<Integer> focusedTiles(Map<String, Object> document) {
        MapScope scope = new MapScope();
        scope.variables.putAll((Map<String, Object>) document.get("variables"));
        List<Integer> focused = new java.util.ArrayList<>();
        int tile = 0;
        for (Object row : (List<Object>) document.get("main")) {
            Map<String, Object> r = (Map<String, Object>) row;
            if (!Conditions.evaluate(r.get("condition"), scope)) {
                continue;
            }
            for (Object t : (List<Object>) r.get("then")) {
                Map<String, Object> step = (Map<String, Object>) t;
                if (!Conditions.evaluate(step.get("condition"), scope)) {
                    continue;
                }
                for (Object inner : (List<Object>) step.get("then")) {
                    Map<String, Object> s = (Map<String, Object>) inner;
                    boolean focus = "adjust_focus".equals(s.get("action")) || "conditional".equals(s.get("type"))
                            && Conditions.evaluate(s.get("condition"), scope);
                    if (focus) {
                        focused.add(tile);
                    }
                }
                tile++;
            }
        }
        return focused;
    }

    @Test
    void theTiledScanAdjustsTheFocusEveryNTiles() throws Exception {
        Templates templates = new Templates(home);
        assertEquals(List.of(0, 4, 8), focusedTiles(templates.instantiate("MicroscopeTiledScan", Map.of())));
        assertEquals(List.of(0, 7, 14, 21), focusedTiles(templates.instantiate("MicroscopeTiledScan",
                Map.of("xs", List.of(1, 2, 3, 4, 5), "ys", List.of(1, 2, 3, 4, 5), "focusEvery", 7))));
        assertEquals(List.of(0, 2, 4), focusedTiles(templates.instantiate("MicroscopeTiledScan",
                Map.of("xs", List.of(1), "ys", List.of(1, 2, 3, 4, 5), "focusEvery", 2))));
        assertEquals(List.of(0, 1, 2, 3), focusedTiles(templates.instantiate("MicroscopeTiledScan",
                Map.of("xs", List.of(1, 2), "ys", List.of(1, 2), "focusEvery", 1))));
        assertEquals(List.of(0), focusedTiles(templates.instantiate("MicroscopeTiledScan",
                Map.of("xs", List.of(1, 2, 3, 4), "ys", List.of(1, 2, 3, 4, 5), "focusEvery", 25))));
    }

    @Test
    void parametersAreSubstitutedTypedAndMergedIntoVariables() throws Exception {
        Map<String, Object> document = new Templates(home).instantiate("BasicExposure",
                Map.of("targetName", "M31", "count", 3));
        assertEquals("M31 exposures", document.get("name"));
        @SuppressWarnings("unchecked")
        Map<String, Object> variables = (Map<String, Object>) document.get("variables");
        assertEquals(3, variables.get("count"));
        assertEquals(30, variables.get("exposureTime"), "a default is filled in");
        Map<?, ?> parameters = (Map<?, ?>) ((Map<?, ?>) ((List<?>) document.get("main")).get(0)).get("parameters");
        assertEquals(3, parameters.get("count"));
        assertEquals("M31", parameters.get("object"));
        assertFalse(parameters.containsKey("filter"), "an optional parameter not given is left out");
        assertEquals("M31: 3 × 30 s light", ((Map<?, ?>) ((List<?>) document.get("main")).get(0)).get("name"));
    }

    @Test
    void runTimeMacrosAndLiteralsStay() throws Exception {
        Files.writeString(home.resolve("Mixed.yaml"), """
                name: mixed
                parameters: {type: object, properties: {p: {type: string, default: "a ${x}"}}}
                main:
                  - {type: set, variables: {v: "${p} ${steps.s.state} $${p} ${variables.p}", w: "${p}"}}
                """);
        Map<String, Object> document = new Templates(home).instantiate("Mixed", Map.of());
        Map<?, ?> set = (Map<?, ?>) ((Map<?, ?>) ((List<?>) document.get("main")).get(0)).get("variables");
        assertEquals("a $${x} ${steps.s.state} $${p} ${variables.p}", set.get("v"));
        assertEquals("a $${x}", set.get("w"), "a parameter's value is not read as a macro later");
    }

    @Test
    void aBadParameterPointsAtItself() {
        Templates templates = new Templates(home);
        SequenceValidationException e = assertThrows(SequenceValidationException.class,
                () -> templates.instantiate("BasicExposure", Map.of("exposureTime", -1, "frametype", "x")));
        assertEquals(List.of("/parameters/exposureTime", "/parameters/frametype"),
                e.problems().stream().map(SequenceProblem::pointer).sorted().toList(), e.problems().toString());
        SequenceValidationException tooMany = assertThrows(SequenceValidationException.class,
                () -> templates.instantiate("CalibrationFrames", Map.of("darkExposures", List.of(1, 2, 3, 4, 5))));
        assertEquals("/parameters/darkExposures", tooMany.problems().get(0).pointer());
    }

    @Test
    void aRequiredParameterMissingPointsAtItsName() throws Exception {
        Files.writeString(home.resolve("Needs.json"), """
                {"name": "needs ${target}", "parameters": {"type": "object",
                  "properties": {"target": {"type": "string"}}, "required": ["target"]}}
                """);
        SequenceValidationException e = assertThrows(SequenceValidationException.class,
                () -> new Templates(home).instantiate("Needs", Map.of()));
        assertEquals("/parameters/target", e.problems().get(0).pointer());
    }

    @Test
    void unknownTemplateIsNotFound() {
        SequenceNotFoundException e = assertThrows(SequenceNotFoundException.class,
                () -> new Templates(home).instantiate("Nope", Map.of()));
        assertTrue(e.getMessage().contains("BasicExposure"), e.getMessage());
    }

    @Test
    void aFileShadowsTheBuiltInAndNewFilesAppearWithoutARestart() throws Exception {
        Templates templates = new Templates(home.resolve("etc/templates"));
        assertEquals("builtin:org.orrery.core.sequence", templates.get("LRGB").orElseThrow().source());
        Path folder = Files.createDirectories(home.resolve("etc/templates"));
        Files.writeString(folder.resolve("LRGB.yml"), "name: my LRGB\ndescription: mine\nmain: []\n");
        TemplateInfo mine = templates.get("LRGB").orElseThrow();
        assertEquals("file:" + folder.resolve("LRGB.yml"), mine.source());
        assertEquals("mine", mine.description());
        assertEquals(BUILT_INS, templates.list().stream().map(TemplateInfo::name).toList());
        assertEquals("my LRGB", templates.instantiate("LRGB", Map.of()).get("name"));
    }

    @Test
    void aBrokenFileIsSkippedAndTheOthersStay() throws Exception {
        Files.writeString(home.resolve("Broken.yaml"), "name: [unclosed\n");
        Files.writeString(home.resolve("BadSchema.json"), "{\"name\": \"x\", \"parameters\": {\"type\": 12}}");
        Files.writeString(home.resolve("Good.json"), "{\"name\": \"good\", \"variables\": {\"a\": 1.50}}");
        Files.writeString(home.resolve("notes.txt"), "not a template");
        Templates templates = new Templates(home);
        List<String> names = templates.list().stream().map(TemplateInfo::name).toList();
        assertTrue(names.contains("Good"), names.toString());
        assertFalse(names.contains("Broken") || names.contains("BadSchema") || names.contains("notes"), names.toString());
        assertEquals(Map.of("a", new BigDecimal("1.50")), templates.instantiate("Good", Map.of()).get("variables"));
        Files.writeString(home.resolve("Broken.yaml"), "name: fixed\n");
        assertEquals("fixed", templates.instantiate("Broken", Map.of()).get("name"), "a fixed file is read again");
    }
}
