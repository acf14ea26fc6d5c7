package org.orrery.store.files.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.orrery.files.Compression;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.orrery.task.TaskParameterException;

/**
 * The parameters of a {@code storage} task (seed 002's metadata), read and checked. The
 * scheduler checks them against the JSON schema first; these checks repeat what the schema says
 * for a caller that skipped it.
 *
 * @param encoding text, base64 or json: how {@code data} is given and a read's data returned
 * @param timeout null when not given
 * @param retries -1 when not given
 */
record StorageRequest(String operation, String path, byte[] data, String encoding, Compression compression, boolean encrypt,
        boolean cache, boolean overwrite, Duration timeout, int retries, boolean recursive, int offset, int limit) {

    static final String ACTION = "storage";
    static final ObjectMapper JSON = new ObjectMapper();
    private static final String ENCODINGS = "text, base64 or json";
    private static final Set<String> TOP = Set.of("operation", "path", "data", "encoding", "recursive", "offset", "limit", "options");
    private static final Set<String> OPTIONS = Set.of("timeout", "retries", "compression", "encryption", "cache", "overwrite");

    static StorageRequest read(Map<String, Object> p) throws TaskParameterException {
        Map<String, Object> params = p == null ? Map.of() : p;
        unknown(params, TOP, "");
        String operation = string(params, "operation", "one of read, write, delete, list");
        if (operation == null || !Set.of("read", "write", "delete", "list").contains(operation)) {
            throw wrong("operation", "one of read, write, delete, list", params.get("operation"));
        }
        String path = string(params, "path", "a path relative to the store's root");
        if (path == null && !operation.equals("list")) {
            throw new TaskParameterException(ACTION + ": parameter 'path' is required for " + operation);
        }
        String encoding = string(params, "encoding", ENCODINGS);
        if (encoding != null && !Set.of("text", "base64", "json").contains(encoding)) {
            throw wrong("encoding", ENCODINGS, encoding);
        }
        encoding = encoding == null ? "text" : encoding;
        byte[] data = operation.equals("write") ? data(params.get("data"), encoding) : null;
        Object o = params.get("options");
        if (o != null && !(o instanceof Map)) {
            throw wrong("options", "an object", o);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> options = o == null ? Map.of() : (Map<String, Object>) o;
        unknown(options, OPTIONS, "options.");
        Object c = options.get("compression");
        Compression compression;
        if (c == null || Boolean.FALSE.equals(c)) {
            compression = Compression.NONE;
        } else if (Boolean.TRUE.equals(c)) {
            compression = Compression.GZIP;
        } else if (c instanceof String s && Set.of("none", "gzip", "zstd").contains(s)) {
            compression = Compression.parse(s);
        } else {
            throw wrong("options.compression", "true, false, \"none\", \"gzip\" or \"zstd\"", c);
        }
        Number timeout = number(options, "timeout");
        if (timeout != null && !(timeout.doubleValue() > 0 && timeout.doubleValue() <= 86_400)) {
            throw wrong("options.timeout", "seconds above 0, at most 86400", timeout);
        }
        long retries = whole(options, "options.", "retries", -1, 0, 100);
        return new StorageRequest(operation, path == null ? "" : path, data, encoding, compression,
                bool(options, "encryption", false), bool(options, "cache", true), bool(options, "overwrite", true),
                timeout == null ? null : Duration.ofNanos((long) (timeout.doubleValue() * 1e9)), (int) retries,
                bool(params, "recursive", false), (int) whole(params, "", "offset", 0, 0, Integer.MAX_VALUE),
                (int) whole(params, "", "limit", 100, 1, 1000));
    }

    /**
     * The bytes to write: a string as UTF-8 text (or decoded base64); an object or array, or a
     * string with {@code encoding: json}, as its JSON text in UTF-8.
     */
    private static byte[] data(Object value, String encoding) throws TaskParameterException {
        if (value == null) {
            throw new TaskParameterException(ACTION + ": parameter 'data' is required for write");
        }
        if (!(value instanceof String || value instanceof Map || value instanceof List)) {
            throw wrong("data", "a string (text, or base64 with encoding: base64), an object or an array", value);
        }
        if (encoding.equals("json") || !(value instanceof String)) {
            if (encoding.equals("base64")) {
                throw wrong("data", "a string of base64 (encoding: base64)", value);
            }
            try {
                return JSON.writeValueAsBytes(value);
            } catch (JsonProcessingException e) {
                throw new TaskParameterException(ACTION + ": parameter 'data' cannot be written as JSON: " + e.getOriginalMessage());
            }
        }
        String text = (String) value;
        try {
            return encoding.equals("base64") ? Base64.getDecoder().decode(text) : text.getBytes(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new TaskParameterException(ACTION + ": parameter 'data' must be base64 (encoding: base64), it is not: "
                    + e.getMessage());
        }
    }

    private static void unknown(Map<String, Object> values, Set<String> known, String prefix) throws TaskParameterException {
        for (String name : values.keySet()) {
            if (!known.contains(name)) {
                throw new TaskParameterException(ACTION + ": parameter '" + prefix + name + "' is not known; expected "
                        + String.join(", ", new java.util.TreeSet<>(known)));
            }
        }
    }

    private static String string(Map<String, Object> values, String name, String expected) throws TaskParameterException {
        Object v = values.get(name);
        if (v != null && !(v instanceof String)) {
            throw wrong(name, expected, v);
        }
        return (String) v;
    }

    private static boolean bool(Map<String, Object> values, String name, boolean otherwise) throws TaskParameterException {
        Object v = values.get(name);
        if (v == null) {
            return otherwise;
        }
        if (!(v instanceof Boolean b)) {
            throw wrong(name, "true or false", v);
        }
        return b;
    }

    private static Number number(Map<String, Object> values, String name) throws TaskParameterException {
        Object v = values.get(name);
        if (v != null && !(v instanceof Number)) {
            throw wrong("options." + name, "a number of seconds", v);
        }
        return (Number) v;
    }

    private static long whole(Map<String, Object> values, String prefix, String name, long otherwise, long min, long max)
            throws TaskParameterException {
        Object v = values.get(name);
        if (v == null) {
            return otherwise;
        }
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.doubleValue() < min
                || n.doubleValue() > max) {
            throw wrong(prefix + name, "a whole number from " + min + " to " + max, v);
        }
        return n.longValue();
    }

    private static TaskParameterException wrong(String name, String expected, Object found) {
        String shown = found instanceof String s ? "\"" + s + "\"" : String.valueOf(found);
        return new TaskParameterException(ACTION + ": parameter '" + name + "' must be " + expected + ", found " + shown);
    }
}
