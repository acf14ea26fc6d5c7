package org.orrery.web.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.apache.felix.inventory.Format;
import org.junit.jupiter.api.Test;

class SecretMaskTest {

    @Test
    void textPropertiesThatAreSecretsAreMasked() {
        assertEquals("PID = org.orrery.store.jdbc\n  .password = ********\n  retention.days = 90\n",
                SecretMask.mask("PID = org.orrery.store.jdbc\n  .password = s3cret\n  retention.days = 90\n"));
        assertEquals("  Properties=\n    .password=********\n    component.id=26\n    api.Token=********\n",
                SecretMask.mask("  Properties=\n    .password=s3cret\n    component.id=26\n    api.Token=abc\n"));
        assertEquals("  client_secret = ********", SecretMask.mask("  client_secret = x y z"));
        // the codegen agent's language-model key
        assertEquals("    api_key = ********\n    base_url = http://llm:8000/v1\n",
                SecretMask.mask("    api_key = sk-abc123\n    base_url = http://llm:8000/v1\n"));
        assertEquals("  apiKey=********", SecretMask.mask("  apiKey=sk-abc"));
    }

    @Test
    void jsonPropertiesAndSecretsInsideValuesAreMasked() {
        assertEquals("{\".password\" : \"********\", \"user\" : \"o\"}", SecretMask.mask("{\".password\" : \"s3\\\"cret\", \"user\" : \"o\"}"));
        assertEquals("[\".password = ********\", \"a = b\"]", SecretMask.mask("[\".password = s3cret\", \"a = b\"]"));
        assertEquals("  url = jdbc:postgresql://db/orrery?user=o&password=********",
                SecretMask.mask("  url = jdbc:postgresql://db/orrery?user=o&password=hunter2"));
        assertEquals("  state = active\n  Bundle=org.orrery.auth (7)", SecretMask.mask("  state = active\n  Bundle=org.orrery.auth (7)"));
    }

    @Test
    void theStandInPrintsWhatTheOriginalPrintedMasked() {
        StringWriter out = new StringWriter();
        SecretMaskingPrinters.masking((pw, format, zip) -> pw.println("  .password = s3cret"))
                .print(new PrintWriter(out, true), Format.TEXT, false);
        assertEquals("  .password = ********" + System.lineSeparator(), out.toString());
    }
}
