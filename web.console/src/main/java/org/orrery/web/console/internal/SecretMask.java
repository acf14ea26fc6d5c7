package org.orrery.web.console.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets in the text the Web Console's status printers write. A property is a secret
 * when its name starts with {@code .} (Config Admin's private properties, such as the task
 * store's {@code .password}) or contains password, passwd, secret, token, credential, api_key, private_key or
 * encryption_key (any case, the underscore optional); its
 * value becomes {@value #MASK} in {@code name = value} and {@code name=value} lines (text) and
 * in {@code "name" : value} pairs (JSON). {@code password=…} inside a value (a JDBC URL) is
 * masked too.
 */
final class SecretMask {

    static final String MASK = "********";

    private static final String SECRET_NAME = "(?:\\.[\\w.\\-]+|[\\w.\\-]*(?i:password|passwd|secret|token|credential|api_?key|private_?key|encryption_?key)[\\w.\\-]*)";
    /** {@code   name = value} or {@code   name=value} on a line of its own. */
    private static final Pattern TEXT_PROPERTY = Pattern.compile("(?m)^(\\s*" + SECRET_NAME + "\\s*=\\s*)(?!\\[)\\S.*$");
    /** {@code "name" : "value"} or {@code "name":value} in JSON. */
    private static final Pattern JSON_PROPERTY = Pattern.compile(
            "(\"" + SECRET_NAME + "\"\\s*:\\s*)(\"(?:[^\"\\\\]|\\\\.)*\"|[^,}\\]\\s]+)");
    /** {@code "name = value"} or {@code "name=value"} as one JSON string (how some printers list properties). */
    private static final Pattern JSON_STRING_PROPERTY = Pattern.compile("(\"\\s*" + SECRET_NAME + "\\s*=\\s*)((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern SECRET_IN_VALUE = Pattern.compile("(?i)((?:password|passwd|pwd|secret|token)=)[^&;\\s\"]+");

    private SecretMask() {
    }

    static String mask(String text) {
        String masked = replace(TEXT_PROPERTY, text, "$1" + MASK);
        masked = replace(JSON_PROPERTY, masked, "$1\"" + MASK + "\"");
        masked = replace(JSON_STRING_PROPERTY, masked, "$1" + MASK + "\"");
        return replace(SECRET_IN_VALUE, masked, "$1" + MASK);
    }

    private static String replace(Pattern pattern, String text, String replacement) {
        Matcher m = pattern.matcher(text);
        return m.find() ? m.replaceAll(replacement) : text;
    }
}
