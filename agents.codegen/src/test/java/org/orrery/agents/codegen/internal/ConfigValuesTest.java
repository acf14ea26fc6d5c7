package org.orrery.agents.codegen.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Hashtable;

import org.junit.jupiter.api.Test;

class ConfigValuesTest {

    @Test
    void readsPropertiesByTheirMetatypeNamesFromStringsOrTypedValuesElseTheDefaults() {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("base_url", "http://localhost:11434/v1");
        properties.put("request_timeout_s", "45");
        properties.put("retries", 5);
        properties.put("temperature", "0.7");
        properties.put("max_tokens", " ");
        CodegenComponent.Config config = ConfigValues.of(CodegenComponent.Config.class, properties);
        assertEquals("http://localhost:11434/v1", config.base__url());
        assertEquals(45, config.request__timeout__s());
        assertEquals(5, config.retries());
        assertEquals(0.7, config.temperature());
        assertEquals(2048, config.max__tokens(), "blank: the default");
        assertEquals("codegen", config.agent__id());
        assertEquals("codegen", ConfigValues.of(CodegenComponent.Config.class, null).agent__id(), "no configuration");
    }

    @Test
    void aValueOfTheWrongTypeNamesItsProperty() {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("max_backoff_s", "a minute");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfigValues.of(CodegenComponent.Config.class, properties));
        assertEquals("max_backoff_s: expected a whole number, found 'a minute'", e.getMessage());
    }
}
