package org.orrery.devices.indi.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

import org.orrery.device.ConnectionState;
import org.orrery.device.Device;
import org.orrery.device.DeviceException;
import org.orrery.device.DeviceRemovedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every INDI device has: identity, connection state, operations that run one at a time on
 * the server's executor, and the set-and-verify step every setting goes through.
 */
abstract class AbstractIndiDevice implements Device {

    private static final Logger LOG = LoggerFactory.getLogger(AbstractIndiDevice.class);
    /** How long a value other than the one asked may stand before any Busy, in case it predates the command. */
    private static final long SETTLE_NANOS = TimeUnit.SECONDS.toNanos(3);

    protected final IndiServer server;
    protected final IndiClient client;
    protected final IndiSettings settings;
    protected final String indiName;
    private final String id;
    private final ReentrantLock operationLock = new ReentrantLock();
    private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();
    /** Settings sent through Orrery, re-sent after the device comes back (property → elements). */
    private final Map<String, Map<String, String>> sticky = new ConcurrentHashMap<>();
    private final Map<String, IndiKind> stickyKinds = new ConcurrentHashMap<>();
    private volatile boolean removed;
    private volatile String goneMessage = "";

    /** The epochs an operation started in: when either changes, the driver or the server went away. */
    protected record Life(long serverEpoch, long deviceEpoch) {
    }

    /** One step of an operation that may block. */
    @FunctionalInterface
    protected interface Operation<T> {
        T run() throws Exception;
    }

    AbstractIndiDevice(IndiServer server, String indiName) {
        this.server = server;
        this.client = server.client();
        this.settings = server.settings();
        this.indiName = indiName;
        this.id = settings.deviceId(indiName);
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final String name() {
        return indiName;
    }

    @Override
    public final String driver() {
        return "indi";
    }

    String indiName() {
        return indiName;
    }

    @Override
    public ConnectionState connectionState() {
        if (removed) {
            return ConnectionState.DISCONNECTED;
        }
        if (!client.connected()) {
            return ConnectionState.CONNECTING;
        }
        IndiVector c = client.property(indiName, "CONNECTION");
        if (c == null) {
            return ConnectionState.CONNECTING;
        }
        if (c.state() == IndiState.ALERT) {
            return ConnectionState.ERROR;
        }
        if (c.on("CONNECT")) {
            return c.state() == IndiState.BUSY ? ConnectionState.CONNECTING : ConnectionState.CONNECTED;
        }
        return settings.connect() ? ConnectionState.CONNECTING : ConnectionState.DISCONNECTED;
    }

    @Override
    public String statusMessage() {
        if (removed) {
            return "INDI device '" + indiName + "' is no longer on server " + settings.address();
        }
        if (!client.connected()) {
            return client.status();
        }
        if (!client.hasDevice(indiName)) {
            return goneMessage.isEmpty() ? "waiting for INDI device '" + indiName + "'" : goneMessage;
        }
        IndiVector c = client.property(indiName, "CONNECTION");
        if (c != null && c.state() == IndiState.ALERT) {
            return "INDI device '" + indiName + "' failed to connect: " + lastMessage();
        }
        if (c != null && !c.on("CONNECT")) {
            return settings.connect() ? "connecting INDI device '" + indiName + "'"
                    : "INDI device '" + indiName + "' is disconnected (connect=false)";
        }
        return lastMessage();
    }

    private String lastMessage() {
        List<IndiClient.Message> all = client.messagesSince(indiName, 0);
        return all.isEmpty() ? "" : all.get(all.size() - 1).text();
    }

    // ---- lifecycle, called by IndiServer ----

    void deviceGone(String message) {
        goneMessage = message;
    }

    void deviceBack() {
        goneMessage = "";
    }

    /**
     * After the device connected again (driver restart, server reconnect): re-send the settings
     * Orrery made. Skipped while an operation runs: it applies the settings it needs itself.
     */
    void reapplySettings() {
        if (sticky.isEmpty() || !operationLock.tryLock()) {
            return;
        }
        try {
            resendSticky();
        } finally {
            operationLock.unlock();
        }
    }

    private void resendSticky() {
        for (Map.Entry<String, Map<String, String>> e : sticky.entrySet()) {
            IndiVector v = client.property(indiName, e.getKey());
            if (v == null) {
                continue;
            }
            boolean differs = e.getValue().entrySet().stream().anyMatch(x -> !sameValue(v, x.getKey(), x.getValue()));
            if (differs) {
                try {
                    LOG.info("INDI device '{}': re-applying {} {}", indiName, e.getKey(), e.getValue());
                    client.sendNew(indiName, e.getKey(), stickyKinds.get(e.getKey()), e.getValue());
                } catch (IOException ex) {
                    LOG.debug("INDI device '{}': could not re-apply {}: {}", indiName, e.getKey(), ex.getMessage());
                }
            }
        }
    }

    private static boolean sameValue(IndiVector v, String element, String value) {
        IndiElement e = v.element(element);
        if (e == null) {
            return false;
        }
        if (v.kind() == IndiKind.NUMBER) {
            return Math.abs(e.number() - IndiElement.parseNumber(value)) < 1e-9;
        }
        return value.equals(e.value());
    }

    /** The configuration was deleted or the device left the server: fail what is pending. */
    void removed() {
        removed = true;
        for (CompletableFuture<?> f : pending) {
            f.completeExceptionally(new DeviceRemovedException(id));
        }
        pending.clear();
    }

    boolean isRemoved() {
        return removed;
    }

    // ---- operations ----

    /**
     * Runs an operation on the server's executor, after the previous one of this device ended.
     * The stage fails with a {@link DeviceException} that says what went wrong.
     */
    protected <T> CompletionStage<T> submit(String what, Operation<T> operation) {
        CompletableFuture<T> future = new CompletableFuture<>();
        if (removed) {
            future.completeExceptionally(new DeviceRemovedException(id));
            return future;
        }
        pending.add(future);
        try {
            server.operations().execute(() -> {
                try {
                    if (!operationLock.tryLock(settings.connectTimeout().toMillis() + waitBudget(what), TimeUnit.MILLISECONDS)) {
                        throw new DeviceException(id, indiName + ": could not start " + what
                                + ": the previous operation did not end in time");
                    }
                    try {
                        if (!future.isDone()) {
                            future.complete(operation.run());
                        }
                    } finally {
                        operationLock.unlock();
                    }
                } catch (InterruptedException e) {
                    future.completeExceptionally(new DeviceRemovedException(id));
                } catch (DeviceException e) {
                    future.completeExceptionally(removed ? new DeviceRemovedException(id) : e);
                } catch (Exception e) {
                    future.completeExceptionally(new DeviceException(id, indiName + ": " + what + " failed: "
                            + IndiClient.describe(e), e));
                } finally {
                    pending.remove(future);
                }
            });
        } catch (RejectedExecutionException e) {
            pending.remove(future);
            future.completeExceptionally(server.closed() ? new DeviceRemovedException(id)
                    : new DeviceException(id, indiName + ": too many operations at once; " + what + " was not started"));
        }
        return future;
    }

    /** Extra time an operation may wait for the one before it (a long exposure or slew). */
    private long waitBudget(String what) {
        return Math.max(settings.slewTimeout().toMillis(), settings.parkTimeout().toMillis())
                + settings.exposureReadoutTimeout().toMillis();
    }

    /**
     * Waits until the server and the device are connected (a device that is reconnecting gets
     * {@code connect.timeout}), and returns the epochs the operation runs in.
     */
    protected Life ready(String what) throws InterruptedException {
        long deadline = System.nanoTime() + settings.connectTimeout().toNanos();
        Life life = client.await(deadline, () -> {
            checkNotRemoved();
            if (!client.connected()) {
                return null;
            }
            IndiVector c = client.property(indiName, "CONNECTION");
            if (c != null && c.on("CONNECT") && c.state() != IndiState.BUSY && c.state() != IndiState.ALERT) {
                return new Life(client.serverEpoch(), client.deviceEpoch(indiName));
            }
            return null;
        });
        if (life == null) {
            throw new DeviceException(id, indiName + " is not connected, so " + what + " cannot start (waited "
                    + seconds(settings.connectTimeout()) + "): " + statusMessage());
        }
        return life;
    }

    /** Throws when the driver or the server went away since the operation started. */
    protected void checkAlive(Life life, String during) {
        checkNotRemoved();
        if (client.serverEpoch() != life.serverEpoch()) {
            throw new DeviceException(id, "connection to INDI server " + settings.address() + " was lost during "
                    + during + " on '" + indiName + "'" + (client.status().isEmpty() ? "" : ": " + client.status()));
        }
        if (client.deviceEpoch(indiName) != life.deviceEpoch()) {
            throw new DeviceException(id, "INDI driver for '" + indiName + "' went away during " + during);
        }
    }

    private void checkNotRemoved() {
        if (removed || client.closed()) {
            throw new DeviceRemovedException(id);
        }
    }

    /** The property, waiting up to setting.timeout for it to be defined (they appear one by one after connecting). */
    protected IndiVector require(Life life, String property, String during) throws InterruptedException {
        long deadline = System.nanoTime() + settings.settingTimeout().toNanos();
        IndiVector v = client.await(deadline, () -> {
            checkAlive(life, during);
            return client.property(indiName, property);
        });
        if (v == null) {
            throw new DeviceException(id, indiName + " has no property " + property + " (needed for " + during
                    + "; waited " + seconds(settings.settingTimeout()) + ")");
        }
        return v;
    }

    protected IndiVector property(String name) {
        return client.property(indiName, name);
    }

    /** Sends a command without waiting for its outcome (abort). */
    protected void fire(String property, IndiKind kind, Map<String, String> values) {
        try {
            client.sendNew(indiName, property, kind, values);
        } catch (IOException e) {
            throw new DeviceException(id, indiName + ": could not send " + property + ": " + e.getMessage(), e);
        }
    }

    /** Remembers a setting so it is re-applied after the device comes back. */
    protected void remember(String property, IndiKind kind, Map<String, String> values) {
        sticky.put(property, Map.copyOf(values));
        stickyKinds.put(property, kind);
    }

    /**
     * Sets elements of a property and checks the outcome: fails when the device answers Alert, when
     * it stays Idle with a warning, or when it ends Ok/Idle with values other than those asked.
     *
     * @param reached whether the vector shows what was asked
     * @param skipIfReached do not send when the property already shows it
     * @return the vector as the device reported it at the end
     */
    protected IndiVector apply(Life life, String property, IndiKind kind, Map<String, String> values,
            Predicate<IndiVector> reached, boolean skipIfReached, Duration timeout, String during)
            throws InterruptedException {
        return apply(life, property, kind, values, reached, reached, skipIfReached, timeout, during);
    }

    /**
     * As {@link #apply(Life, String, IndiKind, Map, Predicate, boolean, Duration, String)}, with a
     * second test for reports after the device was seen Busy: once it has worked on the command, a
     * report cannot be one sent before the command was taken, so {@code reachedAfterBusy} may ask
     * less (an offset move: "within the tolerance of the target" without "moved by half the offset").
     */
    protected IndiVector apply(Life life, String property, IndiKind kind, Map<String, String> values,
            Predicate<IndiVector> reached, Predicate<IndiVector> reachedAfterBusy, boolean skipIfReached,
            Duration timeout, String during) throws InterruptedException {
        IndiVector current = require(life, property, during);
        if (skipIfReached && current.state() != IndiState.ALERT && current.state() != IndiState.BUSY
                && reached.test(current)) {
            return current;
        }
        String asked = property + " " + describe(values);
        long seq0;
        try {
            seq0 = client.sendNew(indiName, property, kind, values);
        } catch (IOException e) {
            throw new DeviceException(id, indiName + ": could not send " + asked + ": " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean[] sawBusy = {false};
        long[] mismatchSince = {0};
        IndiVector result = client.await(deadline, () -> {
            checkAlive(life, during);
            IndiVector v = client.property(indiName, property);
            if (v == null) {
                throw new DeviceException(id, indiName + ": property " + property + " disappeared while waiting for "
                        + asked);
            }
            if (v.seq() <= seq0) {
                return null;
            }
            IndiState state = v.state() == null ? IndiState.IDLE : v.state();
            switch (state) {
                case ALERT:
                    throw refused(asked, v, seq0);
                case BUSY:
                    sawBusy[0] = true;
                    mismatchSince[0] = 0;
                    return null;
                default:
                    if (reached.test(v) || (sawBusy[0] && reachedAfterBusy.test(v))) {
                        return v;
                    }
                    if (v.alertedAfter(seq0)) { // Alert, then at once Ok/Idle with the old values
                        throw refused(asked, v, seq0);
                    }
                    String warning = warningSince(seq0);
                    if (warning != null && state == IndiState.IDLE) {
                        throw new DeviceException(id, indiName + " did not apply " + asked + ": the device reports "
                                + v.describe() + " (Idle)" + suffix(warning));
                    }
                    long now = System.nanoTime();
                    if (sawBusy[0] || (mismatchSince[0] != 0 && now - mismatchSince[0] > SETTLE_NANOS)) {
                        throw new DeviceException(id, indiName + " did not reach " + asked + ": the device reports "
                                + v.describe() + " (" + state.text() + ")" + suffix(warning));
                    }
                    if (mismatchSince[0] == 0) {
                        mismatchSince[0] = now;
                    }
                    return null;
            }
        });
        if (result == null) {
            IndiVector v = client.property(indiName, property);
            throw new DeviceException(id, indiName + " did not complete " + asked + " within " + seconds(timeout)
                    + ": the device reports " + (v == null ? "nothing" : v.describe() + " (" + v.state() + ")"));
        }
        return result;
    }

    /** The refusal of a command the device answered with Alert (its latest report, or one just before it). */
    private DeviceException refused(String asked, IndiVector v, long seq0) {
        return new DeviceException(id, indiName + " refused " + asked + ": the device reports " + v.describe() + " ("
                + alertState(v) + ")" + suffix(alertText(v, seq0)));
    }

    /** {@code Alert}, or {@code Alert, then Ok} when the device followed its Alert with another report. */
    protected static String alertState(IndiVector v) {
        return v.state() == null || v.state() == IndiState.ALERT ? "Alert" : "Alert, then " + v.state().text();
    }

    /** {@code ": text"}, or nothing for a missing or blank text. */
    protected static String suffix(String text) {
        return text == null || text.isBlank() ? "" : ": " + text;
    }

    /**
     * The message that goes with an Alert: the Alert report's own (which a later Ok report may have
     * followed), else the vector's, else the last message since the command.
     */
    protected String alertText(IndiVector v, long seq0) {
        if (v.alertedAfter(seq0) && v.lastAlert().message() != null && !v.lastAlert().message().isBlank()) {
            return v.lastAlert().message();
        }
        if (v.message() != null && !v.message().isBlank()) {
            return v.message();
        }
        List<IndiClient.Message> since = client.messagesSince(indiName, seq0);
        return since.isEmpty() ? null : since.get(since.size() - 1).text();
    }

    /** The last [WARNING] or [ERROR] message since the command, or null. */
    protected String warningSince(long seq0) {
        List<IndiClient.Message> since = client.messagesSince(indiName, seq0);
        for (int i = since.size() - 1; i >= 0; i--) {
            String t = since.get(i).text();
            if (t.startsWith("[WARNING]") || t.startsWith("[ERROR]")) {
                return t;
            }
        }
        return null;
    }

    static String describe(Map<String, String> values) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(e.getKey()).append('=').append(e.getValue());
        }
        return b.toString();
    }

    static String seconds(Duration d) {
        return IndiClient.formatSeconds(d.toMillis());
    }

    static Map<String, String> values(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    /** A predicate: every named number within tolerance of the value asked. */
    static Predicate<IndiVector> numbersAt(Map<String, String> values, double tolerance) {
        return v -> values.entrySet().stream().allMatch(e -> {
            double have = v.number(e.getKey());
            return !Double.isNaN(have) && Math.abs(have - IndiElement.parseNumber(e.getValue())) <= tolerance;
        });
    }

    /** A predicate: the switch is On. */
    static Predicate<IndiVector> switchOn(String element) {
        return v -> v.on(element);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + id() + " = INDI '" + indiName + "' on " + settings.address() + "]";
    }
}
