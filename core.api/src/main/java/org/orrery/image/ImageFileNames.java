package org.orrery.image;

import java.util.regex.Pattern;

/**
 * The names of image files: {@code <yyyy-MM-dd>/<file>} under the images folder, where a file name
 * has 1 to {@value #MAX_LENGTH} letters, digits, '.', '_' and '-', does not start with '.' and has
 * no "..". A writer builds names from {@link #part} pieces joined by '_' (and an extension), which
 * always gives such a name; the route that serves images accepts exactly these names.
 */
public final class ImageFileNames {

    /** The longest file name. */
    public static final int MAX_LENGTH = 200;

    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0," + (MAX_LENGTH - 1) + "}");
    private static final Pattern DATE_FOLDER = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

    private ImageFileNames() {
    }

    /** Whether {@code name} is an image file's name (no folder). */
    public static boolean isFileName(String name) {
        return name != null && FILE.matcher(name).matches() && !name.contains("..");
    }

    /** Whether {@code name} is a date folder's name, {@code yyyy-MM-dd}. */
    public static boolean isDateFolder(String name) {
        return name != null && DATE_FOLDER.matcher(name).matches();
    }

    /** Whether {@code path} is {@code <yyyy-MM-dd>/<file>}. */
    public static boolean isImagePath(String path) {
        int slash = path == null ? -1 : path.indexOf('/');
        return slash > 0 && isDateFolder(path.substring(0, slash)) && isFileName(path.substring(slash + 1));
    }

    /**
     * A piece of a file name made from any text: letters, digits and '-' kept, every other run of
     * characters becomes one '_', none at either end; at most {@code max} characters;
     * {@code fallback} when nothing is left.
     */
    public static String part(String text, int max, String fallback) {
        String s = text == null ? "" : text.replaceAll("[^A-Za-z0-9-]+", "_").replaceAll("^_+|_+$", "");
        if (s.length() > max) {
            s = s.substring(0, max).replaceAll("_+$", "");
        }
        return s.isEmpty() ? fallback : s;
    }
}
