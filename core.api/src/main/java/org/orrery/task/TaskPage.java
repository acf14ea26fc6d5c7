package org.orrery.task;

import java.util.List;

/**
 * One page of a task listing.
 *
 * @param tasks the tasks, oldest first
 * @param nextCursor pass as {@link TaskQuery#after(String)} for the next page; null on the last page
 */
public record TaskPage(List<TaskRecord> tasks, String nextCursor) {
    public TaskPage {
        tasks = List.copyOf(tasks);
    }
}
