package org.orrery.store.jdbc.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.orrery.task.TaskCursor;
import org.orrery.task.TaskQuery;

/**
 * The SELECT of one page of {@code GET /tasks}: a {@link TaskQuery}'s filters, its cursor and its
 * order as SQL with bound arguments (one row more than the page, to know whether another follows).
 */
record TaskListSql(String text, List<Object> args) {

    static TaskListSql of(TaskQuery query) {
    StringBuilder sql = new StringBuilder("SELECT id, record, created_at FROM tasks WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    if (!query.statuses().isEmpty()) {
        sql.append(" AND status IN (");
        query.statuses().stream().map(Enum::name).sorted().forEach(s -> {
            sql.append(args.isEmpty() ? "?" : ", ?");
            args.add(s);
        });
        sql.append(')');
    }
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
    sql.append(query.newestFirst() ? " ORDER BY created_at DESC, id DESC LIMIT ?" : " ORDER BY created_at, id LIMIT ?");
    args.add(query.limit() + 1);
        return new TaskListSql(sql.toString(), List.copyOf(args));
    }

    void bind(PreparedStatement ps) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            ps.setObject(i + 1, args.get(i));
        }
    }
}
