package org.orrery.task;

import java.time.Instant;
import java.util.Set;

/**
 * Which tasks to list, and one page of them, oldest first (or newest first). Paging is by key:
 * pass the {@link TaskPage#nextCursor()} of a page as {@code after} to get the next one, which
 * continues in the same order.
 *
 * @param statuses only these statuses (empty: all)
 * @param action only this action (null: all)
 * @param tag only tasks with this tag (null: all)
 * @param createdFrom only tasks created at or after this time (null: no bound)
 * @param createdTo only tasks created before this time (null: no bound)
 * @param after the cursor of the previous page (null: the first page)
 * @param limit the most tasks in one page (1 to 1000)
 * @param newestFirst list by creation time descending (then id descending) instead of ascending
 * @param assignedTo only tasks run (or running, or to run) on this agent (null: all)
 * @param module only tasks of this seed 003 module ({@link TaskSpec#module()}; null: all)
 */
public record TaskQuery(Set<TaskStatus> statuses, String action, String tag, Instant createdFrom, Instant createdTo,
        String after, int limit, boolean newestFirst, String assignedTo, String module) {

    public static final int MAX_LIMIT = 1000;

    public TaskQuery {
        statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
    }

    /** A query of every module's tasks. */
    public TaskQuery(Set<TaskStatus> statuses, String action, String tag, Instant createdFrom, Instant createdTo,
            String after, int limit, boolean newestFirst, String assignedTo) {
        this(statuses, action, tag, createdFrom, createdTo, after, limit, newestFirst, assignedTo, null);
    }

    /** A query of every agent's tasks. */
    public TaskQuery(Set<TaskStatus> statuses, String action, String tag, Instant createdFrom, Instant createdTo,
            String after, int limit, boolean newestFirst) {
        this(statuses, action, tag, createdFrom, createdTo, after, limit, newestFirst, null);
    }

    /** A query listing oldest first. */
    public TaskQuery(Set<TaskStatus> statuses, String action, String tag, Instant createdFrom, Instant createdTo,
            String after, int limit) {
        this(statuses, action, tag, createdFrom, createdTo, after, limit, false);
    }

    /** Every task, first page of 100. */
    public static TaskQuery all() {
        return new TaskQuery(Set.of(), null, null, null, null, null, 100);
    }

    public static TaskQuery byStatus(TaskStatus... statuses) {
        return new TaskQuery(Set.of(statuses), null, null, null, null, null, 100);
    }

    public TaskQuery withLimit(int newLimit) {
        return new TaskQuery(statuses, action, tag, createdFrom, createdTo, after, newLimit, newestFirst, assignedTo, module);
    }

    public TaskQuery after(String cursor) {
        return new TaskQuery(statuses, action, tag, createdFrom, createdTo, cursor, limit, newestFirst, assignedTo, module);
    }

    /** This query listing newest first ({@code true}) or oldest first; from its first page. */
    public TaskQuery withNewestFirst(boolean newest) {
        return new TaskQuery(statuses, action, tag, createdFrom, createdTo, null, limit, newest, assignedTo, module);
    }

    /** This query for one agent's tasks (null: every agent's); from its first page. */
    public TaskQuery withAssignedTo(String agentId) {
        return new TaskQuery(statuses, action, tag, createdFrom, createdTo, null, limit, newestFirst, agentId, module);
    }

    /** This query for one module's tasks (null: every module's); from its first page. */
    public TaskQuery withModule(String value) {
        return new TaskQuery(statuses, action, tag, createdFrom, createdTo, null, limit, newestFirst, assignedTo, value);
    }

    /** Whether a task matches the filters (not the page). */
    public boolean matches(TaskRecord task) {
        return (statuses.isEmpty() || statuses.contains(task.status()))
                && (action == null || action.equals(task.spec().action()))
                && (tag == null || task.spec().tags().contains(tag))
                && (createdFrom == null || !task.createdAt().isBefore(createdFrom))
                && (createdTo == null || task.createdAt().isBefore(createdTo))
                && (assignedTo == null || assignedTo.equals(task.assignedTo()))
                && (module == null || module.equals(task.spec().module()));
    }
}
