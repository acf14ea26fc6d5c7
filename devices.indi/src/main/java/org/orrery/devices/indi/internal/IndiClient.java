package org.orrery.devices.indi.internal;

import java.io.IOException;
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
 * fully dynamic model of every device and property ({@link IndiModel}), and a second connection with
 * {@code enableBLOB Only} that receives the images. Reconnects with backoff when a connection
 * drops and asks a restarted driver for its properties again.
 *
 * <p>Every event gets a sequence number; waiting callers compare sequence numbers to tell what
 * happened after they sent a command. Waits are conditions evaluated under the model lock after
 * every event.
 */
final class IndiClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IndiClient.class);
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
    private final IndiModel model = new IndiModel(); // guarded by lock
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
            model.serverLost();
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
        IndiModel.Change change;
        lock.lock();
        try {
            change = model.apply(event, ++seq);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (change.askDevice() != null) {
            LOG.debug("INDI server {}: update for unknown '{}': asking for its properties", address(), change.askDevice());
            sendQuietly(IndiWriter.getProperties(change.askDevice()));
        }
        if (change.vector() != null) {
            listener.vectorChanged(change.vector(), change.defined());
        }
        if (change.removedDevice() != null) {
            listener.deviceRemoved(change.removedDevice());
        }
        if (change.messageText() != null) {
            listener.message(change.messageDevice(), change.messageText());
        }
    }

    private void handleBlob(IndiEvent event) {
        if (!(event instanceof IndiEvent.Blob b) || b.blobs().isEmpty()) {
            return; // the BLOB connection is Only: anything else is a duplicate of the control connection
        }
        long now = System.nanoTime();
        lock.lock();
        try {
            model.blob(b, ++seq, now);
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
            return model.property(device, name);
        } finally {
            lock.unlock();
        }
    }

    boolean hasDevice(String device) {
        lock.lock();
        try {
            return model.hasDevice(device);
        } finally {
            lock.unlock();
        }
    }

    Set<String> deviceNames() {
        lock.lock();
        try {
            return model.deviceNames();
        } finally {
            lock.unlock();
        }
    }

    List<IndiVector> properties(String device) {
        lock.lock();
        try {
            return model.properties(device);
        } finally {
            lock.unlock();
        }
    }

    /** Messages of a device that arrived after {@code afterSeq}, oldest first. */
    List<Message> messagesSince(String device, long afterSeq) {
        lock.lock();
        try {
            return model.messagesSince(device, afterSeq);
        } finally {
            lock.unlock();
        }
    }

    /** The last BLOB of a device's BLOB property (e.g. CCD1), or null. */
    BlobArrival lastBlob(String device, String property) {
        lock.lock();
        try {
            return model.lastBlob(device, property);
        } finally {
            lock.unlock();
        }
    }

    /** Changes each time the device disappears (its driver died or was stopped). */
    long deviceEpoch(String device) {
        lock.lock();
        try {
            return model.deviceEpoch(device);
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

    static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    static String formatSeconds(long millis) {
        return millis % 1000 == 0 ? (millis / 1000) + " s" : String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
