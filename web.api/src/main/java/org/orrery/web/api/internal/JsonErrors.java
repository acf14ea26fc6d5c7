package org.orrery.web.api.internal;

import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * What is wrong with a JSON document, said in the API's words: the limit or the key, never
 * Jackson's class or feature names.
 */
final class JsonErrors {

    private static final Pattern DUPLICATE = Pattern.compile("Duplicate (?:field|Object property) '(.*)'", Pattern.DOTALL);

    private JsonErrors() {
    }

    /** The problem of a document Jackson refused, with its line and column. */
    static String describe(JsonProcessingException e) {
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        String what;
        Matcher duplicate = DUPLICATE.matcher(original);
        if (duplicate.find()) {
            what = "the key '" + ApiJson.shorten(duplicate.group(1)) + "' appears twice in one object";
        } else if (e instanceof StreamConstraintsException) {
            what = original.contains("nesting depth") ? "it is nested deeper than " + ApiJson.MAX_DEPTH + " levels"
                    : original.contains("Number") ? "a number is longer than " + ApiJson.MAX_NUMBER_LENGTH + " characters"
                    : original.contains("String") ? "a string is longer than " + ApiJson.MAX_STRING_LENGTH + " characters"
                    : "it is larger than this API accepts";
        } else if (original.startsWith("Trailing token")) {
            what = "more follows the JSON document; send exactly one JSON value";
        } else if (original.contains("`") || original.contains("com.fasterxml") || original.isBlank()) {
            what = "it is not well-formed JSON";
        } else {
            what = original;
        }
        return what + (e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
    }

    /** Where in {@code node} a key or string holds a lone surrogate ({@code 'a.b[2]'}), or null. */
    static String loneSurrogate(JsonNode node, String at) {
        if (node.isTextual()) {
            return broken(node.textValue()) ? "'" + (at.isEmpty() ? "the document" : at) + "'" : null;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = loneSurrogate(node.get(i), at + "[" + i + "]");
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                String path = at.isEmpty() ? field.getKey() : at + "." + field.getKey();
                if (broken(field.getKey())) {
                    return "a key in '" + (at.isEmpty() ? "the document" : at) + "'";
                }
                String found = loneSurrogate(field.getValue(), path);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static boolean broken(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
