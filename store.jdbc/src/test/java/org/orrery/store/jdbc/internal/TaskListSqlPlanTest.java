package org.orrery.store.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.task.TaskCursor;
import org.orrery.task.TaskQuery;
import org.orrery.task.TaskStatus;

/**
 * SQLite's plan of every status listing the API offers ({@code GET /tasks?status=…}, oldest or
 * newest first, first page or after a cursor): one indexed walk in the page's order that stops
 * after the page, never a sort of every task of the status (on a million tasks that is hundreds of
 * milliseconds per page). The schema has no statistics (no ANALYZE), as in production, so the plan
 * does not depend on the rows.
 */
class TaskListSqlPlanTest {

    @TempDir
    Path dir;

    private static final String CURSOR = new TaskCursor(Instant.parse("2026-01-01T00:00:00Z"), "t-1").toString();

    private static TaskQuery query(Set<TaskStatus> statuses, boolean newest, String after) {
        return new TaskQuery(statuses, null, null, null, null, after, 100, newest, null, null);
    }

    private List<String> plan(Connection c, TaskListSql sql) throws Exception {
        List<String> lines = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN QUERY PLAN " + sql.text())) {
            sql.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lines.add(rs.getString("detail"));
                }
            }
        }
        return lines;
    }

    @Test
    void everyStatusListingWalksTheStatusIndexInThePagesOrder() throws Exception {
        Path file = dir.resolve("tasks.db");
        TaskDatabases.openSqlite(file, 1).close(); // the schema of every migration
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            for (TaskStatus status : TaskStatus.values()) {
                for (boolean newest : new boolean[] {false, true}) {
                    for (String after : new String[] {null, CURSOR}) {
                        List<String> plan = plan(c, TaskListSql.of(query(Set.of(status), newest, after)));
                        String where = status + (newest ? " newest" : " oldest") + (after == null ? "" : " after a cursor")
                                + ": " + plan;
                        assertEquals(1, plan.size(), where);
                        assertTrue(plan.get(0).startsWith("SEARCH tasks USING INDEX tasks_status_created (status=?"), where);
                        if (after != null) {
                            assertTrue(plan.get(0).contains("(created_at,id)"), "the cursor bounds the walk: " + where);
                        }
                    }
                }
            }
        }
    }

    /** Several statuses: one indexed walk per status, each at most a page, merged; no sort of all their tasks. */
    @Test
    void severalStatusesAreOneWalkEachNotASortOfAllTheirTasks() throws Exception {
        Path file = dir.resolve("tasks.db");
        TaskDatabases.openSqlite(file, 1).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            for (Set<TaskStatus> statuses : List.of(EnumSet.of(TaskStatus.FAILED, TaskStatus.CANCELLED),
                    EnumSet.of(TaskStatus.PENDING, TaskStatus.READY, TaskStatus.RUNNING), EnumSet.allOf(TaskStatus.class))) {
                for (boolean newest : new boolean[] {false, true}) {
                    List<String> plan = plan(c, TaskListSql.of(query(statuses, newest, CURSOR)));
                    long walks = plan.stream().filter(l -> l.startsWith("SEARCH tasks USING INDEX tasks_status_created (status=?"))
                            .count();
                    assertEquals(statuses.size(), walks, statuses + ": " + plan);
                    assertFalse(plan.stream().anyMatch(l -> l.startsWith("SCAN tasks")),
                            statuses + ": " + plan);
                    assertTrue(plan.get(0).startsWith("MERGE"), "the walks are merged in the page's order: " + plan);
                }
            }
        }
    }

    /**
     * The module and agent filters, and the retention's purge, read their indexes, which hold only the tasks
     * with a value (partial since schema V9): the bound value must be enough for SQLite to use them.
     */
    @Test
    void theFiltersOnColumnsThatMayBeNullReadTheirPartialIndexes() throws Exception {
        Path file = dir.resolve("tasks.db");
        TaskDatabases.openSqlite(file, 1).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            for (boolean newest : new boolean[] {false, true}) {
                TaskQuery all = query(Set.of(), newest, CURSOR);
                List<String> byModule = plan(c, TaskListSql.of(all.withModule("static_analysis")));
                assertTrue(byModule.get(0).startsWith("SEARCH tasks USING INDEX tasks_module_created (module=?"), byModule.toString());
                List<String> byAgent = plan(c, TaskListSql.of(all.withAssignedTo("agent-7")));
                assertTrue(byAgent.get(0).startsWith("SEARCH tasks USING INDEX tasks_assigned_created (assigned_to=?"),
                        byAgent.toString());
                assertFalse(byModule.toString().contains("TEMP B-TREE") || byAgent.toString().contains("TEMP B-TREE"),
                        byModule + " " + byAgent);
            }
            List<String> purge = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "EXPLAIN QUERY PLAN SELECT id FROM tasks WHERE finished_at IS NOT NULL AND finished_at < ?")) {
                ps.setLong(1, 1);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        purge.add(rs.getString("detail"));
                    }
                }
            }
            assertTrue(purge.get(0).contains("INDEX tasks_finished"), purge.toString());
        }
    }
}
