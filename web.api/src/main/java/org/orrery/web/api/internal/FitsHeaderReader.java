package org.orrery.web.api.internal;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The primary header of a FITS file, read from its first 2880-byte blocks up to the {@code END}
 * card (FITS 4.0, section 4): never the data. Each card becomes {@code key}, {@code value} and
 * {@code comment}: a quoted string as text ({@code ''} read as one quote, trailing blanks
 * dropped), {@code T}/{@code F} as a boolean, a number as a number, anything else (a complex
 * value) as its text; commentary cards ({@code COMMENT}, {@code HISTORY}, blank keys) have no
 * value and their text as the comment.
 */
final class FitsHeaderReader {

    static final int BLOCK = 2880;
    static final int CARD = 80;
    /** The most header blocks read: 36 cards each, far more than any camera writes. */
    static final int MAX_BLOCKS = 100;

    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
    private static final Pattern REAL = Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([EeDd][+-]?[0-9]+)?");

    /** A file that is not FITS, or whose header is cut short or too long; the message says which. */
    static final class NotFits extends Exception {
        private static final long serialVersionUID = 1L;

        NotFits(String message) {
            super(message);
        }
    }

    private FitsHeaderReader() {
    }

    /** The cards of the primary header, in file order, without {@code END}. */
    static List<Map<String, Object>> read(InputStream in) throws IOException, NotFits {
        List<Map<String, Object>> cards = new ArrayList<>();
        byte[] block = new byte[BLOCK];
        for (int b = 0; b < MAX_BLOCKS; b++) {
            int n = in.readNBytes(block, 0, BLOCK);
            String text = new String(block, 0, n, StandardCharsets.ISO_8859_1);
            if (b == 0 && !text.startsWith("SIMPLE  =")) {
                throw new NotFits("it does not begin with the card SIMPLE = T (found '"
                        + printable(text.substring(0, Math.min(10, n))) + "')");
            }
            for (int i = 0; i + CARD <= n; i += CARD) {
                String card = text.substring(i, i + CARD);
                if (!isAscii(card)) {
                    throw new NotFits("header card " + (cards.size() + 1) + " holds a character that is not printable ASCII");
                }
                String key = card.substring(0, 8).trim();
                if (key.equals("END")) {
                    return cards;
                }
                cards.add(card(key, card));
            }
            if (n < BLOCK) {
                throw new NotFits("its header ends after " + (b * BLOCK + n) + " bytes without an END card");
            }
        }
        throw new NotFits("no END card in its first " + MAX_BLOCKS + " header blocks");
    }

    private static Map<String, Object> card(String key, String card) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("key", key);
        if (!card.startsWith("= ", 8)) {
            out.put("value", null);
            out.put("comment", emptyToNull(card.substring(8).stripTrailing()));
            return out;
        }
        String rest = card.substring(10);
        String comment;
        Object value;
        String trimmed = rest.stripLeading();
        if (trimmed.startsWith("'")) {
            StringBuilder s = new StringBuilder();
            int i = 1;
            while (i < trimmed.length()) {
                char c = trimmed.charAt(i);
                if (c == '\'') {
                    if (i + 1 < trimmed.length() && trimmed.charAt(i + 1) == '\'') {
                        s.append('\'');
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                s.append(c);
                i++;
            }
            value = s.toString().stripTrailing();
            comment = afterSlash(trimmed.substring(i));
        } else {
            int slash = rest.indexOf('/');
            String raw = (slash < 0 ? rest : rest.substring(0, slash)).trim();
            comment = slash < 0 ? null : afterSlash(rest.substring(slash));
            value = raw.isEmpty() ? null : value(raw);
        }
        out.put("value", value);
        out.put("comment", comment);
        return out;
    }

    private static Object value(String raw) {
        if (raw.equals("T") || raw.equals("F")) {
            return raw.equals("T");
        }
        if (INTEGER.matcher(raw).matches()) {
            return new BigDecimal(raw).toBigIntegerExact();
        }
        if (REAL.matcher(raw).matches()) {
            return new BigDecimal(raw.replace('D', 'E').replace('d', 'E'));
        }
        return raw;
    }

    private static String afterSlash(String text) {
        int slash = text.indexOf('/');
        return slash < 0 ? null : emptyToNull(text.substring(slash + 1).strip());
    }

    private static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static boolean isAscii(String card) {
        for (int i = 0; i < card.length(); i++) {
            char c = card.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private static String printable(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            out.append(c >= 0x20 && c <= 0x7e ? c : '?');
        }
        return out.toString().stripTrailing();
    }
}
