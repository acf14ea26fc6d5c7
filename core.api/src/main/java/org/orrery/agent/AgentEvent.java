package org.orrery.agent;

import java.time.Instant;
import java.util.Locale;

/**
 * An agent appeared, changed state or went away, posted by the scheduler to the OSGi Event Admin
 * under {@link Type#topic()} (e.g. {@code org/orrery/agent/STATE}) with the properties named below,
 * and streamed over the WebSocket as {@code {"type": "agent_state", "agent_id": "gpu-1",
 * "state": "busy", "running": 2, "timestamp": …}}, so a page watching agents needs no polling.
 * A STATE event is posted when the state or the number of running tasks changes.
 *
 * @param type registered, state or removed
 * @param agent the agent as it is after the change (as it was last, for REMOVED)
 * @param timestamp when
 */
public record AgentEvent(Type type, AgentInfo agent, Instant timestamp) {

    /** Prefix of every agent event topic. */
    public static final String TOPIC_PREFIX = "org/orrery/agent/";
    /** Every agent event topic, for an Event Admin handler's {@code event.topics}. */
    public static final String TOPIC_ALL = TOPIC_PREFIX + "*";
    /** The {@link AgentEvent} itself. */
    public static final String PROPERTY_EVENT = "event";
    public static final String PROPERTY_AGENT_ID = "agent_id";
    public static final String PROPERTY_STATE = "state";
    public static final String PROPERTY_RUNNING = "running";
    public static final String PROPERTY_TIMESTAMP = "timestamp";

    /** The kinds of agent event; {@link #id()} is the stream's {@code type} value. */
    public enum Type {
        REGISTERED, STATE, REMOVED;

        /** e.g. {@code agent_state}. */
        public String id() {
            return "agent_" + name().toLowerCase(Locale.ROOT);
        }

        /** e.g. {@code org/orrery/agent/STATE}. */
        public String topic() {
            return TOPIC_PREFIX + name();
        }
    }
}
