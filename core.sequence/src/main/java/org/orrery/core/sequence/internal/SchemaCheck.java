package org.orrery.core.sequence.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.orrery.sequence.SequenceProblem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.ClasspathSchemaLoader;

/**
 * Values checked against JSON schemas (draft 2020-12) with the networknt validator; each schema
 * text is checked against the meta-schema, compiled once and kept. The validator's instance locations become JSON pointers; a
 * problem with a member (unknown, missing) points at the member.
 */
public final class SchemaCheck {

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder().build();
    private static final int MAX_CACHED = 512;
    /** Messages about a member of the object, which their pointer names: an unknown one, a missing one. */
    /** Keywords whose messages name what was expected but not what was found. */
    private static final java.util.Set<String> SAYS_NOT_WHAT_WAS_FOUND = java.util.Set.of("enum", "const", "minimum",
            "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "pattern", "format");
    private static final java.util.Set<String> CHILD_TYPES = java.util.Set.of("additionalProperties", "required");

    /**
     * The factory and the draft 2020-12 meta-schema (which networknt ships: no network needed),
     * made on the first compile, not when a SchemaCheck is made: that happens at start, and
     * loading them costs a cold JVM a few hundred milliseconds.
     */
    private static final class Loaded {
        static final JsonSchemaFactory FACTORY = newFactory();
        static final JsonSchema META = loadMeta();
    }

    private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();

    /**
     * The schema of a text, compiled once.
     *
     * @throws IllegalArgumentException the text is no usable schema
     */
    public JsonSchema compile(String schema) {
        JsonSchema known = compiled.get(schema);
        if (known != null) {
            return known;
        }
        JsonSchema fresh;
        try {
            JsonNode node = MAPPER.readTree(schema);
            List<SequenceProblem> wrong = check(Loaded.META, node, "");
            if (!wrong.isEmpty()) {
                throw new IllegalArgumentException("it is no JSON schema (draft 2020-12): " + wrong.get(0));
            }
            fresh = Loaded.FACTORY.getSchema(node, CONFIG);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("it is not JSON: " + e.getOriginalMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (compiled.size() >= MAX_CACHED) {
            compiled.clear();
        }
        compiled.put(schema, fresh);
        return fresh;
    }

    /**
     * A draft 2020-12 factory that reads the meta-schemas networknt ships through networknt's own
     * class loader: its default loader asks the thread's context class loader, which in OSGi does
     * not see the networknt bundle (the meta-schema then fails to load, or is fetched from the net).
     */
    static JsonSchemaFactory newFactory() {
        ClasspathSchemaLoader own = new ClasspathSchemaLoader(JsonSchemaFactory.class::getClassLoader);
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                builder -> builder.schemaLoaders(loaders -> loaders.values(list -> list.add(0, own))));
    }

    /** The draft 2020-12 meta-schema, loaded by a new factory. */
    static JsonSchema loadMeta() {
        return newFactory().getSchema(SchemaLocation.of(SpecVersion.VersionFlag.V202012.getId()));
    }

    /** The problems of {@code value} against the schema, with pointers below {@code prefix}, in the validator's order. */
    public static List<SequenceProblem> check(JsonSchema schema, Object value, String prefix) {
        JsonNode node = value instanceof JsonNode given ? given : MAPPER.valueToTree(value);
        List<SequenceProblem> problems = new ArrayList<>();
        for (ValidationMessage message : schema.validate(node)) {
            String pointer = prefix + pointer(message.getInstanceLocation());
            if (CHILD_TYPES.contains(message.getType()) && message.getProperty() != null) {
                pointer = Pointers.child(pointer, message.getProperty());
            }
            problems.add(new SequenceProblem(pointer, 0, 0, text(message)));
        }
        return problems;
    }

    /** The message without the location the validator puts in front of it, with what was found. */
    private static String text(ValidationMessage message) {
        String text = message.getMessage();
        String location = message.getInstanceLocation().toString();
        if (text.startsWith(location + ": ")) {
            text = text.substring(location.length() + 2);
        }
        JsonNode found = message.getInstanceNode();
        if (SAYS_NOT_WHAT_WAS_FOUND.contains(message.getType()) && found != null && found.isValueNode()) {
            String value = found.toString();
            text += "; found " + (value.length() > 60 ? value.substring(0, 60) + "…" : value);
        }
        return text;
    }

    /** A JSON pointer of the validator's path, whatever its path type. */
    static String pointer(JsonNodePath path) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            out.append(Pointers.child("", path.getElement(i)));
        }
        return out.toString();
    }
}
