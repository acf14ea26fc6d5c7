package org.orrery.web.api.internal;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import java.util.stream.Stream;

import org.orrery.agent.AgentEvent;
import org.orrery.sequence.SequenceEvent;
import org.orrery.task.SchedulerEvent;
import org.orrery.task.TaskEvent;

/**
 * Which events a client of the stream wants, from its query string: {@code task_id=<id>} (may
 * repeat), {@code sequence=<id>} (may repeat), {@code agent=<id>} (may repeat) and {@code type=task_completed} (may repeat or list
 * several, comma-separated); {@code ticket} is the credential, not a filter. An empty set means every task, every sequence, or every type; the
 * filters given all apply. A sequence's events are its own ({@code sequence_started},
 * {@code step_completed}, …) and those of its tasks, whose ids begin with {@code <sequence id>.}.
 *
 * @param taskIds the tasks whose events are sent, or empty for all
 * @param sequenceIds the sequences whose events (and whose tasks' events) are sent, or empty for all
 * @param types the event types sent ({@code task_started}, {@code step_started}...), or empty for all
 * @param agentIds the agents whose events ({@code agent_state}...) are sent, or empty for all; given,
 *        only agent events are sent (task and sequence events name no agent)
 */
record EventStreamFilter(Set<String> taskIds, Set<String> sequenceIds, Set<String> types, Set<String> agentIds) {

    static final String TASK_ID = "task_id";
    static final String SEQUENCE = "sequence";
    static final String TYPE = "type";
    static final String AGENT = "agent";
    /** The most task ids one connection may ask for. */
    static final int MAX_TASK_IDS = 1000;
    /** The longest task id accepted. */
    static final int MAX_TASK_ID_LENGTH = 200;
    /** Every event type a client may ask for: seed 001's task event types, the sequence event types, the scheduler's, the agents'. */
    static final Set<String> KNOWN_TYPES = Stream.of(Arrays.stream(TaskEvent.Type.values()).map(TaskEvent.Type::id),
            Arrays.stream(SequenceEvent.Type.values()).map(SequenceEvent.Type::id),
            Arrays.stream(SchedulerEvent.Type.values()).map(SchedulerEvent.Type::id),
            Arrays.stream(AgentEvent.Type.values()).map(AgentEvent.Type::id))
            .flatMap(s -> s).collect(Collectors.toCollection(LinkedHashSet::new));

    /** Every event. */
    static final EventStreamFilter ALL = new EventStreamFilter(Set.of(), Set.of(), Set.of(), Set.of());

    EventStreamFilter(Set<String> taskIds, Set<String> sequenceIds, Set<String> types) {
        this(taskIds, sequenceIds, types, Set.of());
    }

    EventStreamFilter {
        agentIds = Set.copyOf(agentIds);
        taskIds = Set.copyOf(taskIds);
        sequenceIds = Set.copyOf(sequenceIds);
        types = Set.copyOf(types);
    }

    /** A query string the stream cannot serve; the message names the parameter and the value. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message);
        }
    }

    /** True when an event of {@code type} about {@code taskId} of {@code sequenceId} (either may be null) is to be sent. */
    boolean matches(String type, String taskId, String sequenceId) {
        return matches(type, taskId, sequenceId, null);
    }

    /** As {@link #matches(String, String, String)}, for an event that may be about an agent ({@code agentId}, or null). */
    boolean matches(String type, String taskId, String sequenceId, String agentId) {
        return (agentIds.isEmpty() || agentId != null && agentIds.contains(agentId))
                && (types.isEmpty() || type != null && types.contains(type))
                && (taskIds.isEmpty() || taskId != null && taskIds.contains(taskId))
                && (sequenceIds.isEmpty() || ofSequence(taskId, sequenceId));
    }

    private boolean ofSequence(String taskId, String sequenceId) {
        if (sequenceId != null) {
            return sequenceIds.contains(sequenceId);
        }
        if (taskId != null) {
            for (String sequence : sequenceIds) {
                if (taskId.startsWith(sequence) && taskId.length() > sequence.length()
                        && taskId.charAt(sequence.length()) == '.') {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The filter of a request's query parameters, as {@code ServletRequest.getParameterMap()}
     * gives them (decoded).
     *
     * @throws Invalid naming the unknown parameter or the bad value
     */
    static EventStreamFilter parse(Map<String, String[]> parameters) throws Invalid {
        Set<String> ids = new LinkedHashSet<>();
        Set<String> sequences = new LinkedHashSet<>();
        Set<String> types = new LinkedHashSet<>();
        Set<String> agents = new LinkedHashSet<>();
        for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            String[] values = parameter.getValue() == null ? new String[0] : parameter.getValue();
            switch (name) {
                case TASK_ID -> ids(TASK_ID, "a task id, e.g. task_id=3f2a...", values, ids, "tasks");
                case SEQUENCE -> ids(SEQUENCE, "a sequence id, e.g. sequence=8c1e...", values, sequences, "sequences");
                case AGENT -> ids(AGENT, "an agent id, e.g. agent=gpu-1", values, agents, "agents");
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
                case ApiServletContext.TICKET -> {
                    // the stream's credential, redeemed by the API context
                }
                default -> throw new Invalid("unknown query parameter '" + shorten(name)
                        + "'; the event stream takes task_id, sequence, type, agent and ticket");
            }
        }
        return ids.isEmpty() && sequences.isEmpty() && types.isEmpty() && agents.isEmpty() ? ALL
                : new EventStreamFilter(ids, sequences, types, agents);
    }

    /** Adds the ids of a repeatable parameter to {@code into}, refusing empty, too long and too many. */
    private static void ids(String name, String example, String[] values, Set<String> into, String what) throws Invalid {
        for (String value : values) {
            String id = value == null ? "" : value.trim();
            if (id.isEmpty()) {
                throw new Invalid("query parameter '" + name + "' is empty: give " + example);
            }
            if (id.length() > MAX_TASK_ID_LENGTH) {
                throw new Invalid("query parameter '" + name + "' is longer than " + MAX_TASK_ID_LENGTH + " characters");
            }
            into.add(id);
        }
        if (into.size() > MAX_TASK_IDS) {
            throw new Invalid("query parameter '" + name + "' is given " + into.size() + " times; at most "
                    + MAX_TASK_IDS + " " + what + " can be watched on one connection");
        }
    }

    private static String shorten(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }
}
