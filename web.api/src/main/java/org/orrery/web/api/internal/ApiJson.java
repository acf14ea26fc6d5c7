package org.orrery.web.api.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;

/**
 * The JSON of the API's request and response bodies: one object mapper, the reading of a body
 * and the errors it refuses with.
 */
final class ApiJson {

    static final int MAX_DEPTH = 32;
    static final int MAX_STRING_LENGTH = 1_000_000;
    static final int MAX_NUMBER_LENGTH = 100;
    static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(MAX_STRING_LENGTH).maxNumberLength(MAX_NUMBER_LENGTH).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false); // 2.0 stays 2.0, never the integer 2

    private ApiJson() {
    }

    /** Bad input: becomes a 400 with this message. */
    static class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }

    /**
     * Reads a JSON document of at most {@code limit} bytes, strictly: the bytes must be UTF-8
     * (no overlong forms, no encoded surrogates), no object may repeat a key, no string may hold
     * a lone surrogate, and nothing may follow the document.
     */
    static JsonNode read(InputStream body, int limit) throws BadRequest, IOException {
        return read(body.readNBytes(limit + 1), limit);
    }

    /** Reads a body already in memory (at most {@code limit} bytes, else a 413) as strictly as {@link #read(InputStream, int)}. */
    static JsonNode read(byte[] bytes, int limit) throws BadRequest {
        if (bytes.length > limit) {
            throw new TooLarge(limit);
        }
        if (bytes.length == 0) {
            throw new BadRequest("the request body is empty: send a JSON document");
        }
        return parse(utf8(bytes, "JSON"));
    }

    /** Parses a JSON text as strictly as {@link #read}. */
    static JsonNode parse(String text) throws BadRequest {
        JsonNode document;
        try {
            document = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new Malformed("the request body is not valid JSON: " + JsonErrors.describe(e),
                    e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                    e.getLocation() == null ? 0 : e.getLocation().getColumnNr());
        }
        String lone = JsonErrors.loneSurrogate(document, "");
        if (lone != null) {
            throw new BadRequest("the request body is not valid JSON: " + lone + " holds a lone UTF-16 surrogate (\\uD800 to"
                    + " \\uDFFF without its pair)");
        }
        return document;
    }

    /** The body as text, refusing anything that is not well-formed UTF-8 ({@code what} names the format). */
    static String utf8(byte[] bytes, String what) throws BadRequest {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw new BadRequest("the request body is not valid UTF-8: byte " + (in.position() + 1) + " starts a malformed"
                    + " sequence of " + result.length() + " byte(s); " + what + " must be UTF-8");
        }
        decoder.flush(out);
        String text = out.flip().toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text; // a byte order mark may be ignored (RFC 8259)
    }

    /** The body is not well-formed JSON: a 400 that knows where (1-based; 0 when unknown). */
    static final class Malformed extends BadRequest {
        private static final long serialVersionUID = 1L;
        final int line;
        final int column;

        Malformed(String message, int line, int column) {
            super(message);
            this.line = line;
            this.column = column;
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

    /** Refuses a field of {@code body} not among {@code fields}, naming it and the ones taken. */
    static void known(JsonNode body, String... fields) throws ApiJson.BadRequest {
        java.util.Set<String> allowed = java.util.Set.of(fields);
        for (java.util.Iterator<String> it = body.fieldNames(); it.hasNext();) {
            String name = it.next();
            if (!allowed.contains(name)) {
                throw new ApiJson.BadRequest("unknown field '" + name + "'; expected " + new java.util.TreeSet<>(allowed));
            }
        }
    }

    /** The string field of {@code body}; null when absent or null and not {@code required}, else a 400 naming it. */
    static String text(JsonNode body, String field, boolean required) throws ApiJson.BadRequest {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new ApiJson.BadRequest("'" + field + "' is required");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw new ApiJson.BadRequest("'" + field + "' must be a string, found " + ApiJson.kind(v));
        }
        return v.textValue();
    }
}
