package org.orrery.core.sequence.internal;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.orrery.sequence.DocumentFormat;
import org.orrery.sequence.SequenceProblem;
import org.orrery.sequence.SequenceValidationException;
import org.yaml.snakeyaml.LoaderOptions;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;

/**
 * Sequence documents as text: JSON or YAML read into Orrery's value model with the line and
 * column of every node, and written back. Guards against abuse: at most {@link #MAX_CHARS}
 * characters, nesting at most {@link #MAX_DEPTH} deep, no YAML anchors or aliases, no duplicate keys.
 */
public final class DocumentText {

    /** The longest text accepted: 4 MiB of characters. */
    public static final int MAX_CHARS = 4 * 1024 * 1024;
    /** The deepest nesting of objects and lists accepted. */
    public static final int MAX_DEPTH = 64;

    private static final StreamReadConstraints CONSTRAINTS = StreamReadConstraints.builder()
            .maxNestingDepth(MAX_DEPTH + 1).maxDocumentLength(MAX_CHARS * 4L).build();

    private static final JsonFactory JSON_FACTORY = JsonFactory.builder().streamReadConstraints(CONSTRAINTS).build();
    private static final YAMLFactory YAML_FACTORY = YAMLFactory.builder().loaderOptions(loaderOptions())
            .streamReadConstraints(CONSTRAINTS).disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .stringQuotingChecker(new NumberQuoting()).build();
    private static final ObjectMapper JSON_WRITER = new ObjectMapper(JSON_FACTORY)
            .enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper YAML_WRITER = new ObjectMapper(YAML_FACTORY);

    private DocumentText() {
    }

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(0);
        options.setCodePointLimit(MAX_CHARS + 1);
        options.setNestingDepthLimit(MAX_DEPTH + 1);
        return options;
    }

    /**
     * Reads a document: its top level must be an object.
     *
     * @throws SequenceValidationException the text is no document; every problem names its line and column
     */
    public static ParsedDocument parse(String text, DocumentFormat format) throws SequenceValidationException {
        Map<String, int[]> locations = new HashMap<>();
        Object value = read(text, format, locations);
        if (!(value instanceof Map<?, ?>)) {
            throw new SequenceValidationException(List.of(new SequenceProblem("", 1, 1,
                    "expected a document: an object with 'name' and the areas 'start', 'main', 'end'; found "
                            + Describe.kind(value))));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> document = (Map<String, Object>) value;
        return new ParsedDocument(document, locations);
    }

    /** Reads any JSON or YAML value with the locations of its nodes into {@code locations}. */
    static Object read(String text, DocumentFormat format, Map<String, int[]> locations)
            throws SequenceValidationException {
        if (text == null || text.isBlank()) {
            throw new SequenceValidationException(List.of(new SequenceProblem("", 0, 0,
                    "expected a " + format + " document, found an empty text")));
        }
        if (text.length() > MAX_CHARS) {
            throw new SequenceValidationException(List.of(new SequenceProblem("", 0, 0, "a document has at most "
                    + MAX_CHARS + " characters; found " + text.length())));
        }
        JsonFactory factory = format == DocumentFormat.YAML ? YAML_FACTORY : JSON_FACTORY;
        try (JsonParser parser = factory.createParser(text)) {
            Reader reader = new Reader(parser, locations);
            if (parser.nextToken() == null) {
                throw new SequenceValidationException(List.of(new SequenceProblem("", 0, 0,
                        "expected a " + format + " document, found no value")));
            }
            Object value = reader.value("", 0);
            if (parser.nextToken() != null) {
                reader.problems.add(reader.problem("", "more than one value in the text; a document is one object"));
            }
            if (!reader.problems.isEmpty()) {
                throw new SequenceValidationException(reader.problems);
            }
            return value;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            int line = at == null ? 0 : Math.max(at.getLineNr(), 0);
            int column = at == null ? 0 : Math.max(at.getColumnNr(), 0);
            throw new SequenceValidationException(List.of(new SequenceProblem("", line, column,
                    "not valid " + format + ": " + e.getOriginalMessage())));
        } catch (IOException | RuntimeException e) {
            throw new SequenceValidationException(List.of(new SequenceProblem("", 0, 0,
                    "not valid " + format + ": " + e.getMessage())));
        }
    }

    /** Walks the parser's tokens into values, recording locations and problems. */
    private static final class Reader {

        private final JsonParser parser;
        private final Map<String, int[]> locations;
        final List<SequenceProblem> problems = new ArrayList<>();

        Reader(JsonParser parser, Map<String, int[]> locations) {
            this.parser = parser;
            this.locations = locations;
        }

        SequenceProblem problem(String pointer, String message) {
            JsonLocation at = parser.currentTokenLocation();
            return new SequenceProblem(pointer, Math.max(at.getLineNr(), 0), Math.max(at.getColumnNr(), 0), message);
        }

        /** The value starting at the current token. */
        Object value(String pointer, int depth) throws IOException, SequenceValidationException {
            JsonLocation at = parser.currentTokenLocation();
            locations.putIfAbsent(pointer, new int[] {Math.max(at.getLineNr(), 0), Math.max(at.getColumnNr(), 0)});
            if (parser instanceof YAMLParser yaml && (yaml.isCurrentAlias() || yaml.getObjectId() != null)) {
                throw new SequenceValidationException(List.of(problem(pointer,
                        "YAML anchors and aliases (&name, *name) are not accepted in a document; write the value out")));
            }
            JsonToken token = parser.currentToken();
            switch (token) {
                case START_OBJECT:
                    return object(pointer, depth + 1);
                case START_ARRAY:
                    return array(pointer, depth + 1);
                case VALUE_STRING:
                    return parser.getText();
                case VALUE_TRUE:
                    return Boolean.TRUE;
                case VALUE_FALSE:
                    return Boolean.FALSE;
                case VALUE_NULL:
                    return null;
                case VALUE_NUMBER_INT:
                    return whole(parser.getBigIntegerValue());
                case VALUE_NUMBER_FLOAT:
                    return decimal(pointer);
                default:
                    throw new SequenceValidationException(List.of(problem(pointer, "unexpected " + token)));
            }
        }

        private Object decimal(String pointer) throws IOException, SequenceValidationException {
            try {
                return parser.getDecimalValue();
            } catch (NumberFormatException | JsonProcessingException e) {
                throw new SequenceValidationException(List.of(problem(pointer, "the number '" + parser.getText()
                        + "' is not finite; a document's numbers are finite")));
            }
        }

        private void deeper(String pointer, int depth) throws SequenceValidationException {
            if (depth > MAX_DEPTH) {
                throw new SequenceValidationException(List.of(problem(pointer, "objects and lists nest at most "
                        + MAX_DEPTH + " deep in a document")));
            }
        }

        private Map<String, Object> object(String pointer, int depth) throws IOException, SequenceValidationException {
            deeper(pointer, depth);
            Map<String, Object> map = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                String child = Pointers.child(pointer, key);
                boolean duplicate = map.containsKey(key);
                if (duplicate) {
                    problems.add(problem(child, "the key '" + key + "' appears twice in one object"));
                }
                parser.nextToken();
                Object value = value(child, depth);
                if (!duplicate) {
                    map.put(key, value);
                }
            }
            return map;
        }

        private List<Object> array(String pointer, int depth) throws IOException, SequenceValidationException {
            deeper(pointer, depth);
            List<Object> list = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                list.add(value(Pointers.child(pointer, list.size()), depth));
            }
            return list;
        }
    }

    /**
     * Quotes, besides what Jackson quotes, every string that starts like a number ({@code "10"},
     * {@code "1e3"}, {@code ".inf"}): with MINIMIZE_QUOTES alone Jackson writes them plain and they
     * come back as numbers.
     */
    private static final class NumberQuoting extends StringQuotingChecker.Default {

        private static final long serialVersionUID = 1L;

        @Override
        public boolean needToQuoteValue(String value) {
            return super.needToQuoteValue(value) || hasUnicodeLineBreak(value)
                    || !value.isEmpty() && (Character.isDigit(value.charAt(0)) || "+-.".indexOf(value.charAt(0)) >= 0);
        }

        @Override
        public boolean needToQuoteName(String name) {
            return super.needToQuoteName(name) || hasUnicodeLineBreak(name);
        }

        /**
         * NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR are line breaks to YAML: left to snakeyaml, a
         * string holding one is written plain or single-quoted across lines, and comes back with
         * the break folded into a space. Quoted by Jackson, it is double-quoted with escapes.
         */
        private static boolean hasUnicodeLineBreak(String text) {
            return text.indexOf('\u0085') >= 0 || text.indexOf('\u2028') >= 0 || text.indexOf('\u2029') >= 0;
        }
    }

    /** A whole number as the smallest of {@code Integer}, {@code Long}, {@code BigInteger} that holds it. */
    static Object whole(BigInteger value) {
        if (value.bitLength() < Integer.SIZE) {
            return value.intValue();
        }
        if (value.bitLength() < Long.SIZE) {
            return value.longValue();
        }
        return value;
    }

    /** Writes a value: JSON pretty-printed, or YAML. */
    public static String write(Object value, DocumentFormat format) {
        try {
            return (format == DocumentFormat.YAML ? YAML_WRITER : JSON_WRITER).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the value cannot be written as " + format + ": " + e.getOriginalMessage(), e);
        }
    }

    /** The same document in the other spelling. */
    public static String convert(String text, DocumentFormat from, DocumentFormat to) throws SequenceValidationException {
        return write(parse(text, from).document(), to);
    }
}
