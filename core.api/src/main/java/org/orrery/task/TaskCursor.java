package org.orrery.task;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.Objects;

/**
 * Where a task listing stopped: tasks are listed by creation time, then id, and a page's
 * {@link TaskPage#nextCursor()} is the key of its last task as text,
 * {@code <epochSecond>.<nano>:<id>}. Every {@link TaskStore} writes and reads this form, so a
 * cursor stays valid whichever store answers.
 *
 * @param createdAt the last listed task's creation time
 * @param id the last listed task's id
 */
public record TaskCursor(Instant createdAt, String id) {

    public TaskCursor {
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(id, "id");
    }

    /** The cursor after {@code task}. */
    public static TaskCursor after(TaskRecord task) {
        return new TaskCursor(task.createdAt(), task.id());
    }

    /**
     * Reads a cursor.
     *
     * @throws IllegalArgumentException when the text is not a cursor a listing gave
     */
    public static TaskCursor parse(String text) {
        int colon = text == null ? -1 : text.indexOf(':');
        int dot = text == null ? -1 : text.indexOf('.');
        if (colon < 0 || dot < 0 || dot > colon) {
            throw new IllegalArgumentException("not a task cursor: '" + text + "'");
        }
        try {
            Instant at = Instant.ofEpochSecond(Long.parseLong(text.substring(0, dot)),
                    Long.parseLong(text.substring(dot + 1, colon)));
            return new TaskCursor(at, text.substring(colon + 1));
        } catch (NumberFormatException | DateTimeException e) {
            throw new IllegalArgumentException("not a task cursor: '" + text + "'");
        }
    }

    @Override
    public String toString() {
        return createdAt.getEpochSecond() + "." + createdAt.getNano() + ":" + id;
    }
}
