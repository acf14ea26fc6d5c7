package org.orrery.actions.params;

import java.util.ArrayList;
import java.util.List;

/** Writes the JSON of a schema: strings, numbers and one property's declaration. */
final class Json {

    private Json() {
    }

    static String string(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
            case '"' -> b.append("\\\"");
            case '\\' -> b.append("\\\\");
            case '\n' -> b.append("\\n");
            case '\t' -> b.append("\\t");
            case '\r' -> b.append("\\r");
            default -> {
                if (c < 0x20) {
                    b.append(String.format("\\u%04x", (int) c));
                } else {
                    b.append(c);
                }
            }
            }
        }
        return b.append('"').toString();
    }

    static String value(Object v) {
        if (v instanceof String s) {
            return string(s);
        }
        if (v instanceof Double d) {
            return Parameters.plain(d);
        }
        return String.valueOf(v);
    }

    static String property(Param<?> p) {
        List<String> fields = new ArrayList<>();
        fields.add("\"type\": " + switch (p.kind) {
        case NUMBER -> "\"number\"";
        case INTEGER -> "\"integer\"";
        case STRING -> "\"string\"";
        case BOOLEAN -> "\"boolean\"";
        case STRING_OR_INTEGER -> "[\"string\", \"integer\"]";
        });
        if (p.values != null) {
            fields.add("\"enum\": [" + String.join(", ", p.values.stream().map(Json::string).toList()) + "]");
        }
        if (p.min != null) {
            fields.add((p.minExclusive ? "\"exclusiveMinimum\": " : "\"minimum\": ") + Parameters.plain(p.min));
        }
        if (p.max != null) {
            fields.add((p.maxExclusive ? "\"exclusiveMaximum\": " : "\"maximum\": ") + Parameters.plain(p.max));
        }
        if (p.minLength != null) {
            fields.add("\"minLength\": " + p.minLength);
        }
        if (p.maxLength != null) {
            fields.add("\"maxLength\": " + p.maxLength);
        }
        if (p.pattern != null) {
            fields.add("\"pattern\": " + string(p.pattern));
        } else if (p.minLength != null && p.kind == Param.Kind.STRING) {
            fields.add("\"pattern\": " + string(Param.NON_BLANK)); // as the reading: not blank
        }
        if (p.fallback != null) {
            fields.add("\"default\": " + value(p.fallback));
        }
        fields.add("\"description\": " + string(p.description));
        return "{" + String.join(", ", fields) + "}";
    }
}
