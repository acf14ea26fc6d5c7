package org.orrery.web.console.internal;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Which names under the dashboard's folder may be served, and as what. */
final class DashboardFiles {

    /** Folders and file names of letters, digits, '.', '_' and '-', with a known extension; no "..", no hidden file. */
    private static final Pattern NAME = Pattern.compile("([A-Za-z0-9_-][A-Za-z0-9._-]*/)*[A-Za-z0-9_-][A-Za-z0-9._-]*");

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html;charset=utf-8",
            "js", "text/javascript;charset=utf-8",
            "css", "text/css;charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "json", "application/json",
            "txt", "text/plain;charset=utf-8");

    private DashboardFiles() {
    }

    static boolean isServable(String name) {
        return name.length() <= 200 && NAME.matcher(name).matches() && !name.contains("..") && TYPES.containsKey(extension(name));
    }

    static String contentType(String name) {
        return TYPES.getOrDefault(extension(name), "application/octet-stream");
    }

    /** The name as it may be echoed in a plain-text answer: printable ASCII only, at most 200 characters. */
    static String printable(String name) {
        String shown = name.length() > 200 ? name.substring(0, 200) + "…" : name;
        return shown.replaceAll("[^\\x20-\\x7E…]", "?");
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
