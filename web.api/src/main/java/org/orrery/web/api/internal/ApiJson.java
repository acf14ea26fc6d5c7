package org.orrery.web.api.internal;

import java.io.IOException;
import java.io.InputStream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The JSON of the API's request and response bodies: one object mapper, the reading of a body
 * and the errors it refuses with.
 */
final class ApiJson {

    static final int MAX_DEPTH = 32;
    static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(1_000_000).maxNumberLength(100).build())
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private ApiJson() {
    }

    /** Bad input: becomes a 400 with this message. */
    static class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }

    /** Reads a JSON document of at most {@code limit} bytes. */
    static JsonNode read(InputStream body, int limit) throws BadRequest, IOException {
        byte[] bytes = body.readNBytes(limit + 1);
        if (bytes.length > limit) {
            throw new TooLarge(limit);
        }
        if (bytes.length == 0) {
            throw new BadRequest("the request body is empty: send a JSON document");
        }
        try {
            return MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new BadRequest("the request body is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ")"));
        }
    }

    /** The body was larger than allowed: becomes a 413. */
    static final class TooLarge extends BadRequest {
        private static final long serialVersionUID = 1L;

        TooLarge(int limit) {
            super("the request body is larger than the limit of " + limit + " bytes");
        }
    }

    static String kind(JsonNode v) {
        if (v == null || v.isNull()) {
            return "null";
        }
        if (v.isTextual()) {
            return "the string \"" + shorten(v.textValue()) + "\"";
        }
        if (v.isNumber()) {
            return "the number " + v;
        }
        if (v.isBoolean()) {
            return v.toString();
        }
        return v.isArray() ? "an array" : "an object";
    }

    /** A text cut to 40 characters, for a message. */
    static String shorten(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
