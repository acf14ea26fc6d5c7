package org.orrery.core.sequence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.orrery.sequence.SequenceProblem;

import com.networknt.schema.JsonSchema;

class SchemaCheckTest {

    @Test
    void aTextThatIsNoSchemaIsRefused() {
        SchemaCheck schemas = new SchemaCheck();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> schemas.compile("{\"type\": 12}"));
        assertTrue(e.getMessage().contains("no JSON schema"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> schemas.compile("{nope"));
    }

    @Test
    void problemsPointAtMembers() {
        JsonSchema schema = new SchemaCheck().compile("""
                {"type": "object", "properties": {"a": {"type": "object", "properties": {"b~/": {"type": "integer"}}}},
                 "required": ["c"], "additionalProperties": false}""");
        List<SequenceProblem> problems = SchemaCheck.check(schema, Map.of("a", Map.of("b~/", "x"), "d", 1), "/p");
        assertEquals(List.of("/p/a/b~0~1", "/p/c", "/p/d"), problems.stream().map(SequenceProblem::pointer).sorted().toList(),
                problems.toString());
    }

    /**
     * In OSGi the thread's context class loader does not see the networknt bundle's resources;
     * the meta-schema must load (and resolve its vocabularies) without it and without the network.
     */
    @Test
    void theMetaSchemaLoadsWithAForeignContextClassLoader() throws Exception {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                JsonSchema meta = SchemaCheck.loadMeta();
                outcome.set(SchemaCheck.check(meta, Map.of("type", 12, "properties", Map.of("a", Map.of("minimum", "x"))),
                        "").size());
            } catch (RuntimeException e) {
                outcome.set(e);
            }
        });
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            thread.setContextClassLoader(empty);
            thread.start();
            thread.join();
        }
        assertEquals(3, outcome.get(), String.valueOf(outcome.get()));
    }
}
