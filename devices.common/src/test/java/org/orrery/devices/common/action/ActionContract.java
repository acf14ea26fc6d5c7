package org.orrery.devices.common.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.orrery.task.Action;
import org.orrery.task.TaskParameterException;
import org.orrery.testsupport.FakeActionContext;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * What holds for every action of a device bundle: names (seed 001's exactly), re-run safety, and
 * parameter schemas that are valid draft 2020-12 and agree with the checks the actions make. Each
 * bundle's {@code ActionContractTest} names its actions and the parameters to try.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ActionContract {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    /** No devices at all, and no wait: an action that accepts its parameters fails waiting for a device. */
    private final Rig rig = new Rig(Path.of(System.getProperty("java.io.tmpdir"), "orrery-contract-test"),
            new Settings(java.time.Duration.ZERO, Rig.FAST.readoutMargin(), 1, Rig.FAST.slewMargin(), 1,
                    Rig.FAST.parkTimeout(), Rig.FAST.trackingTimeout(), 1, Rig.FAST.focuserMargin(), 0,
                    Rig.FAST.filterTimeout(), 1, Rig.FAST.stageMargin(), 1, Rig.FAST.settle(), "images", 2048, ""));

    @AfterAll
    void close() {
        rig.close();
    }

    /** The bundle's actions, on instruments with no device and no wait. */
    protected abstract Stream<Action> actions(Instruments instruments);

    /** The names tasks use for {@link #actions(Instruments)}, in that order. */
    protected abstract List<String> names();

    final Stream<Action> actions() {
        return actions(rig.instruments);
    }

    @Test
    void theActionsHaveTheNamesTasksUse() {
        assertEquals(names(), actions().map(Action::name).toList());
    }

    @ParameterizedTest
    @MethodSource("actions")
    void isDescribedAndSafeToRerun(Action action) {
        assertFalse(action.description().isBlank());
        assertFalse(action.description().contains("\n"), "a description is one line");
        assertTrue(action.safeToRerun(), "every action goes to an absolute target or writes new files");
    }

    @ParameterizedTest
    @MethodSource("actions")
    void schemaIsAValidDraft202012SchemaThatDescribesEveryProperty(Action action) throws Exception {
        JsonNode schema = MAPPER.readTree(action.parameterSchema());
        assertEquals("https://json-schema.org/draft/2020-12/schema", schema.path("$schema").asText());
        assertEquals("object", schema.path("type").asText());
        assertEquals(action.name(), schema.path("title").asText());
        assertFalse(schema.path("additionalProperties").asBoolean(true));
        JsonSchema metaSchema = FACTORY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        Set<ValidationMessage> problems = metaSchema.validate(schema);
        assertTrue(problems.isEmpty(), action.name() + ": " + problems);
        for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
            assertTrue(property.getValue().hasNonNull("type"), action.name() + "." + property.getKey() + " has no type");
            assertFalse(property.getValue().path("description").asText().isBlank(),
                    action.name() + "." + property.getKey() + " has no description");
        }
    }

    /** The parameters tried on each action, and whether its schema (and so the action) accepts them. */
    protected abstract Stream<Arguments> parameters(Instruments instruments);

    final Stream<Arguments> parameters() {
        return parameters(rig.instruments);
    }

    @ParameterizedTest(name = "{0} {1}: valid {2}")
    @MethodSource("parameters")
    @SuppressWarnings("unchecked")
    void schemaAndActionAgree(Action action, String json, boolean valid) throws Exception {
        Set<ValidationMessage> problems = FACTORY.getSchema(action.parameterSchema()).validate(MAPPER.readTree(json));
        assertEquals(valid, problems.isEmpty(), "schema of " + action.name() + " on " + json + ": " + problems);

        Map<String, Object> parameters = MAPPER.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .forType(Map.class).readValue(json);
        try (FakeActionContext context = new FakeActionContext(parameters)) {
            try {
                // with no device anywhere, accepted parameters end in a wait that times out at once
                action.execute(context).toCompletableFuture().get(10, TimeUnit.SECONDS);
                fail(action.name() + " completed without a device");
            } catch (TaskParameterException e) {
                if (valid) {
                    fail(action.name() + " refused " + json + ", which its schema accepts: " + e.getMessage());
                }
            } catch (ExecutionException | CompletionException e) {
                if (!valid) {
                    fail(action.name() + " accepted " + json + ", which its schema refuses (it went on to: "
                            + e.getCause().getMessage() + ")");
                }
            }
        }
    }
}
