package org.orrery.store.jdbc.internal;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.orrery.task.TaskStatus;
import org.orrery.task.TaskTotals;

/**
 * The tasks' {@code execution_nanos} column (schema version 6): seed 003's statistics as one
 * aggregate query over it, and filling it in for the rows stored before it existed.
 */
final class ExecutionTimes {

    /** Rows filled in per transaction. */
    static final int BATCH = 500;

    private ExecutionTimes() {
    }

    /** Counts by status and the execution time of the COMPLETED and FAILED tasks; reads the index only. */
    static TaskTotals totals(Connection c) throws SQLException {
        Map<TaskStatus, Long> byStatus = new EnumMap<>(TaskStatus.class);
        long ran = 0;
        long nanos = 0;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT status, COUNT(*), SUM(execution_nanos) FROM tasks GROUP BY status");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                TaskStatus status = TaskStatus.valueOf(rs.getString(1));
                long count = rs.getLong(2);
                byStatus.put(status, count);
                if (status == TaskStatus.COMPLETED || status == TaskStatus.FAILED) {
                    ran += count;
                    nanos = saturatedAdd(nanos, rs.getLong(3));
                }
            }
        }
        return new TaskTotals(byStatus, ran, Duration.ofNanos(nanos));
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    /**
     * Fills {@code execution_nanos} of the rows that lack it (stored before version 6) from their
     * records, {@link #BATCH} rows per commit; a record that cannot be read counts 0. Found through
     * the partial index {@code tasks_untimed}: nothing to do costs one index look-up.
     *
     * @return how many rows were filled
     */
    static long backfill(Connection w, StoredTaskJson json) throws SQLException {
        boolean autoCommit = w.getAutoCommit();
        w.setAutoCommit(false);
        long filled = 0;
        try (PreparedStatement select = w.prepareStatement(
                "SELECT id, record FROM tasks WHERE execution_nanos IS NULL LIMIT " + BATCH);
                PreparedStatement update = w.prepareStatement("UPDATE tasks SET execution_nanos = ? WHERE id = ?")) {
            while (true) {
                List<String[]> rows = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new String[] { rs.getString(1), rs.getString(2) });
                    }
                }
                if (rows.isEmpty()) {
                    w.commit();
                    return filled;
                }
                for (String[] row : rows) {
                    long nanos;
                    try {
                        nanos = TimeKeys.executionNanos(json.read(row[1]));
                    } catch (IOException | RuntimeException unreadable) {
                        nanos = 0; // the store refuses to read it anyway; it must not be selected again
                    }
                    update.setLong(1, nanos);
                    update.setString(2, row[0]);
                    update.addBatch();
                }
                update.executeBatch();
                w.commit();
                filled += rows.size();
            }
        } catch (SQLException | RuntimeException e) {
            w.rollback();
            throw e;
        } finally {
            w.setAutoCommit(autoCommit);
        }
    }
}
