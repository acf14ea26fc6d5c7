package org.orrery.agents.codegen.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Lines of a file or a sum of files: code, comment (only comment) and blank. A line with code and
 * a comment counts as code. Strings are not parsed: a comment marker inside a string literal is
 * taken as a comment, which rarely matters for counts.
 */
record LineCounts(long code, long comment, long blank) {

    static final LineCounts ZERO = new LineCounts(0, 0, 0);

    long total() {
        return code + comment + blank;
    }

    LineCounts plus(LineCounts other) {
        return new LineCounts(code + other.code, comment + other.comment, blank + other.blank);
    }

    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("total", total());
        map.put("code", code);
        map.put("comment", comment);
        map.put("blank", blank);
        return map;
    }

    /** Counts the lines of {@code text} in {@code language}'s comment syntax. */
    static LineCounts count(String text, Language language) {
        long code = 0;
        long comment = 0;
        long blank = 0;
        boolean inBlock = false;
        String body = text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
                : text.endsWith("\n") || text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        if (text.isEmpty()) {
            return ZERO;
        }
        for (String raw : body.split("\r\n|\r|\n", -1)) {
            String line = raw.strip();
            if (line.isEmpty()) {
                if (inBlock) {
                    comment++;
                } else {
                    blank++;
                }
                continue;
            }
            LineKind kind = classify(line, language, inBlock);
            inBlock = kind.inBlockAfter;
            if (kind.hasCode) {
                code++;
            } else {
                comment++;
            }
        }
        return new LineCounts(code, comment, blank);
    }

    private record LineKind(boolean hasCode, boolean inBlockAfter) {
    }

    private static LineKind classify(String line, Language language, boolean inBlock) {
        boolean code = false;
        int i = 0;
        while (i < line.length()) {
            if (inBlock) {
                int end = line.indexOf(language.blockEnd(), i);
                if (end < 0) {
                    return new LineKind(code, true);
                }
                inBlock = false;
                i = end + language.blockEnd().length();
                continue;
            }
            String rest = line.substring(i);
            if (language.lineComments().stream().anyMatch(rest::startsWith)) {
                return new LineKind(code, false);
            }
            if (language.blockStart() != null && rest.startsWith(language.blockStart())) {
                inBlock = true;
                i += language.blockStart().length();
                continue;
            }
            if (!Character.isWhitespace(line.charAt(i))) {
                code = true;
            }
            i++;
        }
        return new LineKind(code, inBlock);
    }
}
