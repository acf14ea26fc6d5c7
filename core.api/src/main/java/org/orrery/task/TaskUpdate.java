package org.orrery.task;

import java.util.Map;
import java.util.Set;

/**
 * Seed 004's {@code update_task}: what a user may change of a task that has not started
 * (PENDING, READY, PAUSED or RETRYING before its next attempt). Null leaves a field as it is.
 *
 * @param name a new name
 * @param description a new description
 * @param priority a new priority
 * @param metadata new metadata (replaces the old)
 * @param tags new tags (replace the old)
 */
public record TaskUpdate(String name, String description, Priority priority, Map<String, Object> metadata,
        Set<String> tags) {

    /** True when it changes nothing. */
    public boolean empty() {
        return name == null && description == null && priority == null && metadata == null && tags == null;
    }
}
