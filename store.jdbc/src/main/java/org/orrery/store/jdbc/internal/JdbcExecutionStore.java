package org.orrery.store.jdbc.internal;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.orrery.task.ExecutionStore;
import org.orrery.task.TaskExecution;
import org.orrery.task.TaskStoreException;

/**
 * The {@link ExecutionStore} on a {@link TaskDatabase}: table {@code task_executions} (migration
 * V5), one row per attempt, key {@code (task_id, attempt)}, the execution as JSON
 * ({@link StoredTaskJson#writeExecution}). Writes are jobs of the database's writer (group commit
 * with the task saves); reads use its reader pool. No foreign key to {@code tasks}: the scheduler
 * saves an execution beside its task's change (from another thread, so that both share a
 * transaction), not after it; purge and retention delete executions explicitly.
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

    @Override
    public void saveExecution(TaskExecution x) throws TaskStoreException {
        String text;
        long started;
        Long ended;
        try {
            text = json.writeExecution(x);
            started = TaskDatabase.nanos(x.startedAt());
            ended = x.endedAt() == null ? null : TaskDatabase.nanos(x.endedAt());
        } catch (ArithmeticException | IllegalArgumentException e) {
            throw new TaskStoreException("task store " + db.where() + ": execution " + x.id() + " cannot be stored: "
                    + e.getMessage(), e);
        }
        db.write(w -> {
            try (PreparedStatement ps = w.prepareStatement(UPSERT)) {
                ps.setString(1, x.taskId());
                ps.setInt(2, x.attempt());
                ps.setString(3, x.executorId());
                ps.setString(4, x.status().name());
                ps.setLong(5, started);
                if (ended == null) {
                    ps.setNull(6, java.sql.Types.BIGINT);
                } else {
                    ps.setLong(6, ended);
                }
                ps.setString(7, text);
                ps.executeUpdate();
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
