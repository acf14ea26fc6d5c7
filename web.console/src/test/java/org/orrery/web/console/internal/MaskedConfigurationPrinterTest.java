package org.orrery.web.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MaskedConfigurationPrinterTest {

    @Test
    void secretsAreMaskedByNameAndInsideValues() {
        assertEquals("********", MaskedConfigurationPrinter.shown(".password", "change-me"));
        assertEquals("********", MaskedConfigurationPrinter.shown(".anything", "x"));
        assertEquals("********", MaskedConfigurationPrinter.shown("api.Token", "x"));
        assertEquals("********", MaskedConfigurationPrinter.shown("client_secret", "x"));
        assertEquals("********", MaskedConfigurationPrinter.shown("db.Password", "x"));
        assertEquals("jdbc:postgresql://db/orrery?user=o&password=********",
                MaskedConfigurationPrinter.shown("url", "jdbc:postgresql://db/orrery?user=o&password=hunter2"));
        assertEquals("orrery", MaskedConfigurationPrinter.shown("user", "orrery"));
        assertEquals("[L, R, G]", MaskedConfigurationPrinter.shown("filters", new String[] {"L", "R", "G"}));
    }
}
