package org.orrery.devices.actions.internal;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.orrery.task.Action;
import org.orrery.task.TaskParameterException;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * What holds for every action of the bundle: names (seed 001's exactly), re-run safety, and
 * parameter schemas that are valid draft 2020-12 and agree with the checks the actions make.
 */
class ActionContractTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    /** No devices at all, and no wait: an action that accepts its parameters fails waiting for a device. */
    private static final Rig RIG = new Rig(Path.of(System.getProperty("java.io.tmpdir"), "orrery-contract-test"),
            new Settings(java.time.Duration.ZERO, Rig.FAST.readoutMargin(), 1, Rig.FAST.slewMargin(), 1,
                    Rig.FAST.parkTimeout(), Rig.FAST.trackingTimeout(), 1, Rig.FAST.focuserMargin(), 0,
                    Rig.FAST.filterTimeout(), 1, Rig.FAST.stageMargin(), 1, Rig.FAST.settle(), "images", 2048, ""));

    @AfterAll
    static void close() {
        RIG.close();
    }

    static Stream<Action> actions() {
        Instruments i = RIG.instruments;
        return Stream.of(new CameraExposeAction(i), new MountSlewAction(i), new MountParkAction(i),
                new MountUnparkAction(i), new MountTrackAction(i), new FocuserMoveAction(i),
                new FilterWheelSelectAction(i), new CaptureImageAction(i), new MoveStageAction(i),
                new AdjustFocusAction(i));
    }

    @Test
    void theActionsHaveTheNamesTasksUse() {
        assertEquals(List.of("camera.expose", "mount.slew", "mount.park", "mount.unpark", "mount.track",
                "focuser.move", "filterwheel.select", "capture_image", "move_stage", "adjust_focus"),
                actions().map(Action::name).toList());
    }

    @ParameterizedTest
    @MethodSource("actions")
    void isDescribedAndSafeToRerun(Action action) {
        assertFalse(action.description().isBlank());
        assertFalse(action.description().contains("\n"), "a description is one line");
        assertTrue(action.safeToRerun(), "every action goes to an absolute target or rewrites the same files");
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

    static Stream<Arguments> parameters() {
        Instruments i = RIG.instruments;
        Action expose = new CameraExposeAction(i);
        Action slew = new MountSlewAction(i);
        Action park = new MountParkAction(i);
        Action track = new MountTrackAction(i);
        Action focus = new FocuserMoveAction(i);
        Action filter = new FilterWheelSelectAction(i);
        Action capture = new CaptureImageAction(i);
        Action stage = new MoveStageAction(i);
        Action adjust = new AdjustFocusAction(i);
        return Stream.of(
                Arguments.of(expose, "{\"exposure\": 30}", true),
                Arguments.of(expose, "{\"exposure\": 0.5, \"frame_type\": \"flat\", \"binning\": 2, \"gain\": 120,"
                        + " \"offset\": 10, \"filter\": \"Ha\", \"count\": 5, \"object\": \"M 42\", \"camera\": \"c\","
                        + " \"mount\": \"m\", \"focuser\": \"f\", \"filter_wheel\": \"w\"}", true),
                Arguments.of(expose, "{\"exposure\": 0, \"frame_type\": \"bias\", \"filter\": 3}", true),
                Arguments.of(expose, "{}", false),
                Arguments.of(expose, "{\"exposure\": -1}", false),
                Arguments.of(expose, "{\"exposure\": \"30\"}", false),
                Arguments.of(expose, "{\"exposure\": 1, \"frame_type\": \"science\"}", false),
                Arguments.of(expose, "{\"exposure\": 1, \"binning\": 0}", false),
                Arguments.of(expose, "{\"exposure\": 1, \"binning\": 1.5}", false),
                Arguments.of(expose, "{\"exposure\": 1, \"count\": 0}", false),
                Arguments.of(expose, "{\"exposure\": 1, \"filter\": 0}", false),
                Arguments.of(expose, "{\"exposure\": 1, \"filter\": \"\"}", false),
                Arguments.of(expose, "{\"exposure\": 1, \"filter\": true}", false),
                Arguments.of(expose, "{\"exposure\": 1, \"offset\": -1}", false),
                Arguments.of(expose, "{\"exposure\": 1, \"camera\": \"a b\"}", false),
                Arguments.of(expose, "{\"exposure\": 1, \"exposure_time\": 1}", false),
                Arguments.of(slew, "{\"ra\": 10.5, \"dec\": -20}", true),
                Arguments.of(slew, "{\"ra\": 0, \"dec\": 90, \"tolerance_arcmin\": 5, \"mount\": \"m\"}", true),
                Arguments.of(slew, "{\"ra\": 24, \"dec\": 0}", false),
                Arguments.of(slew, "{\"ra\": 1, \"dec\": 91}", false),
                Arguments.of(slew, "{\"ra\": 1}", false),
                Arguments.of(slew, "{\"ra\": 1, \"dec\": 1, \"tolerance_arcmin\": 0}", false),
                Arguments.of(park, "{}", true),
                Arguments.of(park, "{\"mount\": \"m\"}", true),
                Arguments.of(park, "{\"now\": true}", false),
                Arguments.of(track, "{\"tracking\": false}", true),
                Arguments.of(track, "{}", false),
                Arguments.of(track, "{\"tracking\": \"on\"}", false),
                Arguments.of(focus, "{\"position\": 0}", true),
                Arguments.of(focus, "{\"position\": 1000, \"speed\": 1, \"focuser\": \"f\"}", true),
                Arguments.of(focus, "{\"position\": -1}", false),
                Arguments.of(focus, "{\"position\": 10.5}", false),
                Arguments.of(focus, "{\"position\": 10, \"speed\": 0}", false),
                Arguments.of(focus, "{\"position\": 10, \"speed\": 1.5}", false),
                Arguments.of(filter, "{\"slot\": 2}", true),
                Arguments.of(filter, "{\"name\": \"Ha\", \"filter_wheel\": \"w\"}", true),
                Arguments.of(filter, "{}", false),
                Arguments.of(filter, "{\"slot\": 1, \"name\": \"L\"}", false),
                Arguments.of(filter, "{\"slot\": 0}", false),
                Arguments.of(filter, "{\"name\": \"\"}", false),
                Arguments.of(capture, "{}", true),
                Arguments.of(capture, "{\"exposure\": 100, \"gain\": 1.5}", true),
                Arguments.of(capture, "{\"exposure\": -5}", false),
                Arguments.of(capture, "{\"exposure\": \"100\"}", false),
                Arguments.of(capture, "{\"microscope\": \"m\"}", false),
                Arguments.of(stage, "{\"x\": 1, \"y\": 2}", true),
                Arguments.of(stage, "{\"x\": 1, \"y\": 2, \"z\": 3.5}", true),
                Arguments.of(stage, "{\"x\": 1}", false),
                Arguments.of(stage, "{\"x\": 1, \"y\": \"2\"}", false),
                Arguments.of(adjust, "{\"position\": 100, \"speed\": 0.5}", true),
                Arguments.of(adjust, "{\"position\": 100}", true),
                Arguments.of(adjust, "{\"speed\": 0.5}", false),
                Arguments.of(adjust, "{\"position\": 100, \"speed\": 2}", false));
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
