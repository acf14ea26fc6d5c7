package org.orrery.core.scheduler.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.Test;
import org.orrery.task.Action;
import org.orrery.task.ActionContext;
import org.orrery.task.TaskParameterException;
import org.orrery.task.TaskSpec;

class SchemaParameterValidatorTest {

    private final SchemaParameterValidator validator = new SchemaParameterValidator();

    private static Action withSchema(String schema) {
        return new Action() {
            @Override
            public String name() {
                return "camera.expose";
            }

            @Override
            public String parameterSchema() {
                return schema;
            }

            @Override
            public CompletionStage<Map<String, Object>> execute(ActionContext context) {
                return CompletableFuture.completedFuture(Map.of());
            }
        };
    }

    private static final String EXPOSE = """
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
             "properties": {"exposure": {"type": "number", "exclusiveMinimum": 0},
                            "frame_type": {"enum": ["light", "dark", "flat", "bias"]}},
             "required": ["exposure"], "additionalProperties": false}""";

    private static TaskSpec task(Map<String, Object> parameters) {
        return TaskSpec.builder("camera.expose").id("t1").parameters(parameters).build();
    }

    @Test
    void fittingParametersPass() {
        assertDoesNotThrow(() -> validator.validate(withSchema(EXPOSE), task(Map.of("exposure", 30.0, "frame_type", "light"))));
    }

    @Test
    void eachProblemIsNamedWithItsField() {
        TaskParameterException e = assertThrows(TaskParameterException.class, () -> validator.validate(withSchema(EXPOSE),
                task(Map.of("exposure", "long", "frame_type", "sky", "binning", 2))));
        String message = e.getMessage();
        assertTrue(message.contains("exposure") && message.contains("frame_type") && message.contains("binning"), message);
        assertTrue(message.contains("'camera.expose'"), message);
    }

    @Test
    void missingRequiredParameterIsNamed() {
        TaskParameterException e = assertThrows(TaskParameterException.class,
                () -> validator.validate(withSchema(EXPOSE), task(Map.of())));
        assertTrue(e.getMessage().contains("exposure"), e.getMessage());
    }

    /** No parameters: the schema's verdict on {} is computed once per schema, and it is the same verdict. */
    @Test
    void noParametersAreJudgedByTheSchemaEveryTime() {
        String optional = "{\"type\": \"object\", \"properties\": {\"n\": {\"type\": \"integer\"}}}";
        Action lenient = withSchema(optional);
        assertDoesNotThrow(() -> validator.validate(lenient, task(Map.of())));
        assertDoesNotThrow(() -> validator.validate(lenient, task(Map.of())));
        Action strict = withSchema(EXPOSE);
        for (int i = 0; i < 2; i++) {
            assertTrue(assertThrows(TaskParameterException.class, () -> validator.validate(strict, task(Map.of())))
                    .getMessage().contains("exposure"));
        }
        assertThrows(TaskParameterException.class, () -> validator.validate(lenient, task(Map.of("n", "x"))));
    }

    @Test
    void anActionWithABrokenSchemaAcceptsNoTask() {
        TaskParameterException e = assertThrows(TaskParameterException.class,
                () -> validator.validate(withSchema("{ not json"), task(Map.of())));
        assertTrue(e.getMessage().contains("declares a parameter schema that cannot be used"), e.getMessage());
    }
}
