package org.orrery.core.scheduler.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.ServiceReference;
import org.osgi.service.event.EventConstants;

/**
 * The topics Event Admin's handlers listen to ({@code event.topics} of the registered
 * {@code EventHandler} services, read from their service properties: no handler is got or
 * activated for it). The scheduler builds and posts an event only when some handler's topics
 * take it: with none (the runtime as shipped: the event stream is a {@code TaskEventListener}),
 * a task's four or five events cost no {@code Event}, no property map and no Event Admin
 * delivery. Patterns as Event Admin matches them: {@code *}, a prefix ending in {@code /*}, or
 * the topic itself. A handler's {@code event.filter} is not read: a topic it takes is posted.
 */
final class EventHandlerTopics {

    /** Each handler's patterns; changed and read under this object's lock. */
    private final Map<ServiceReference<?>, List<String>> patterns = new HashMap<>();
    /** Every handler's patterns as of the last change, with the answers given since. */
    private volatile Snapshot snapshot = new Snapshot(List.of());

    synchronized void put(ServiceReference<?> handler) {
        patterns.put(handler, topics(handler.getProperty(EventConstants.EVENT_TOPIC)));
        snapshot = new Snapshot(patterns.values().stream().flatMap(List::stream).toList());
    }

    synchronized void remove(ServiceReference<?> handler) {
        patterns.remove(handler);
        snapshot = new Snapshot(patterns.values().stream().flatMap(List::stream).toList());
    }

    /** Whether a registered handler listens to this topic. */
    boolean wanted(String topic) {
        return snapshot.wanted(topic);
    }

    /**
     * The patterns at one moment and the answers worked out from them: an answer being worked
     * out while the handlers change goes into the snapshot it was read from, never the next.
     */
    private record Snapshot(List<String> patterns, Map<String, Boolean> answers) {
        Snapshot(List<String> patterns) {
            this(patterns, new ConcurrentHashMap<>());
        }

        boolean wanted(String topic) {
            return answers.computeIfAbsent(topic, t -> patterns.stream().anyMatch(p -> matches(p, t)));
        }
    }

    static boolean matches(String pattern, String topic) {
        if (pattern.equals("*") || pattern.equals(topic)) {
            return true;
        }
        return pattern.endsWith("/*") && topic.startsWith(pattern.substring(0, pattern.length() - 1));
    }

    private static List<String> topics(Object property) {
        List<String> out = new ArrayList<>();
        if (property instanceof String s) {
            out.add(s);
        } else if (property instanceof String[] array) {
            out.addAll(List.of(array));
        } else if (property instanceof Collection<?> c) {
            c.forEach(x -> out.add(String.valueOf(x)));
        }
        return List.copyOf(out);
    }
}
