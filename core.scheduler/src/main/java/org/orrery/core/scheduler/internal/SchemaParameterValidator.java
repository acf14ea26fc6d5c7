package org.orrery.core.scheduler.internal;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.orrery.task.Action;
import org.orrery.task.TaskParameterException;
import org.orrery.task.TaskSpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * Validates a task's parameters against its action's JSON schema (draft 2020-12) with the
 * networknt validator. A schema is compiled once per action instance.
 */
public final class SchemaParameterValidator implements ParameterValidator {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A schema, and what it says of a task without parameters (most tasks): computed once, not per task. */
    private record Compiled(String source, JsonSchema schema, String problem, Set<ValidationMessage> emptyErrors) {
    }

    /**
     * Built on the first task checked, not with the scheduler: the factory loads its meta-schemas
     * and a good part of the validator's classes, work a start without submissions never needs.
     */
    private volatile JsonSchemaFactory factory;
    private final Map<Action, Compiled> schemas = new ConcurrentHashMap<>();

    @Override
    public void validate(Action action, TaskSpec task) throws TaskParameterException {
        Compiled compiled = compile(action);
        if (compiled.problem() != null) {
            throw new TaskParameterException("the action '" + action.name() + "' declares a parameter schema that cannot be"
                    + " used (" + compiled.problem() + "); no task can be checked against it");
        }
        Set<ValidationMessage> errors;
        if (task.parameters().isEmpty()) {
            errors = compiled.emptyErrors();
        } else {
            JsonNode parameters;
            try {
                parameters = MAPPER.valueToTree(task.parameters());
            } catch (IllegalArgumentException e) {
                throw new TaskParameterException(TaskEngine.describe(task) + ": its parameters cannot be read as JSON: "
                        + e.getMessage());
            }
            errors = compiled.schema().validate(parameters);
        }
        if (!errors.isEmpty()) {
            Set<String> messages = new TreeSet<>();
            for (ValidationMessage error : errors) {
                messages.add(error.getMessage());
            }
            throw new TaskParameterException(TaskEngine.describe(task) + ": parameters do not fit the action '"
                    + action.name() + "': " + String.join("; ", messages));
        }
    }

    private Compiled compile(Action action) {
        String source = action.parameterSchema();
        Compiled cached = schemas.get(action);
        if (cached != null && cached.source().equals(source)) {
            return cached;
        }
        Compiled fresh;
        try {
            JsonSchema schema = factory().getSchema(source);
            fresh = new Compiled(source, schema, null, Set.copyOf(schema.validate(MAPPER.createObjectNode())));
        } catch (RuntimeException e) {
            fresh = new Compiled(source, null, e.getMessage(), Set.of());
        }
        schemas.put(action, fresh);
        return fresh;
    }

    private JsonSchemaFactory factory() {
        JsonSchemaFactory f = factory;
        if (f == null) {
            f = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
            factory = f;
        }
        return f;
    }

    /** Forgets the compiled schema of an action that went away. */
    public void forget(Action action) {
        schemas.remove(action);
    }
}
