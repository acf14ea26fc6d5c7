package org.orrery.web.api.internal;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.orrery.task.TaskEvent;

/**
 * Which events a client of the stream wants, from its query string: {@code task_id=<id>} (may
 * repeat) and {@code type=task_completed} (may repeat or list several, comma-separated). An empty
 * set means every task, or every type.
 *
 * @param taskIds the tasks whose events are sent, or empty for all
 * @param types the event types sent ({@code task_started}...), or empty for all
 */
record EventStreamFilter(Set<String> taskIds, Set<String> types) {

    static final String TASK_ID = "task_id";
    static final String TYPE = "type";
    /** The most task ids one connection may ask for. */
    static final int MAX_TASK_IDS = 1000;
    /** The longest task id accepted. */
    static final int MAX_TASK_ID_LENGTH = 200;
    /** Every event type a client may ask for: seed 001's task event types. */
    static final Set<String> KNOWN_TYPES = Arrays.stream(TaskEvent.Type.values()).map(TaskEvent.Type::id)
            .collect(Collectors.toCollection(LinkedHashSet::new));

    /** Every event. */
    static final EventStreamFilter ALL = new EventStreamFilter(Set.of(), Set.of());

    EventStreamFilter {
        taskIds = Set.copyOf(taskIds);
        types = Set.copyOf(types);
    }

    /** A query string the stream cannot serve; the message names the parameter and the value. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message);
        }
    }

    /** True when an event of {@code type} about {@code taskId} is to be sent. */
    boolean matches(String type, String taskId) {
        return (types.isEmpty() || type != null && types.contains(type))
                && (taskIds.isEmpty() || taskId != null && taskIds.contains(taskId));
    }

    /**
     * The filter of a request's query parameters, as {@code ServletRequest.getParameterMap()}
     * gives them (decoded).
     *
     * @throws Invalid naming the unknown parameter or the bad value
     */
    static EventStreamFilter parse(Map<String, String[]> parameters) throws Invalid {
        Set<String> ids = new LinkedHashSet<>();
        Set<String> types = new LinkedHashSet<>();
        for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            String[] values = parameter.getValue() == null ? new String[0] : parameter.getValue();
            switch (name) {
                case TASK_ID -> {
                    for (String value : values) {
                        String id = value == null ? "" : value.trim();
                        if (id.isEmpty()) {
                            throw new Invalid("query parameter 'task_id' is empty: give a task id, e.g. task_id=3f2a...");
                        }
                        if (id.length() > MAX_TASK_ID_LENGTH) {
                            throw new Invalid("query parameter 'task_id' is longer than " + MAX_TASK_ID_LENGTH + " characters");
                        }
                        ids.add(id);
                    }
                    if (ids.size() > MAX_TASK_IDS) {
                        throw new Invalid("query parameter 'task_id' is given " + ids.size() + " times; at most "
                                + MAX_TASK_IDS + " tasks can be watched on one connection");
                    }
                }
                case TYPE -> {
                    int before = types.size();
                    for (String value : values) {
                        for (String part : (value == null ? "" : value).split(",", -1)) {
                            String type = part.trim().toLowerCase(Locale.ROOT);
                            if (type.isEmpty()) {
                                continue;
                            }
                            if (!KNOWN_TYPES.contains(type)) {
                                throw new Invalid("query parameter 'type' has the unknown event type '" + shorten(part.trim())
                                        + "'; the types are " + String.join(", ", KNOWN_TYPES));
                            }
                            types.add(type);
                        }
                    }
                    if (types.size() == before) {
                        throw new Invalid("query parameter 'type' is empty: give one or more event types, comma-separated, from "
                                + String.join(", ", KNOWN_TYPES));
                    }
                }
                default -> throw new Invalid("unknown query parameter '" + shorten(name)
                        + "'; the event stream takes task_id and type");
            }
        }
        return ids.isEmpty() && types.isEmpty() ? ALL : new EventStreamFilter(ids, types);
    }

    private static String shorten(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }
}
