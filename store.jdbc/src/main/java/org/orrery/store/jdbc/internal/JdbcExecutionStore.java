package org.orrery.store.jdbc.internal;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.orrery.task.ExecutionStore;
import org.orrery.task.TaskExecution;
import org.orrery.task.TaskStoreException;

/**
 * The {@link ExecutionStore} on a {@link TaskDatabase}: table {@code task_executions} (migration
 * V5), one row per attempt, key {@code (task_id, attempt)}, the execution as JSON
 * ({@link StoredTaskJson#writeExecution}). Writes are jobs of the database's writer (group commit
 * with the task saves); reads use its reader pool. No foreign key to {@code tasks}: the scheduler
 * saves a commit group's executions beside the group's task changes (from another thread, so that
 * both share a transaction), not after them; purge and retention delete executions explicitly.
 */
final class JdbcExecutionStore implements ExecutionStore {

    private static final String UPSERT = "INSERT INTO task_executions (task_id, attempt, executor_id, status, started_at,"
            + " ended_at, execution) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (task_id, attempt) DO UPDATE SET"
            + " executor_id = excluded.executor_id, status = excluded.status, started_at = excluded.started_at,"
            + " ended_at = excluded.ended_at, execution = excluded.execution";

    private final TaskDatabase db;
    private final StoredTaskJson json;

    JdbcExecutionStore(TaskDatabase db, StoredTaskJson json) {
        this.db = db;
        this.json = json;
    }

    /** An execution as its row: encoded before the writer's transaction, so a bad one fails alone. */
    private record Row(TaskExecution x, long started, Long ended, String text) {
    }

    @Override
    public void saveExecutions(Collection<TaskExecution> executions) throws TaskStoreException {
        List<Row> rows = new ArrayList<>(executions.size());
        for (TaskExecution x : executions) {
            try {
                rows.add(new Row(x, TimeKeys.nanos(x.startedAt()),
                        x.endedAt() == null ? null : TimeKeys.nanos(x.endedAt()), json.writeExecution(x)));
            } catch (ArithmeticException | IllegalArgumentException e) {
                throw new TaskStoreException("task store " + db.where() + ": execution " + x.id() + " cannot be stored: "
                        + e.getMessage(), e);
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        db.write(w -> {
            try (PreparedStatement ps = w.prepareStatement(UPSERT)) {
                for (Row row : rows) {
                    ps.setString(1, row.x().taskId());
                    ps.setInt(2, row.x().attempt());
                    ps.setString(3, row.x().executorId());
                    ps.setString(4, row.x().status().name());
                    ps.setLong(5, row.started());
                    if (row.ended() == null) {
                        ps.setNull(6, java.sql.Types.BIGINT);
                    } else {
                        ps.setLong(6, row.ended());
                    }
                    ps.setString(7, row.text());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        });
    }

    @Override
    public List<TaskExecution> executions(String taskId) throws TaskStoreException {
        return db.read(c -> {
            List<TaskExecution> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT attempt, execution FROM task_executions WHERE task_id = ? ORDER BY attempt")) {
                ps.setString(1, taskId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        try {
                            out.add(json.readExecution(rs.getString("execution")));
                        } catch (IOException | RuntimeException e) {
                            throw new SQLException("execution " + taskId + "/" + rs.getInt("attempt") + " cannot be read: "
                                    + e.getMessage(), e);
                        }
                    }
                }
            }
            return out;
        });
    }

    /** Removes the task, its tags and its executions, in one transaction. */
    @Override
    public void purge(String taskId) throws TaskStoreException {
        db.write(w -> {
            for (String sql : List.of("DELETE FROM task_executions WHERE task_id = ?", "DELETE FROM task_tags WHERE task_id = ?",
                    "DELETE FROM tasks WHERE id = ?")) {
                try (PreparedStatement ps = w.prepareStatement(sql)) {
                    ps.setString(1, taskId);
                    ps.executeUpdate();
                }
            }
        });
    }
}
