package org.orrery.devices.indi.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.orrery.device.Camera;
import org.orrery.device.Device;
import org.orrery.device.DeviceType;
import org.orrery.device.FilterWheel;
import org.orrery.device.Focuser;
import org.orrery.device.Mount;
import org.orrery.device.SafetyMonitor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured INDI server: the client, and an Orrery device service for every INDI device of
 * a known type on it. Devices stay registered while the server or their driver is briefly away
 * (their state says so) and are unregistered when they do not come back within removal.grace.
 */
final class IndiServer implements IndiClient.Listener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IndiServer.class);

    /** DRIVER_INFO.DRIVER_INTERFACE bits (INDI BaseDevice::DRIVER_INTERFACE). */
    static final int TELESCOPE_INTERFACE = 1;
    static final int CCD_INTERFACE = 1 << 1;
    static final int FOCUSER_INTERFACE = 1 << 3;
    static final int FILTER_INTERFACE = 1 << 4;
    static final int WEATHER_INTERFACE = 1 << 7;

    private final IndiSettings settings;
    private final DeviceRegistrar registrar;
    private final ScheduledThreadPoolExecutor timer;
    private final ThreadPoolExecutor operations;
    private final IndiClient client;
    /** By INDI device name; touched on the timer thread only (and by close()). */
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    /** Per INDI device: the device and server epochs in which Orrery asked for CONNECT. */
    private final Map<String, String> connectAsked = new LinkedHashMap<>();
    private volatile boolean closed;

    private static final class Entry {
        final AbstractIndiDevice device;
        DeviceRegistrar.Registration registration;
        /** When the device was last seen gone (nanoTime), 0 while present. */
        long goneSince;
        boolean connectedOnce;
        boolean wasConnected;

        Entry(AbstractIndiDevice device) {
            this.device = device;
        }
    }

    IndiServer(IndiSettings settings, DeviceRegistrar registrar) {
        this.settings = settings;
        this.registrar = registrar;
        String name = "indi-" + settings.address();
        this.timer = new ScheduledThreadPoolExecutor(1, threads(name + "-timer"));
        this.timer.setRemoveOnCancelPolicy(true);
        this.timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.operations = new ThreadPoolExecutor(0, 64, 10, TimeUnit.SECONDS, new SynchronousQueue<>(),
                threads(name + "-op"));
        this.client = new IndiClient(settings.host(), settings.port(), (int) settings.connectTimeout().toMillis(),
                settings.reconnectDelay().toMillis(), settings.reconnectDelayMax().toMillis(), timer, this);
    }

    /** Every thread this server's executors started, so close() can wait until each has ended. */
    private final java.util.Set<Thread> started = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(() -> {
                try {
                    r.run();
                } finally {
                    started.remove(Thread.currentThread());
                }
            }, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            started.add(t);
            return t;
        };
    }

    void start() {
        LOG.info("INDI server {}: connecting (devices: {}, connect: {})", settings.address(),
                settings.devices().isEmpty() ? "all" : settings.devices(), settings.connect());
        client.start();
    }

    IndiClient client() {
        return client;
    }

    IndiSettings settings() {
        return settings;
    }

    ExecutorService operations() {
        return operations;
    }

    boolean closed() {
        return closed;
    }

    // ---- client events (reader threads): hand over to the timer thread ----

    @Override
    public void serverConnected() {
        later(this::onServerConnected, 0);
    }

    @Override
    public void serverLost(String reason) {
        later(() -> onServerLost(reason), 0);
    }

    @Override
    public void vectorChanged(IndiVector vector, boolean defined) {
        String name = vector.name();
        if (name.equals("CONNECTION") || name.equals("DRIVER_INFO") || (defined && typeOf(vector.device()) != null)) {
            later(() -> onDeviceChanged(vector.device()), 0);
        }
    }

    @Override
    public void deviceRemoved(String device) {
        later(() -> onDeviceRemoved(device), 0);
    }

    @Override
    public void message(String device, String text) {
        if (device != null && LOG.isDebugEnabled()) {
            LOG.debug("INDI '{}': {}", device, text);
        }
    }

    private void later(Runnable r, long delayMillis) {
        if (closed) {
            return;
        }
        try {
            timer.schedule(() -> {
                try {
                    if (!closed) {
                        r.run();
                    }
                } catch (RuntimeException e) {
                    LOG.warn("INDI server {}: {}", settings.address(), e.toString(), e);
                }
            }, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    // ---- on the timer thread ----

    private void onServerConnected() {
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            if (!client.hasDevice(e.getKey())) {
                scheduleRemovalCheck(e.getKey());
            }
        }
    }

    private void onServerLost(String reason) {
        for (Entry e : entries.values()) {
            if (e.goneSince == 0) {
                e.goneSince = System.nanoTime();
            }
            e.device.deviceGone(reason);
            e.wasConnected = false;
        }
    }

    private void onDeviceChanged(String device) {
        if (!settings.devices().isEmpty() && !settings.devices().contains(device)) {
            return;
        }
        if (!client.hasDevice(device)) {
            return;
        }
        Entry entry = entries.get(device);
        DeviceType type = typeOf(device);
        if (entry == null && type != null) {
            entry = new Entry(create(type, device));
            entries.put(device, entry);
            register(entry, type);
        }
        if (entry != null && entry.goneSince != 0) {
            entry.goneSince = 0;
            entry.device.deviceBack();
            LOG.info("INDI device '{}' is back on {}", device, settings.address());
        }
        IndiVector connection = client.property(device, "CONNECTION");
        if (connection == null) {
            return;
        }
        if (settings.connect() && !connection.on("CONNECT") && connection.state() != IndiState.BUSY
                && (type != null || interfaces(device) < 0)) {
            String epoch = client.serverEpoch() + "/" + client.deviceEpoch(device);
            if (!epoch.equals(connectAsked.get(device))) {
                connectAsked.put(device, epoch);
                LOG.info("INDI server {}: connecting device '{}'", settings.address(), device);
                try {
                    client.sendNew(device, "CONNECTION", IndiKind.SWITCH, AbstractIndiDevice.values("CONNECT", "On"));
                } catch (IOException e) {
                    LOG.debug("could not connect '{}': {}", device, e.getMessage());
                }
            }
        }
        if (entry != null) {
            boolean now = connection.on("CONNECT") && connection.state() == IndiState.OK;
            if (now && !entry.wasConnected) {
                if (entry.connectedOnce) {
                    AbstractIndiDevice d = entry.device;
                    // the typed properties follow CONNECTION: give them a moment before re-applying
                    later(d::reapplySettings, 300);
                }
                entry.connectedOnce = true;
            }
            entry.wasConnected = now;
        }
    }

    private void onDeviceRemoved(String device) {
        Entry entry = entries.get(device);
        connectAsked.remove(device);
        if (entry == null) {
            return;
        }
        LOG.warn("INDI driver for '{}' on {} went away; waiting up to {} for it to come back", device,
                settings.address(), AbstractIndiDevice.seconds(settings.removalGrace()));
        entry.goneSince = System.nanoTime();
        entry.wasConnected = false;
        entry.device.deviceGone("INDI driver for '" + device + "' went away; waiting for it to come back");
        // a restarted driver does not define its properties again until asked
        for (long delay : new long[] {300, 1000, 3000, 7000}) {
            if (delay < settings.removalGrace().toMillis()) {
                later(() -> {
                    if (!client.hasDevice(device)) {
                        client.askForProperties(device);
                    }
                }, delay);
            }
        }
        scheduleRemovalCheck(device);
    }

    private void scheduleRemovalCheck(String device) {
        later(() -> {
            Entry e = entries.get(device);
            if (e != null && client.connected() && !client.hasDevice(device)) {
                LOG.info("INDI device '{}' did not come back to {}: removing {}", device, settings.address(),
                        e.device.id());
                entries.remove(device);
                unregister(e);
            }
        }, settings.removalGrace().toMillis());
    }

    private DeviceType typeOf(String device) {
        if (client.property(device, "CCD_EXPOSURE") != null) {
            return DeviceType.CAMERA;
        }
        if (client.property(device, "EQUATORIAL_EOD_COORD") != null) {
            return DeviceType.MOUNT;
        }
        if (client.property(device, "ABS_FOCUS_POSITION") != null) {
            return DeviceType.FOCUSER;
        }
        if (client.property(device, "FILTER_SLOT") != null) {
            return DeviceType.FILTER_WHEEL;
        }
        if (client.property(device, IndiSafetyMonitor.STATUS) != null) {
            return DeviceType.SAFETY_MONITOR;
        }
        int bits = interfaces(device);
        if (bits <= 0) {
            return null;
        }
        if ((bits & CCD_INTERFACE) != 0) {
            return DeviceType.CAMERA;
        }
        if ((bits & TELESCOPE_INTERFACE) != 0) {
            return DeviceType.MOUNT;
        }
        if ((bits & FOCUSER_INTERFACE) != 0) {
            return DeviceType.FOCUSER;
        }
        if ((bits & FILTER_INTERFACE) != 0) {
            return DeviceType.FILTER_WHEEL;
        }
        if ((bits & WEATHER_INTERFACE) != 0) {
            return DeviceType.SAFETY_MONITOR;
        }
        return null;
    }

    /** DRIVER_INFO.DRIVER_INTERFACE, or -1 when the driver does not say. */
    private int interfaces(String device) {
        IndiVector info = client.property(device, "DRIVER_INFO");
        if (info == null) {
            return -1;
        }
        double bits = IndiElement.parseNumber(info.text("DRIVER_INTERFACE"));
        return Double.isNaN(bits) ? -1 : (int) bits;
    }

    private AbstractIndiDevice create(DeviceType type, String device) {
        return switch (type) {
            case CAMERA -> new IndiCamera(this, device);
            case MOUNT -> new IndiMount(this, device);
            case FOCUSER -> new IndiFocuser(this, device);
            case FILTER_WHEEL -> new IndiFilterWheel(this, device);
            case SAFETY_MONITOR -> new IndiSafetyMonitor(this, device);
            default -> throw new IllegalArgumentException("no INDI adapter for " + type);
        };
    }

    private void register(Entry entry, DeviceType type) {
        AbstractIndiDevice d = entry.device;
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(Device.ID, d.id());
        props.put(Device.TYPE, type.id());
        props.put(Device.DRIVER, "indi");
        props.put("indi.device", d.indiName());
        props.put("indi.server", settings.address());
        String contract = switch (type) {
            case CAMERA -> Camera.class.getName();
            case MOUNT -> Mount.class.getName();
            case FOCUSER -> Focuser.class.getName();
            case FILTER_WHEEL -> FilterWheel.class.getName();
            case SAFETY_MONITOR -> SafetyMonitor.class.getName();
            default -> throw new IllegalArgumentException(type.toString());
        };
        entry.registration = registrar.register(d, List.of(contract, Device.class.getName()), props);
        LOG.info("INDI device '{}' on {} registered as {} '{}'", d.indiName(), settings.address(), type.id(), d.id());
    }

    private void unregister(Entry e) {
        e.device.removed();
        DeviceRegistrar.Registration r = e.registration;
        e.registration = null;
        if (r != null) {
            try {
                r.unregister();
            } catch (IllegalStateException ex) {
                // already gone with the bundle
            }
        }
    }

    /**
     * Closes the connections and their threads, fails pending operations with
     * DeviceRemovedException, unregisters the devices, and stops every thread this server started.
     */
    @Override
    public void close() {
        closed = true;
        List<Entry> all = new ArrayList<>();
        try {
            // run on the timer thread so no event handler is halfway through
            timer.submit(() -> {
                all.addAll(entries.values());
                entries.clear();
            }).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            all.addAll(entries.values());
            entries.clear();
        }
        client.close();
        for (Entry e : all) {
            unregister(e);
        }
        operations.shutdownNow();
        timer.shutdownNow();
        try {
            if (!operations.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("INDI server {}: operation threads did not end within 5 s", settings.address());
            }
            if (!timer.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("INDI server {}: timer thread did not end within 5 s", settings.address());
            }
            // a pool is "terminated" a moment before its last worker thread returns
            for (Thread t : List.copyOf(started)) {
                if (t == Thread.currentThread()) {
                    continue;
                }
                t.join(5000);
                if (t.isAlive()) {
                    LOG.warn("INDI server {}: thread {} did not end within 5 s", settings.address(), t.getName());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("INDI server {}: closed", settings.address());
    }
}
