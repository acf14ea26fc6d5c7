package org.orrery.actions.params;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.orrery.task.TaskParameterException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/** One declaration: the schema it writes and the reading it does agree, for any kind of Number. */
class ParameterSchemaTest {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    static final Param<Double> SECONDS = Param.number("seconds", "seconds", "How long, \"quoted\".").range(0, 10)
            .required();
    static final Param<Double> RA = Param.number("ra", "hours", "Right ascension.").atLeast(0).below(24);
    static final Param<Double> SPEED = Param.number("speed", "full speed", "Speed.").above(0).atMost(1).orElse(1.0);
    static final Param<Long> COUNT = Param.integer("count", "frames", "How many.").range(1, 5).orElse(1L);
    static final Param<String> TYPE = Param.string("type", "Kind.").oneOf("light", "dark").orElse("light");
    static final Param<String> OBJECT = Param.string("object", "Name.").length(1, 8);
    static final Param<String> DEVICE = Param.deviceId("camera", "Device.");
    static final Param<Boolean> ON = Param.bool("on", "Switch.").orElse(true);
    static final Param<Object> FILTER = Param.nameOrNumber("filter", 8, "a filter name or a slot number from 1",
            "Name or slot.");
    static final ParameterSchema SCHEMA = ParameterSchema.of("test.action", "Everything.", SECONDS, RA, SPEED, COUNT,
            TYPE, OBJECT, DEVICE, ON, FILTER);

    @Test
    void theSchemaIsValidDraft202012() throws Exception {
        var meta = FACTORY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        Set<ValidationMessage> problems = meta.validate(MAPPER.readTree(SCHEMA.json()));
        assertTrue(problems.isEmpty(), problems + "\n" + SCHEMA.json());
        var open = MAPPER.readTree(ParameterSchema.anyObject("x", "Anything.").json());
        assertTrue(meta.validate(open).isEmpty());
        assertEquals("How long, \"quoted\".", MAPPER.readTree(SCHEMA.json()).at("/properties/seconds/description").asText());
    }

    @Test
    void anyKindOfNumberIsRead() throws Exception {
        for (Number n : new Number[] {3, 3L, 3.0, 3.0f, new BigDecimal("3.00"), BigInteger.valueOf(3), (short) 3,
                new AtomicLong(3)}) {
            Parameters p = SCHEMA.read(Map.of("seconds", n, "count", n));
            assertEquals(3.0, p.get(SECONDS), n.getClass().getName());
            assertEquals(3L, p.get(COUNT), n.getClass().getName());
        }
        assertEquals(2.5, SCHEMA.read(Map.of("seconds", new BigDecimal("2.5"))).get(SECONDS));
    }

    @Test
    void absentParametersGiveTheirDefaultOrNull() throws Exception {
        Parameters p = SCHEMA.read(Map.of("seconds", 1));
        assertEquals(1.0, p.get(SPEED));
        assertEquals(1L, p.get(COUNT));
        assertEquals("light", p.get(TYPE));
        assertEquals(true, p.get(ON));
        assertNull(p.get(RA));
        assertNull(p.get(DEVICE));
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("{\"seconds\": 10}", null),
                Arguments.of("{}", "test.action: parameter 'seconds' is missing; expected a number of seconds from 0 to 10"),
                Arguments.of("{\"seconds\": 11}", "test.action: parameter 'seconds' must be a number of seconds from 0 to 10, found 11"),
                Arguments.of("{\"seconds\": \"1\"}", "test.action: parameter 'seconds' must be a number of seconds from 0 to 10, found a string (\"1\")"),
                Arguments.of("{\"seconds\": 1, \"ra\": 24}", "test.action: parameter 'ra' must be a number of hours from 0 to under 24, found 24"),
                Arguments.of("{\"seconds\": 1, \"speed\": 0}", "test.action: parameter 'speed' must be a number of full speed above 0 up to 1, found 0"),
                Arguments.of("{\"seconds\": 1, \"count\": 1.5}", "test.action: parameter 'count' must be a whole number of frames from 1 to 5, found a number (1.5)"),
                Arguments.of("{\"seconds\": 1, \"count\": 2.0}", null),
                Arguments.of("{\"seconds\": 1, \"type\": \"flat\"}", "test.action: parameter 'type' must be one of light, dark, found a string (\"flat\")"),
                Arguments.of("{\"seconds\": 1, \"object\": \" \"}", "test.action: parameter 'object' must be a non-blank string of at most 8 characters, found a string (\" \")"),
                Arguments.of("{\"seconds\": 1, \"object\": \"123456789\"}", "test.action: parameter 'object' must be a non-blank string of at most 8 characters, found a string (\"123456789\")"),
                Arguments.of("{\"seconds\": 1, \"camera\": \"a b\"}", "test.action: parameter 'camera' must be a device id (1 to 128 letters, digits, '.', '_' or '-'), found a string (\"a b\")"),
                Arguments.of("{\"seconds\": 1, \"on\": \"yes\"}", "test.action: parameter 'on' must be a boolean (true or false), found a string (\"yes\")"),
                Arguments.of("{\"seconds\": 1, \"filter\": \"Ha\"}", null),
                Arguments.of("{\"seconds\": 1, \"filter\": 2}", null),
                Arguments.of("{\"seconds\": 1, \"filter\": 0}", "test.action: parameter 'filter' must be a filter name or a slot number from 1, found 0"),
                Arguments.of("{\"seconds\": 1, \"filter\": \"\"}", "test.action: parameter 'filter' must be a filter name or a slot number from 1, found a string (\"\")"),
                Arguments.of("{\"seconds\": 1, \"extra\": 1}", "test.action: unknown parameter 'extra'; it takes only camera, count, filter, object, on, ra, seconds, speed, type"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @SuppressWarnings("unchecked")
    void theSchemaAndTheReadingAgree(String json, String message) throws Exception {
        Set<ValidationMessage> problems = FACTORY.getSchema(SCHEMA.json()).validate(MAPPER.readTree(json));
        assertEquals(message == null, problems.isEmpty(), json + ": " + problems);
        Map<String, Object> values = MAPPER.readValue(json, Map.class);
        if (message == null) {
            SCHEMA.read(values);
        } else {
            assertEquals(message, assertThrows(TaskParameterException.class, () -> SCHEMA.read(values)).getMessage());
        }
    }

    @Test
    void exactlyOneOfTwo() throws Exception {
        Param<Long> slot = Param.integer("slot", "", "Slot.").range(1, 9);
        Param<String> name = Param.string("name", "Name.").length(1, 9);
        ParameterSchema schema = ParameterSchema.of("pick", "One of two.", slot, name).exactlyOneOf(slot, name);
        assertEquals(2L, schema.read(Map.of("slot", 2)).get(slot));
        assertEquals("pick: give either 'slot' or 'name', found neither",
                assertThrows(TaskParameterException.class, () -> schema.read(Map.of())).getMessage());
        assertEquals("pick: give either 'slot' or 'name', found both",
                assertThrows(TaskParameterException.class, () -> schema.read(Map.of("slot", 1, "name", "L"))).getMessage());
        assertTrue(!FACTORY.getSchema(schema.json()).validate(MAPPER.readTree("{}")).isEmpty());
    }
}
