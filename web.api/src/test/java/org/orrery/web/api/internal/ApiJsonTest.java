package org.orrery.web.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Request bodies are read strictly, and refusals speak of the document, not of Jackson. */
class ApiJsonTest {

    static String refusal(byte[] body) {
        return assertThrows(ApiJson.BadRequest.class, () -> ApiJson.read(new ByteArrayInputStream(body), 1 << 20))
                .getMessage();
    }

    static String refusal(String body) {
        return refusal(body.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] bytes(String before, int[] raw, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        for (int b : raw) {
            out.write(b);
        }
        out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    @Test
    void aRepeatedKeyIsRefusedNamingIt() {
        String message = refusal("{\"action\": \"system.fail\", \"action\": \"system.echo\"}");
        assertTrue(message.contains("the key 'action' appears twice"), message);
        assertTrue(refusal("{\"parameters\": {\"a\": 1, \"b\": {\"c\": 1, \"c\": 2}}}").contains("'c' appears twice"));
    }

    @Test
    void bytesThatAreNotStrictUtf8AreRefused() {
        for (int[] raw : List.of(new int[] { 0xC0, 0xAF }, new int[] { 0xED, 0xA0, 0x80 }, new int[] { 0xFF },
                new int[] { 0xE0, 0x80, 0xAF }, new int[] { 0xC3 })) {
            String message = refusal(bytes("{\"action\": \"system.echo\", \"id\": \"a", raw, "b\"}"));
            assertTrue(message.startsWith("the request body is not valid UTF-8: byte 35 "), message);
        }
        assertEquals("ü名", assertDoesNotRefuse("{\"x\": \"ü名\"}").get("x").textValue());
        assertEquals("ü名", assertDoesNotRefuse("\uFEFF{\"x\": \"ü名\"}").get("x").textValue(), "a byte order mark is ignored");
    }

    @Test
    void aLoneSurrogateIsRefusedNamingWhere() {
        assertTrue(refusal("{\"parameters\": {\"a\": [\"ok\", \"x\\ud800\"]}}").contains("'parameters.a[1]' holds a lone"));
        assertTrue(refusal("{\"name\": \"\\udc00\"}").contains("'name'"));
        String key = refusal("{\"\\ud800\": 1}");
        assertTrue(key.contains("surrogate"), key);
        assertEquals("😀", assertDoesNotRefuse("{\"x\": \"\\ud83d\\ude00\"}").get("x").textValue());
    }

    @Test
    void messagesNameTheLimitNotJackson() {
        Map<String, String> cases = Map.of(
                "[".repeat(40) + "]".repeat(40), "nested deeper than 32 levels",
                "{\"a\": " + "1".repeat(150) + "}", "a number is longer than 100 characters",
                "{\"a\": 1} {\"b\": 2}", "more follows the JSON document",
                "{\"a\": 1", "not valid JSON");
        cases.forEach((body, expected) -> {
            String message = refusal(body);
            assertTrue(message.contains(expected), body + " -> " + message);
            assertFalse(message.contains("`") || message.contains("jackson") || message.contains("Feature")
                    || message.contains("StreamReadConstraints"), message);
        });
    }

    static com.fasterxml.jackson.databind.JsonNode assertDoesNotRefuse(String body) {
        try {
            return ApiJson.read(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), 1 << 20);
        } catch (Exception e) {
            throw new AssertionError(body + " -> " + e, e);
        }
    }
}
