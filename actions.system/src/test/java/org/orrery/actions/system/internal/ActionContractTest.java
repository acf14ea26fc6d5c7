package org.orrery.actions.system.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.orrery.task.Action;
import org.orrery.task.TaskParameterException;
import org.orrery.testsupport.FakeActionContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * What holds for every action of the bundle: names, descriptions, re-run safety, and parameter
 * schemas that are valid draft 2020-12 and agree with the checks the actions make themselves.
 */
class ActionContractTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    static Stream<Action> actions() {
        return Stream.of(new NoopAction(), new EchoAction(), new FailAction(), new WaitAction());
    }

    @ParameterizedTest
    @MethodSource("actions")
    void isNamedDescribedAndSafeToRerun(Action action) {
        assertTrue(action.name().startsWith("system."), action.name());
        assertFalse(action.description().isBlank());
        assertFalse(action.description().contains("\n"), "a description is one line");
        assertTrue(action.safeToRerun());
        assertEquals(List.of(), action.resources(Map.of()));
    }

    @ParameterizedTest
    @MethodSource("actions")
    void schemaIsAValidDraft202012SchemaThatDescribesEveryProperty(Action action) throws Exception {
        JsonNode schema = MAPPER.readTree(action.parameterSchema());
        assertEquals("https://json-schema.org/draft/2020-12/schema", schema.path("$schema").asText());
        assertEquals("object", schema.path("type").asText());

        JsonSchema metaSchema = FACTORY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        Set<ValidationMessage> problems = metaSchema.validate(schema);
        assertTrue(problems.isEmpty(), action.name() + ": " + problems);

        for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
            assertTrue(property.getValue().hasNonNull("type"), action.name() + "." + property.getKey() + " has no type");
            assertFalse(property.getValue().path("description").asText().isBlank(),
                    action.name() + "." + property.getKey() + " has no description");
        }
    }

    @Test
    void theMetaSchemaCheckCatchesABrokenSchema() throws Exception {
        JsonSchema metaSchema = FACTORY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        JsonNode broken = MAPPER.readTree("{\"type\": \"object\", \"properties\": {\"d\": {\"type\": \"nummber\"}},"
                + " \"required\": \"d\"}");
        assertFalse(metaSchema.validate(broken).isEmpty());
    }

    static Stream<Arguments> parameters() {
        return Stream.of(
                Arguments.of(new NoopAction(), "{}", true),
                Arguments.of(new NoopAction(), "{\"x\": 1}", false),
                Arguments.of(new EchoAction(), "{}", true),
                Arguments.of(new EchoAction(), "{\"a\": [1, 2], \"b\": {\"c\": null}, \"d\": \"e\"}", true),
                Arguments.of(new FailAction(), "{}", true),
                Arguments.of(new FailAction(), "{\"message\": \"boom\", \"retryable\": false}", true),
                Arguments.of(new FailAction(), "{\"message\": 42}", false),
                Arguments.of(new FailAction(), "{\"retryable\": \"yes\"}", false),
                Arguments.of(new FailAction(), "{\"retriable\": false}", false),
                Arguments.of(new WaitAction(), "{\"duration\": 0}", true),
                Arguments.of(new WaitAction(), "{\"duration\": 0.01}", true),
                Arguments.of(new WaitAction(), "{\"duration\": 0.010000000000000000000001}", true),
                Arguments.of(new WaitAction(), "{}", false),
                Arguments.of(new WaitAction(), "{\"duration\": \"ten\"}", false),
                Arguments.of(new WaitAction(), "{\"duration\": null}", false),
                Arguments.of(new WaitAction(), "{\"duration\": -1}", false),
                Arguments.of(new WaitAction(), "{\"duration\": 86401}", false),
                Arguments.of(new WaitAction(), "{\"duration\": 1, \"units\": \"s\"}", false));
    }

    @ParameterizedTest(name = "{0} {1}: valid {2}")
    @MethodSource("parameters")
    @SuppressWarnings("unchecked")
    void schemaAndActionAgree(Action action, String json, boolean valid) throws Exception {
        Set<ValidationMessage> problems = FACTORY.getSchema(action.parameterSchema()).validate(MAPPER.readTree(json));
        assertEquals(valid, problems.isEmpty(), "schema of " + action.name() + " on " + json + ": " + problems);

        // as the scheduler would hand them over: read from JSON (numbers as Integer, Long, Double or BigDecimal)
        Map<String, Object> parameters = MAPPER.reader()
                .with(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .forType(Map.class).readValue(json);
        try (FakeActionContext context = new FakeActionContext(parameters)) {
            try {
                // system.fail fails through its stage; only a parameter error is thrown
                action.execute(context).toCompletableFuture().handle((r, e) -> r).get(10, TimeUnit.SECONDS);
                assertTrue(valid, action.name() + " accepted " + json + ", which its schema refuses");
            } catch (TaskParameterException e) {
                if (valid) {
                    fail(action.name() + " refused " + json + ", which its schema accepts: " + e.getMessage());
                }
            }
        }
    }
}
