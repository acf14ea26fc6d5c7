package org.orrery.web.api.internal;

import java.util.LinkedHashSet;
import java.util.List;

import org.orrery.task.TaskUpdate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The body of {@code PATCH /tasks/{id}} (seed 004's {@code update_task}): {@code name},
 * {@code description}, {@code priority}, {@code metadata}, {@code tags}, each optional (absent or
 * null: unchanged); anything else, or nothing at all, is refused naming the field.
 */
final class TaskUpdateJson {

    static final List<String> FIELDS = List.of("name", "description", "priority", "metadata", "tags");

    private TaskUpdateJson() {
    }

    static TaskUpdate read(JsonNode body) throws ApiJson.BadRequest {
        if (body == null || !body.isObject()) {
            throw new ApiJson.BadRequest("the update must be a JSON object with some of " + FIELDS + ", found "
                    + ApiJson.kind(body));
        }
        ApiJson.known(body, FIELDS.toArray(String[]::new));
        String name = TaskApiJson.text(body, "name", "", false);
        if (name != null && name.isBlank()) {
            throw new ApiJson.BadRequest("'name' must not be empty; leave it out to keep the name");
        }
        TaskUpdate update = new TaskUpdate(name, TaskApiJson.text(body, "description", "", false),
                body.hasNonNull("priority") ? TaskApiJson.priority(body.get("priority"), "priority") : null,
                body.hasNonNull("metadata") ? TaskApiJson.object(body, "metadata", "") : null,
                body.hasNonNull("tags") ? new LinkedHashSet<>(TaskApiJson.strings(body, "tags", "")) : null);
        if (update.empty()) {
            throw new ApiJson.BadRequest("the update changes nothing: give at least one of " + FIELDS);
        }
        return update;
    }
}
