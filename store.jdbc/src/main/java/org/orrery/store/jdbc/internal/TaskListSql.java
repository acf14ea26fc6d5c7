package org.orrery.store.jdbc.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.orrery.task.TaskCursor;
import org.orrery.task.TaskQuery;
import org.orrery.task.TaskStatus;

/**
 * The SELECT of one page of {@code GET /tasks}: a {@link TaskQuery}'s filters, its cursor and its
 * order as SQL with bound arguments (one row more than the page, to know whether another follows).
 *
 * <p>One status (or none) is one indexed walk in the page's order ({@code tasks_status_created} is
 * (status, created_at, id)), which stops after the page. Several statuses are one such walk per
 * status, each limited to the page, merged: {@code status IN (…)} with the order would make both
 * SQLite and PostgreSQL read and sort every task of those statuses for each page (on a million
 * tasks, hundreds of milliseconds; {@code TaskListSqlPlanTest} checks the plans).
 */
record TaskListSql(String text, List<Object> args) {

    private static final String COLUMNS = "id, record, created_at";

    static TaskListSql of(TaskQuery query) {
        List<TaskStatus> statuses = query.statuses().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList();
        String order = query.newestFirst() ? " ORDER BY created_at DESC, id DESC LIMIT ?" : " ORDER BY created_at, id LIMIT ?";
        List<Object> args = new ArrayList<>();
        if (statuses.size() <= 1) {
            StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM tasks WHERE 1 = 1");
            if (statuses.size() == 1) {
                sql.append(" AND status = ?");
                args.add(statuses.get(0).name());
            }
            filters(query, sql, args);
            sql.append(order);
            args.add(query.limit() + 1);
            return new TaskListSql(sql.toString(), List.copyOf(args));
        }
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < statuses.size(); i++) {
            sql.append(i == 0 ? "" : " UNION ALL ").append("SELECT " + COLUMNS + " FROM (SELECT " + COLUMNS
                    + " FROM tasks WHERE status = ?");
            args.add(statuses.get(i).name());
            filters(query, sql, args);
            sql.append(order).append(") AS s").append(i);
            args.add(query.limit() + 1);
        }
        sql.append(order);
        args.add(query.limit() + 1);
        return new TaskListSql(sql.toString(), List.copyOf(args));
    }

    /** The conditions but the status: the other filters and the cursor. */
    private static void filters(TaskQuery query, StringBuilder sql, List<Object> args) {
        if (query.action() != null) {
            sql.append(" AND action = ?");
            args.add(query.action());
        }
        if (query.tag() != null) {
            sql.append(" AND id IN (SELECT task_id FROM task_tags WHERE tag = ?)");
            args.add(query.tag());
        }
        if (query.assignedTo() != null) {
            sql.append(" AND assigned_to = ?");
            args.add(query.assignedTo());
        }
        if (query.module() != null) {
            sql.append(" AND module = ?");
            args.add(query.module());
        }
        if (query.createdFrom() != null) {
            sql.append(" AND created_at >= ?");
            args.add(TimeKeys.clampedNanos(query.createdFrom()));
        }
        if (query.createdTo() != null) {
            sql.append(" AND created_at < ?");
            args.add(TimeKeys.clampedNanos(query.createdTo()));
        }
        if (query.after() != null) {
            TaskCursor after = TaskCursor.parse(query.after());
            sql.append(query.newestFirst() ? " AND (created_at, id) < (?, ?)" : " AND (created_at, id) > (?, ?)");
            args.add(TimeKeys.clampedNanos(after.createdAt()));
            args.add(after.id());
        }
    }

    void bind(PreparedStatement ps) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            ps.setObject(i + 1, args.get(i));
        }
    }
}
