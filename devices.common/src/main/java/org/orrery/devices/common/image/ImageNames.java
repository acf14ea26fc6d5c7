package org.orrery.devices.common.image;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Where a frame's files go: {@code <images>/<yyyy-MM-dd>/<object-or-type>_<task>_<nnn>.fits} and
 * the {@code .png} beside it. The date is the UTC date of the exposure start; {@code <task>} is
 * the first 8 characters of a UUID task id, or the whole id (made safe) otherwise, so that two
 * tasks never share a name; {@code nnn} is the frame's number in the task, from 001. A task run
 * again writes the same names (its files are replaced, not duplicated).
 */
public final class ImageNames {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private ImageNames() {
    }

    /** The FITS file of frame {@code index} (1-based). */
    public static Path fits(Path images, Instant startedAt, String objectOrType, String taskId, int index) {
        return images.resolve(DAY.format(startedAt)).resolve(base(objectOrType, taskId, index) + ".fits");
    }

    /** The PNG preview beside a FITS file. */
    public static Path png(Path fits) {
        String name = fits.getFileName().toString();
        return fits.resolveSibling(name.substring(0, name.length() - ".fits".length()) + ".png");
    }

    public static String base(String objectOrType, String taskId, int index) {
        return safe(objectOrType, 48, "frame") + "_" + task(taskId) + "_" + String.format(Locale.ROOT, "%03d", index);
    }

    /** The task part: 8 characters of a UUID, else the whole id made safe (at most 40 characters). */
    public static String task(String taskId) {
        String id = taskId == null ? "" : taskId.trim();
        if (id.matches("(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) {
            return id.substring(0, 8).toLowerCase(Locale.ROOT);
        }
        String safe = safe(id, Integer.MAX_VALUE, "task");
        if (safe.length() > 40) {
            safe = safe.substring(0, 31) + "-" + String.format(Locale.ROOT, "%08x", id.hashCode());
        }
        return safe;
    }

    /**
     * A file-name part: letters, digits, '.', '-' and '+' kept, any other run of characters
     * becomes one '_'; no leading dot; at most {@code max} characters; {@code fallback} if empty.
     */
    public static String safe(String text, int max, String fallback) {
        String s = text == null ? "" : text.trim().replaceAll("[^A-Za-z0-9.+-]+", "_");
        s = s.replaceAll("^[._]+", "").replaceAll("_+$", "");
        if (s.length() > max) {
            s = s.substring(0, max);
        }
        return s.isEmpty() ? fallback : s;
    }

    /** A path for a task result: relative to {@code home} with '/' separators when inside it, else absolute. */
    public static String forResult(Path home, Path file) {
        Path abs = file.toAbsolutePath().normalize();
        if (abs.startsWith(home)) {
            return home.relativize(abs).toString().replace('\\', '/');
        }
        return abs.toString();
    }
}
