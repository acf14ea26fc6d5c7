package org.orrery.astro.sky.internal;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Object names as the catalog compares them: without case, accents, spaces or punctuation,
 * {@code Messier} as {@code M}, and without leading zeros of a number ({@code NGC0224} = {@code NGC 224}).
 */
final class Names {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_ALPHANUMERIC = Pattern.compile("[^a-z0-9]+");
    private static final Pattern LEADING_ZEROS = Pattern.compile("(?<=[a-z])0+(?=\\d)");

    private Names() {
    }

    static String key(String name) {
        String text = MARKS.matcher(Normalizer.normalize(name, Normalizer.Form.NFD)).replaceAll("").toLowerCase(Locale.ROOT);
        text = NOT_ALPHANUMERIC.matcher(text).replaceAll("");
        if (text.startsWith("messier")) {
            text = "m" + text.substring("messier".length());
        }
        return LEADING_ZEROS.matcher(text).replaceAll("");
    }
}
