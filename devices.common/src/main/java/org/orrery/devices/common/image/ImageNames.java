package org.orrery.devices.common.image;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.orrery.image.ImageFileNames;

/**
 * Where a frame's files go: {@code <images>/<yyyy-MM-dd>/<object-or-type>_<task>_<nnn>.fits} and
 * the {@code .png} beside it, names that follow {@link ImageFileNames} (so {@code GET /images}
 * serves them). The date is the UTC date of the exposure start; {@code <task>} is the last 8
 * characters of a UUID task id (random in every version; the first 8 of the engine's time-ordered
 * ids are the same for every task of a minute), else the id made safe, with a hash of the id when making it safe
 * changed it (ids {@code a@b} and {@code a_b} differ); {@code nnn} is the frame's number in the
 * task, from 001. Should a name still be taken (a task run again), {@link ImageWriter} picks the
 * next free one: no file is ever replaced.
 */
public final class ImageNames {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private ImageNames() {
    }

    /** The date folder of a frame that started at {@code startedAt}. */
    public static Path folder(Path images, Instant startedAt) {
        return images.resolve(DAY.format(startedAt));
    }

    /** The name of frame {@code index} (1-based) without extension. */
    public static String base(String objectOrType, String taskId, int index) {
        return safe(objectOrType, 48, "frame") + "_" + task(taskId) + "_" + String.format(Locale.ROOT, "%03d", index);
    }

    /** The task part: the last 8 characters of a UUID, else the whole id made safe (at most 40 characters). */
    public static String task(String taskId) {
        String id = taskId == null ? "" : taskId.trim();
        if (id.matches("(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) {
            return id.substring(id.length() - 8).toLowerCase(Locale.ROOT);
        }
        String safe = safe(id, Integer.MAX_VALUE, "task");
        if (safe.length() > 40 || !safe.equals(id)) {
            safe = safe(safe, 31, "task") + "-" + String.format(Locale.ROOT, "%08x", id.hashCode());
        }
        return safe;
    }

    /** A file-name part ({@link ImageFileNames#part}): letters, digits and '-', other runs become one '_'. */
    public static String safe(String text, int max, String fallback) {
        return ImageFileNames.part(text == null ? null : text.trim(), max, fallback);
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
