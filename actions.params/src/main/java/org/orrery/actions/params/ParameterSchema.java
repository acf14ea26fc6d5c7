package org.orrery.actions.params;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.orrery.task.TaskParameterException;

/**
 * An action's parameters, declared once: {@link #json()} is the JSON schema (draft 2020-12) the
 * action publishes as {@code Action.parameterSchema()}, and {@link #read(Map)} checks a task's
 * values against the same declarations and gives them back typed. An action declares its
 * parameters as constants and reads them with {@link Parameters#get(Param)}:
 *
 * <pre>
 * static final Param&lt;Double&gt; DURATION = Param.number("duration", "seconds", "Seconds to wait.").range(0, 86400).required();
 * static final ParameterSchema PARAMETERS = ParameterSchema.of("system.wait", "How long to wait.", DURATION);
 * double seconds = PARAMETERS.read(context.parameters()).get(DURATION);
 * </pre>
 */
public final class ParameterSchema {

    private final String action;
    private final String description;
    private final Map<String, Param<?>> params = new LinkedHashMap<>();
    private final List<List<String>> exactlyOne = new ArrayList<>();
    private final boolean open;

    private ParameterSchema(String action, String description, boolean open, Param<?>... params) {
        this.action = action;
        this.description = description;
        this.open = open;
        for (Param<?> p : params) {
            if (this.params.put(p.name, p) != null) {
                throw new IllegalArgumentException(action + ": parameter '" + p.name + "' is declared twice");
            }
        }
    }

    /** The parameters of {@code action}; no other parameter is accepted. */
    public static ParameterSchema of(String action, String description, Param<?>... params) {
        return new ParameterSchema(action, description, false, params);
    }

    /** An action that takes any object as its parameters (read them with {@link Parameters#raw(String)}). */
    public static ParameterSchema anyObject(String action, String description) {
        return new ParameterSchema(action, description, true);
    }

    /** Exactly one of these parameters must be given (each is declared without {@code required()}). */
    public ParameterSchema exactlyOneOf(Param<?> a, Param<?> b) {
        exactlyOne.add(List.of(a.name, b.name));
        return this;
    }

    public String action() {
        return action;
    }

    /** Checks {@code values} against the declarations; the first problem is the exception's message. */
    public Parameters read(Map<String, Object> values) throws TaskParameterException {
        return Parameters.read(this, values == null ? Map.of() : values);
    }

    Map<String, Param<?>> params() {
        return params;
    }

    List<List<String>> exactlyOne() {
        return exactlyOne;
    }

    boolean open() {
        return open;
    }

    /** The JSON schema (draft 2020-12), pretty enough to read. */
    public String json() {
        StringBuilder b = new StringBuilder("{\n  \"$schema\": \"https://json-schema.org/draft/2020-12/schema\",\n");
        b.append("  \"title\": ").append(Json.string(action)).append(",\n");
        b.append("  \"description\": ").append(Json.string(description)).append(",\n");
        b.append("  \"type\": \"object\"");
        if (open) {
            return b.append("\n}\n").toString();
        }
        b.append(",\n  \"properties\": {");
        String sep = "\n";
        for (Param<?> p : params.values()) {
            b.append(sep).append("    ").append(Json.string(p.name)).append(": ").append(Json.property(p));
            sep = ",\n";
        }
        b.append(params.isEmpty() ? "}" : "\n  }");
        List<String> required = params.values().stream().filter(p -> p.required).map(p -> Json.string(p.name)).toList();
        if (!required.isEmpty()) {
            b.append(",\n  \"required\": [").append(String.join(", ", required)).append("]");
        }
        for (List<String> group : exactlyOne) {
            b.append(",\n  \"oneOf\": [").append(String.join(", ",
                    group.stream().map(n -> "{\"required\": [" + Json.string(n) + "]}").toList())).append("]");
        }
        return b.append(",\n  \"additionalProperties\": false\n}\n").toString();
    }
}
