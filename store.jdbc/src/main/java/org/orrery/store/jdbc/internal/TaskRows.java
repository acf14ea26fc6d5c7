package org.orrery.store.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.orrery.task.TaskRecord;
import org.orrery.task.TaskStoreException;

/**
 * The statements that write task rows and their tags, and remove finished ones: what the store's
 * writer runs in its transaction. The encoding of a record happens before, on the saving thread.
 */
final class TaskRows {

    private static final String UPSERT = "INSERT INTO tasks (id, status, action, created_at, revision, record, finished_at,"
            + " assigned_to, module, execution_nanos, tags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE"
            + " SET status = excluded.status, action = excluded.action, created_at = excluded.created_at,"
            + " revision = excluded.revision, record = excluded.record, finished_at = excluded.finished_at,"
            + " assigned_to = excluded.assigned_to, module = excluded.module, execution_nanos = excluded.execution_nanos,"
            + " tags = excluded.tags";

    /**
     * A task's row when what never changes in the scheduler (action, creation, module) and its tags
     * are as stored: only the columns a change can touch are named, so the indexes on the others
     * (by action, by creation, by module) are left alone, and its task_tags rows too.
     */
    private static final String UPDATE = "UPDATE tasks SET status = ?, revision = ?, record = ?, finished_at = ?,"
            + " assigned_to = ?, execution_nanos = ? WHERE id = ? AND action = ? AND created_at = ?"
            + " AND COALESCE(module, '') = ? AND tags = ?";

    /** One row to write, encoded in the caller's thread; {@code tags} is {@link #tagsKey}. */
    record Row(TaskRecord task, long createdAt, String json, String tags) {
    }

    private TaskRows() {
    }

    /**
     * The rows of these records (on the caller's thread, not the writer's): those prepared from
     * exactly these record objects as they were, the others encoded now.
     */
    static List<Row> encode(Collection<TaskRecord> tasks, StoredTaskJson json, PreparedRows prepared, String where)
            throws TaskStoreException {
        List<Row> rows = new ArrayList<>(tasks.size());
        for (TaskRecord task : tasks) {
            Row row = prepared.take(task);
            rows.add(row != null ? row : encode(task, json, where));
        }
        return rows;
    }

    /** One record's row, encoded now. */
    static Row encode(TaskRecord task, StoredTaskJson json, String where) throws TaskStoreException {
        try {
            return new Row(task, TimeKeys.nanos(task.createdAt()), json.write(task), tagsKey(task.spec().tags()));
        } catch (ArithmeticException | IllegalArgumentException e) {
            throw new TaskStoreException("task store " + where + ": task " + task.id() + " cannot be stored: "
                    + e.getMessage(), e);
        }
    }

    /** The tags as one text, each as its length, a colon and itself: equal texts, equal tags. */
    static String tagsKey(Collection<String> tags) {
        StringBuilder key = new StringBuilder();
        for (String tag : tags) {
            key.append(tag.length()).append(':').append(tag);
        }
        return key.toString();
    }

    /**
     * Writes these rows in the caller's transaction. A task already stored with the same action,
     * creation, module and tags (a status change: most saves) gets its changing columns updated,
     * nothing else; a new task (revision 0, or no such row) or one whose tags changed is upserted
     * whole and its tags replaced.
     *
     * @param inPlace whether a kept task's row is updated in place. On PostgreSQL it is not: the
     *        driver rewrites the batched upsert into one statement for the whole group
     *        ({@code reWriteBatchedInserts}), while batched updates stay one statement each, which
     *        made PostgreSQL's durable rate 14–22 % lower (docs/benchmarks.md)
     */
    static void write(Connection w, Collection<Row> rows, boolean inPlace) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        if (!inPlace) {
            upsert(w, rows);
            return;
        }
        List<Row> whole = new ArrayList<>();
        List<Row> changed = new ArrayList<>(rows.size());
        for (Row row : rows) {
            (row.task().revision() == 0 ? whole : changed).add(row);
        }
        if (!changed.isEmpty()) {
            try (PreparedStatement update = w.prepareStatement(UPDATE)) {
                for (Row row : changed) {
                    TaskRecord task = row.task();
                    update.setString(1, task.status().name());
                    update.setLong(2, task.revision());
                    update.setString(3, row.json());
                    setFinishedAt(update, 4, task);
                    update.setString(5, task.assignedTo());
                    update.setLong(6, TimeKeys.executionNanos(task));
                    update.setString(7, task.id());
                    update.setString(8, task.spec().action());
                    update.setLong(9, row.createdAt());
                    update.setString(10, task.spec().module() == null ? "" : task.spec().module());
                    update.setString(11, row.tags());
                    update.addBatch();
                }
                int[] counts = update.executeBatch();
                for (int i = 0; i < counts.length; i++) {
                    if (counts[i] != 1) {
                        whole.add(changed.get(i));
                    }
                }
            }
        }
        upsert(w, whole);
    }

    private static void setFinishedAt(PreparedStatement ps, int index, TaskRecord task) throws SQLException {
        if (task.status().isTerminal() && task.completedAt() != null) {
            ps.setLong(index, TimeKeys.clampedNanos(task.completedAt()));
        } else {
            ps.setNull(index, java.sql.Types.BIGINT);
        }
    }

    /** Upserts these rows whole and replaces their tags. */
    private static void upsert(Connection w, Collection<Row> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = w.prepareStatement(UPSERT);
                PreparedStatement untag = w.prepareStatement("DELETE FROM task_tags WHERE task_id = ?");
                PreparedStatement tag = w.prepareStatement(
                        "INSERT INTO task_tags (task_id, tag, created_at) VALUES (?, ?, ?)")) {
            boolean tags = false;
            for (Row row : rows) {
                TaskRecord task = row.task();
                upsert.setString(1, task.id());
                upsert.setString(2, task.status().name());
                upsert.setString(3, task.spec().action());
                upsert.setLong(4, row.createdAt());
                upsert.setLong(5, task.revision());
                upsert.setString(6, row.json());
                setFinishedAt(upsert, 7, task);
                upsert.setString(8, task.assignedTo());
                upsert.setString(9, task.spec().module());
                upsert.setLong(10, TimeKeys.executionNanos(task));
                upsert.setString(11, row.tags());
                upsert.addBatch();
                untag.setString(1, task.id());
                untag.addBatch();
                for (String t : task.spec().tags()) {
                    tag.setString(1, task.id());
                    tag.setString(2, t);
                    tag.setLong(3, row.createdAt());
                    tag.addBatch();
                    tags = true;
                }
            }
            upsert.executeBatch();
            untag.executeBatch();
            if (tags) {
                tag.executeBatch();
            }
        }
    }

    /** Removes the tasks that finished before {@code before} (epoch nanoseconds), their tags and executions. */
    static long purgeFinishedBefore(Connection w, long before) throws SQLException {
        try (PreparedStatement untagOld = w.prepareStatement("DELETE FROM task_tags WHERE task_id IN"
                + " (SELECT id FROM tasks WHERE finished_at IS NOT NULL AND finished_at < ?)");
                PreparedStatement forgetRuns = w.prepareStatement("DELETE FROM task_executions WHERE task_id IN"
                        + " (SELECT id FROM tasks WHERE finished_at IS NOT NULL AND finished_at < ?)");
                PreparedStatement purge = w.prepareStatement(
                        "DELETE FROM tasks WHERE finished_at IS NOT NULL AND finished_at < ?")) {
            untagOld.setLong(1, before);
            untagOld.executeUpdate();
            forgetRuns.setLong(1, before);
            forgetRuns.executeUpdate();
            purge.setLong(1, before);
            return purge.executeUpdate();
        }
    }
}
