package org.orrery.devices.indi.internal;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Orrery's INDI client for one server: a control connection (BLOBs {@code Never}) that keeps a
 * fully dynamic model of every device and property, and a second connection with
 * {@code enableBLOB Only} that receives the images. Reconnects with backoff when a connection
 * drops and asks a restarted driver for its properties again.
 *
 * <p>Every event gets a sequence number; waiting callers compare sequence numbers to tell what
 * happened after they sent a command. Waits are conditions evaluated under the model lock after
 * every event.
 */
final class IndiClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IndiClient.class);
    private static final int MAX_MESSAGES = 200;
    /** Longest sleep of a waiter between two evaluations, so time-based conditions are seen. */
    private static final long MAX_WAIT_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** Told about model changes; called on a reader thread, outside the lock: keep it short. */
    interface Listener {
        void serverConnected();

        void serverLost(String reason);

        void vectorChanged(IndiVector vector, boolean defined);

        void deviceRemoved(String device);

        void message(String device, String text);
    }

    /** A message a device sent, with the sequence number it arrived at. */
    record Message(long seq, String text) {
    }

    /** The last image a device sent over the BLOB connection. */
    record BlobArrival(long seq, String device, String property, IndiEvent.BlobData data, long receivedNanos) {
    }

    private final String host;
    private final int port;
    private final int connectTimeoutMillis;
    private final long reconnectDelayMillis;
    private final long reconnectMaxMillis;
    private final ScheduledExecutorService timer;
    private final Listener listener;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, Map<String, IndiVector>> devices = new LinkedHashMap<>();
    private final Map<String, Deque<Message>> messages = new HashMap<>();
    private final Map<String, BlobArrival> blobs = new HashMap<>();
    private final Map<String, Long> deviceEpochs = new HashMap<>();
    private final Map<String, Long> lastAsked = new HashMap<>();
    private long seq;
    private long serverEpoch;
    private boolean connected;
    private boolean closed;
    private String status = "not connected yet";
    private int failedAttempts;
    private IndiConnection control;
    private IndiConnection blob;

    IndiClient(String host, int port, int connectTimeoutMillis, long reconnectDelayMillis, long reconnectMaxMillis,
            ScheduledExecutorService timer, Listener listener) {
        this.host = host;
        this.port = port;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.reconnectDelayMillis = Math.max(10, reconnectDelayMillis);
        this.reconnectMaxMillis = Math.max(this.reconnectDelayMillis, reconnectMaxMillis);
        this.timer = timer;
        this.listener = listener;
    }

    String address() {
        return host + ":" + port;
    }

    /** Starts connecting (on the timer thread). */
    void start() {
        timer.execute(this::connect);
    }

    private void connect() {
        lock.lock();
        try {
            if (closed || connected) {
                return;
            }
            status = "connecting to INDI server " + address();
        } finally {
            lock.unlock();
        }
        IndiConnection c = null;
        IndiConnection b = null;
        try {
            long epoch = serverEpochNow();
            c = IndiConnection.open(host, port, connectTimeoutMillis, "indi-" + address() + "-control",
                    IndiWriter.getProperties(null), e -> handle(e), reason -> lost(epoch, "control", reason));
            b = IndiConnection.open(host, port, connectTimeoutMillis, "indi-" + address() + "-blob",
                    IndiWriter.getProperties(null) + IndiWriter.enableBlob(null, "Only"), e -> handleBlob(e),
                    reason -> lost(epoch, "BLOB", reason));
            lock.lock();
            try {
                if (closed) {
                    throw new IOException("client closed");
                }
                control = c;
                blob = b;
                connected = true;
                failedAttempts = 0;
                status = "";
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            LOG.info("Connected to INDI server {}", address());
            listener.serverConnected();
        } catch (IOException | RuntimeException e) {
            if (c != null) {
                c.close();
            }
            if (b != null) {
                b.close();
            }
            scheduleReconnect("cannot reach INDI server " + address() + ": " + describe(e));
        }
    }

    private long serverEpochNow() {
        lock.lock();
        try {
            return serverEpoch;
        } finally {
            lock.unlock();
        }
    }

    private void scheduleReconnect(String reason) {
        long delay;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            delay = Math.min(reconnectMaxMillis, reconnectDelayMillis << Math.min(failedAttempts, 20));
            failedAttempts++;
            status = reason + "; retrying in " + formatSeconds(delay);
        } finally {
            lock.unlock();
        }
        LOG.debug("{}", status);
        try {
            timer.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // shutting down
        }
    }

    private void lost(long epoch, String which, String reason) {
        IndiConnection c;
        IndiConnection b;
        lock.lock();
        try {
            if (closed || epoch != serverEpoch) {
                return; // already handled (the other connection reported it first)
            }
            serverEpoch++;
            seq++;
            connected = false;
            c = control;
            b = blob;
            control = null;
            blob = null;
            devices.clear();
            blobs.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        String why = "connection to INDI server " + address() + " lost (" + which + " connection: " + reason + ")";
        LOG.warn("{}", why);
        try {
            timer.execute(() -> {
                if (c != null) {
                    c.close();
                }
                if (b != null) {
                    b.close();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // shutting down: close() closes what is left
        }
        listener.serverLost(why);
        scheduleReconnect(why);
    }

    private void handle(IndiEvent event) {
        IndiVector changedVector = null;
        boolean defined = false;
        String removedDevice = null;
        String messageDevice = null;
        String messageText = null;
        String askDevice = null;
        lock.lock();
        try {
            long s = ++seq;
            if (event instanceof IndiEvent.Define d) {
                IndiVector v = d.vector().withSeq(s);
                devices.computeIfAbsent(v.device(), k -> new LinkedHashMap<>()).put(v.name(), v);
                changedVector = v;
                defined = true;
            } else if (event instanceof IndiEvent.Update u) {
                Map<String, IndiVector> props = devices.get(u.vector().device());
                IndiVector old = props == null ? null : props.get(u.vector().name());
                if (old == null) {
                    askDevice = shouldAsk(u.vector().device()) ? u.vector().device() : null;
                } else {
                    IndiVector v = old.updatedBy(u.vector(), s);
                    props.put(v.name(), v);
                    changedVector = v;
                }
            } else if (event instanceof IndiEvent.Delete del) {
                if (del.name() == null || del.name().isEmpty()) {
                    if (devices.remove(del.device()) != null) {
                        deviceEpochs.merge(del.device(), 1L, Long::sum);
                        removedDevice = del.device();
                        lastAsked.remove(del.device());
                    }
                } else {
                    Map<String, IndiVector> props = devices.get(del.device());
                    if (props != null) {
                        props.remove(del.name());
                    }
                }
            } else if (event instanceof IndiEvent.Message m) {
                String key = m.device() == null ? "" : m.device();
                Deque<Message> q = messages.computeIfAbsent(key, k -> new ArrayDeque<>());
                q.addLast(new Message(s, m.text()));
                while (q.size() > MAX_MESSAGES) {
                    q.removeFirst();
                }
                messageDevice = m.device();
                messageText = m.text();
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (askDevice != null) {
            LOG.debug("INDI server {}: update for unknown '{}': asking for its properties", address(), askDevice);
            sendQuietly(IndiWriter.getProperties(askDevice));
        }
        if (changedVector != null) {
            listener.vectorChanged(changedVector, defined);
        }
        if (removedDevice != null) {
            listener.deviceRemoved(removedDevice);
        }
        if (messageText != null) {
            listener.message(messageDevice, messageText);
        }
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

    private void handleBlob(IndiEvent event) {
        if (!(event instanceof IndiEvent.Blob b) || b.blobs().isEmpty()) {
            return; // the BLOB connection is Only: anything else is a duplicate of the control connection
        }
        long now = System.nanoTime();
        lock.lock();
        try {
            long s = ++seq;
            blobs.put(blobKey(b.device(), b.name()), new BlobArrival(s, b.device(), b.name(), b.blobs().get(0), now));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Asks the server again for a device's properties (a driver that restarts comes back without them). */
    void askForProperties(String device) {
        sendQuietly(IndiWriter.getProperties(device));
    }

    private void sendQuietly(String xml) {
        try {
            send(xml);
        } catch (IOException e) {
            LOG.debug("INDI server {}: could not send: {}", address(), e.getMessage());
        }
    }

    /** Sends on the control connection. */
    void send(String xml) throws IOException {
        IndiConnection c;
        lock.lock();
        try {
            c = control;
        } finally {
            lock.unlock();
        }
        if (c == null) {
            throw new IOException("not connected to INDI server " + address() + (status.isEmpty() ? "" : ": " + status));
        }
        c.send(xml);
    }

    /**
     * Sends a new*Vector and returns the sequence number before it went out: every answer to it
     * has a greater one.
     */
    long sendNew(String device, String property, IndiKind kind, Map<String, String> values) throws IOException {
        long before = seq();
        send(IndiWriter.newVector(device, property, kind, values));
        return before;
    }

    /**
     * Waits until {@code condition} returns non-null, evaluating it under the model lock after
     * every event (and at least every 100 ms). Returns null when the deadline passes. The
     * condition may throw to end the wait.
     */
    <T> T await(long deadlineNanos, Supplier<T> condition) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (true) {
                T result = condition.get();
                if (result != null) {
                    return result;
                }
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                changed.awaitNanos(Math.min(left, MAX_WAIT_SLICE_NANOS));
            }
        } finally {
            lock.unlock();
        }
    }

    long seq() {
        lock.lock();
        try {
            return seq;
        } finally {
            lock.unlock();
        }
    }

    IndiVector property(String device, String name) {
        lock.lock();
        try {
            Map<String, IndiVector> props = devices.get(device);
            return props == null ? null : props.get(name);
        } finally {
            lock.unlock();
        }
    }

    boolean hasDevice(String device) {
        lock.lock();
        try {
            return devices.containsKey(device);
        } finally {
            lock.unlock();
        }
    }

    Set<String> deviceNames() {
        lock.lock();
        try {
            return Set.copyOf(devices.keySet());
        } finally {
            lock.unlock();
        }
    }

    List<IndiVector> properties(String device) {
        lock.lock();
        try {
            Map<String, IndiVector> props = devices.get(device);
            return props == null ? List.of() : List.copyOf(props.values());
        } finally {
            lock.unlock();
        }
    }

    /** Messages of a device that arrived after {@code afterSeq}, oldest first. */
    List<Message> messagesSince(String device, long afterSeq) {
        lock.lock();
        try {
            Deque<Message> q = messages.get(device);
            List<Message> out = new ArrayList<>();
            if (q != null) {
                for (Message m : q) {
                    if (m.seq() > afterSeq) {
                        out.add(m);
                    }
                }
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** The last BLOB of a device's BLOB property (e.g. CCD1), or null. */
    BlobArrival lastBlob(String device, String property) {
        lock.lock();
        try {
            return blobs.get(blobKey(device, property));
        } finally {
            lock.unlock();
        }
    }

    /** Changes each time the device disappears (its driver died or was stopped). */
    long deviceEpoch(String device) {
        lock.lock();
        try {
            return deviceEpochs.getOrDefault(device, 0L);
        } finally {
            lock.unlock();
        }
    }

    /** Changes each time the connection to the server is lost. */
    long serverEpoch() {
        return serverEpochNow();
    }

    boolean connected() {
        lock.lock();
        try {
            return connected;
        } finally {
            lock.unlock();
        }
    }

    boolean closed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Why the client is not connected (empty when it is). */
    String status() {
        lock.lock();
        try {
            return status;
        } finally {
            lock.unlock();
        }
    }

    /** Closes both connections and joins their reader threads; waiters wake up and see {@link #closed()}. */
    @Override
    public void close() {
        IndiConnection c;
        IndiConnection b;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            connected = false;
            serverEpoch++;
            status = "closed";
            c = control;
            b = blob;
            control = null;
            blob = null;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (c != null) {
            c.close();
        }
        if (b != null) {
            b.close();
        }
    }

    private static String blobKey(String device, String property) {
        return device + '\u0000' + property;
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    static String formatSeconds(long millis) {
        return millis % 1000 == 0 ? (millis / 1000) + " s" : String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
