package org.orrery.devices.alpaca.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.orrery.device.ConnectionState;
import org.orrery.device.Device;
import org.orrery.device.DeviceException;
import org.orrery.device.DeviceRemovedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What an Alpaca camera and telescope share: the client, one worker thread that polls the device
 * and runs the steps of operations (so calls to one device never overlap, except an abort), the
 * connection state, and the pending operations that {@link #close()} completes with
 * {@link DeviceRemovedException}.
 *
 * <p>A device that cannot be reached is {@link ConnectionState#ERROR} with the reason in
 * {@link #statusMessage()}; every poll tries again, and the first poll that reaches it connects
 * it again (PUT {@code connected}) and reloads what it can do.
 */
abstract class AlpacaDeviceBase implements Device, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlpacaDeviceBase.class);

    protected final DeviceSettings settings;
    protected final AlpacaClient client;
    /** {@code camera/0}. */
    protected final String path;
    private final ScheduledExecutorService worker;
    private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();
    private volatile ConnectionState state = ConnectionState.DISCONNECTED;
    private volatile String status = "not connected yet";
    private volatile String name;
    private volatile boolean ready;
    private volatile boolean closed;

    AlpacaDeviceBase(DeviceSettings settings) {
        this.settings = settings;
        this.path = settings.path();
        this.name = settings.name().isEmpty() ? settings.id() : settings.name();
        this.client = new AlpacaClient(settings.id(), settings.host(), settings.port(), settings.clientId(),
                settings.connectTimeout(), settings.requestTimeout());
        this.worker = Executors.newSingleThreadScheduledExecutor(
                AlpacaClient.daemonThreads("orrery-alpaca-" + settings.id()));
    }

    /** Starts polling: the first poll connects. */
    void start() {
        worker.scheduleWithFixedDelay(this::poll, 0, settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public final String id() {
        return settings.id();
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String driver() {
        return "alpaca";
    }

    @Override
    public final ConnectionState connectionState() {
        return state;
    }

    @Override
    public final String statusMessage() {
        return status;
    }

    /** {@code http://host:port/api/v1/camera/0}, for messages and values. */
    final String where() {
        return "Alpaca " + path + " at " + client.endpoint();
    }

    @Override
    public final Map<String, Object> values() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("connection", state.id());
        values.put("alpaca_server", client.endpoint());
        values.put("alpaca_device", path);
        if (!status.isEmpty()) {
            values.put("status", status);
        }
        deviceValues(values);
        return values;
    }

    /** Adds the device's own values (from its last poll). */
    protected abstract void deviceValues(Map<String, Object> values);

    /** On the worker, after (re)connecting: reads what the device can do. */
    protected abstract void loadInfo();

    /** On the worker, when connected: reads the values a user watches. */
    protected abstract void refresh();

    // ---- polling and connection (worker thread) ----

    private void poll() {
        if (closed) {
            return;
        }
        try {
            ensureConnected();
            refresh();
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    /** On the worker: makes sure the device is connected and its capabilities are known. */
    protected final void ensureConnected() {
        if (closed) {
            throw new DeviceRemovedException(id());
        }
        if (ready && client.get(path + "/connected").asBoolean(false)) {
            return;
        }
        if (state == ConnectionState.DISCONNECTED) {
            state = ConnectionState.CONNECTING;
            status = "connecting to " + where();
        }
        ready = false;
        if (!client.get(path + "/connected").asBoolean(false)) {
            client.put(path + "/connected", Map.of("Connected", true));
            if (!client.get(path + "/connected").asBoolean(false)) {
                throw new DeviceException(id(), where() + " was asked to connect (PUT connected=true) but still"
                        + " reports connected=false");
            }
        }
        if (settings.name().isEmpty()) {
            String reported = optionalText("name", "");
            name = reported.isBlank() ? id() : reported.trim();
        }
        loadInfo();
        ready = true;
        ConnectionState before = state;
        state = ConnectionState.CONNECTED;
        status = "";
        if (before == ConnectionState.ERROR) {
            LOG.info("Alpaca device '{}' ({}) is connected again", id(), where());
        } else {
            LOG.info("Alpaca device '{}' ({}, '{}') connected", id(), where(), name);
        }
    }

    /** Records a failure: the device is in ERROR with the reason until a poll reaches it again. */
    protected final void failed(Throwable e) {
        if (closed) {
            return;
        }
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        boolean lost = !(e instanceof AlpacaException a) || a.connectionProblem()
                || a.errorNumber() == AlpacaException.NOT_CONNECTED || !ready;
        if (!lost) {
            return; // a device error of one call (e.g. a refused value): the connection is fine
        }
        ready = false;
        if (state != ConnectionState.ERROR || !message.equals(status)) {
            LOG.warn("Alpaca device '{}' ({}): {}", id(), where(), message);
        }
        state = ConnectionState.ERROR;
        status = message;
    }

    // ---- optional members ----

    /** GET a member; when the device says it is not implemented (0x400), the fallback. */
    protected final JsonNode optional(String member) {
        try {
            return client.get(path + "/" + member);
        } catch (AlpacaException e) {
            if (e.notImplemented() || e.errorNumber() == AlpacaException.VALUE_NOT_SET) {
                return null;
            }
            throw e;
        }
    }

    protected final double optionalDouble(String member, double fallback) {
        JsonNode v = optional(member);
        return v == null || !v.isNumber() ? fallback : v.asDouble();
    }

    protected final int optionalInt(String member, int fallback) {
        JsonNode v = optional(member);
        return v == null || !v.isNumber() ? fallback : v.asInt();
    }

    protected final boolean optionalBoolean(String member, boolean fallback) {
        JsonNode v = optional(member);
        return v == null || !v.isBoolean() ? fallback : v.asBoolean();
    }

    protected final String optionalText(String member, String fallback) {
        JsonNode v = optional(member);
        return v == null || v.isNull() ? fallback : v.asText();
    }

    /** A required number; a reply without one is a protocol error. */
    protected final double number(String member) {
        return required(member, JsonNode::isNumber, "a number").asDouble();
    }

    /** A required boolean; a reply without one is a protocol error. */
    protected final boolean bool(String member) {
        return required(member, JsonNode::isBoolean, "true or false").asBoolean();
    }

    private JsonNode required(String member, Predicate<JsonNode> kind, String expected) {
        JsonNode v = client.get(path + "/" + member);
        if (!kind.test(v)) {
            throw new AlpacaException(id(), AlpacaException.Kind.PROTOCOL, 0,
                    "GET " + path + "/" + member + " on " + client.endpoint() + " answered " + v + ", expected " + expected);
        }
        return v;
    }

    // ---- operations ----

    /** A new operation, completed with DeviceRemovedException when the device goes away first. */
    protected final <T> CompletableFuture<T> newOperation() {
        CompletableFuture<T> f = new CompletableFuture<>();
        if (closed) {
            f.completeExceptionally(new DeviceRemovedException(id()));
            return f;
        }
        pending.add(f);
        f.whenComplete((v, e) -> pending.remove(f));
        if (closed) {
            f.completeExceptionally(new DeviceRemovedException(id()));
        }
        return f;
    }

    /** Runs a step of an operation on the worker; a failure completes the operation. */
    protected final void step(CompletableFuture<?> operation, Duration delay, Runnable step) {
        Runnable guarded = () -> {
            if (operation.isDone()) {
                return;
            }
            try {
                step.run();
            } catch (RuntimeException e) {
                if (closed) {
                    operation.completeExceptionally(new DeviceRemovedException(id()));
                    return;
                }
                if (e instanceof AlpacaException a && (a.connectionProblem()
                        || a.errorNumber() == AlpacaException.NOT_CONNECTED)) {
                    failed(e);
                }
                operation.completeExceptionally(e instanceof DeviceException ? e
                        : new DeviceException(id(), where() + ": " + e, e));
            }
        };
        try {
            if (delay.isZero()) {
                worker.execute(guarded);
            } else {
                worker.schedule(guarded, delay.toNanos(), TimeUnit.NANOSECONDS);
            }
        } catch (RejectedExecutionException e) {
            operation.completeExceptionally(new DeviceRemovedException(id()));
        }
    }

    /** Starts an operation on the worker once the device is connected. */
    protected final void begin(CompletableFuture<?> operation, Runnable start) {
        step(operation, Duration.ZERO, () -> {
            try {
                ensureConnected();
            } catch (RuntimeException e) {
                failed(e);
                throw e;
            }
            start.run();
        });
    }

    protected final boolean closed() {
        return closed;
    }

    /** Stops polling, fails what is pending with DeviceRemovedException, stops every thread. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        DeviceRemovedException removed = new DeviceRemovedException(id());
        for (CompletableFuture<?> f : pending.toArray(CompletableFuture[]::new)) {
            f.completeExceptionally(removed);
        }
        worker.shutdownNow();
        client.close();
        try {
            if (!worker.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("Alpaca device '{}': its worker thread did not stop within 5 s", id());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        state = ConnectionState.DISCONNECTED;
        status = "removed";
        LOG.debug("Alpaca device '{}' closed", id());
    }
}
