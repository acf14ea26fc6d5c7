package org.orrery.devices.indi.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What {@link IndiClient} knows of one INDI server: its devices and their properties, the
 * devices' last messages, the last image of each BLOB property, and how often each device went
 * away. Built from the server's events, each applied with its sequence number. Not thread-safe:
 * the client reads and changes it only under its lock.
 */
final class IndiModel {

    static final int MAX_MESSAGES = 200;

    /** What applying an event changed, for the client to tell its listener (outside the lock) and to act on. */
    record Change(IndiVector vector, boolean defined, String removedDevice, String messageDevice, String messageText,
            String askDevice) {
        static final Change NONE = new Change(null, false, null, null, null, null);
    }

    private final Map<String, Map<String, IndiVector>> devices = new LinkedHashMap<>();
    private final Map<String, Deque<IndiClient.Message>> messages = new HashMap<>();
    private final Map<String, IndiClient.BlobArrival> blobs = new HashMap<>();
    private final Map<String, Long> deviceEpochs = new HashMap<>();
    private final Map<String, Long> lastAsked = new HashMap<>();

    /**
     * Applies an event of the control connection that arrived with sequence number {@code seq}.
     * An update of a property not defined (yet) changes nothing; its device is named in
     * {@link Change#askDevice()} (at most once a second per device) so the client asks for its
     * properties.
     */
    Change apply(IndiEvent event, long seq) {
        if (event instanceof IndiEvent.Define d) {
            IndiVector v = d.vector().withSeq(seq);
            devices.computeIfAbsent(v.device(), k -> new LinkedHashMap<>()).put(v.name(), v);
            return new Change(v, true, null, null, null, null);
        }
        if (event instanceof IndiEvent.Update u) {
            Map<String, IndiVector> props = devices.get(u.vector().device());
            IndiVector old = props == null ? null : props.get(u.vector().name());
            if (old == null) {
                String device = u.vector().device();
                return shouldAsk(device) ? new Change(null, false, null, null, null, device) : Change.NONE;
            }
            IndiVector v = old.updatedBy(u.vector(), seq);
            props.put(v.name(), v);
            return new Change(v, false, null, null, null, null);
        }
        if (event instanceof IndiEvent.Delete del) {
            if (del.name() == null || del.name().isEmpty()) {
                if (devices.remove(del.device()) != null) {
                    deviceEpochs.merge(del.device(), 1L, Long::sum);
                    lastAsked.remove(del.device());
                    return new Change(null, false, del.device(), null, null, null);
                }
            } else {
                Map<String, IndiVector> props = devices.get(del.device());
                if (props != null) {
                    props.remove(del.name());
                }
            }
            return Change.NONE;
        }
        if (event instanceof IndiEvent.Message m) {
            Deque<IndiClient.Message> q = messages.computeIfAbsent(m.device() == null ? "" : m.device(), k -> new ArrayDeque<>());
            q.addLast(new IndiClient.Message(seq, m.text()));
            while (q.size() > MAX_MESSAGES) {
                q.removeFirst();
            }
            return new Change(null, false, null, m.device(), m.text(), null);
        }
        return Change.NONE;
    }

    private boolean shouldAsk(String device) {
        long now = System.nanoTime();
        Long last = lastAsked.get(device);
        if (last != null && now - last < TimeUnit.SECONDS.toNanos(1)) {
            return false;
        }
        lastAsked.put(device, now);
        return true;
    }

    /** Keeps the first image of a BLOB event (the BLOB connection's) as its property's last. */
    void blob(IndiEvent.Blob b, long seq, long receivedNanos) {
        blobs.put(blobKey(b.device(), b.name()), new IndiClient.BlobArrival(seq, b.device(), b.name(), b.blobs().get(0), receivedNanos));
    }

    /** The server went away: its devices and images are forgotten (messages and device epochs stay). */
    void serverLost() {
        devices.clear();
        blobs.clear();
    }

    IndiVector property(String device, String name) {
        Map<String, IndiVector> props = devices.get(device);
        return props == null ? null : props.get(name);
    }

    boolean hasDevice(String device) {
        return devices.containsKey(device);
    }

    Set<String> deviceNames() {
        return Set.copyOf(devices.keySet());
    }

    List<IndiVector> properties(String device) {
        Map<String, IndiVector> props = devices.get(device);
        return props == null ? List.of() : List.copyOf(props.values());
    }

    /** Messages of a device that arrived after {@code afterSeq}, oldest first. */
    List<IndiClient.Message> messagesSince(String device, long afterSeq) {
        Deque<IndiClient.Message> q = messages.get(device);
        List<IndiClient.Message> out = new ArrayList<>();
        if (q != null) {
            for (IndiClient.Message m : q) {
                if (m.seq() > afterSeq) {
                    out.add(m);
                }
            }
        }
        return out;
    }

    IndiClient.BlobArrival lastBlob(String device, String property) {
        return blobs.get(blobKey(device, property));
    }

    long deviceEpoch(String device) {
        return deviceEpochs.getOrDefault(device, 0L);
    }

    private static String blobKey(String device, String property) {
        return device + '\u0000' + property;
    }
}
