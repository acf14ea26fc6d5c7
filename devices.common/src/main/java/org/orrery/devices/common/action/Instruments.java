package org.orrery.devices.common.action;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.orrery.device.Device;
import org.orrery.device.DeviceRemovedException;
import org.orrery.files.Compression;
import org.orrery.files.FileStore;
import org.orrery.platform.OrreryHome;
import org.orrery.task.ActionContext;
import org.orrery.task.TaskTimeoutException;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every instrument action of this bundle shares: the devices in the service registry (by
 * id, waited for when absent, watched for removal), the configured defaults, the home folder and
 * a small pool that writes image files off the drivers' threads.
 */
public class Instruments implements AutoCloseable {


    /** How often a task waiting for a device looks again. */
    public static final Duration POLL = Duration.ofMillis(200);

    private static final Logger LOG = LoggerFactory.getLogger(Instruments.class);

    /**
     * The settings form. Its name and description come from each bundle's
     * {@code OSGI-INF/l10n/instruments.properties}, so the Web Console lists "Orrery camera
     * actions", "Orrery telescope actions", … rather than three forms of one name.
     */
    @ObjectClassDefinition(name = "%instruments.name", description = "%instruments.description",
            localization = "OSGI-INF/l10n/instruments")
    public @interface Config {
        @AttributeDefinition(name = "Device wait (s)", min = "0",
                description = "How long a task waits for a device that is absent or not connected before it fails.")
        double device_wait_seconds() default 300;

        @AttributeDefinition(name = "Readout margin (s)", min = "0",
                description = "Added to the exposure time to bound the wait for each frame.")
        double readout_margin_seconds() default 60;

        @AttributeDefinition(name = "Slowest slew rate (°/s)",
                description = "A slew is given its distance / this rate plus the slew margin.")
        double slew_rate_degrees_per_second() default 1.0;

        @AttributeDefinition(name = "Slew margin (s)", min = "0", description = "Added to the slew's time bound.")
        double slew_margin_seconds() default 60;

        @AttributeDefinition(name = "Slew tolerance (arcmin)",
                description = "How far from the target a mount may be after a slew (mount.slew's tolerance_arcmin overrides it).")
        double slew_tolerance_arcmin() default 1.0;

        @AttributeDefinition(name = "Park timeout (s)", min = "1", description = "Bound on mount.park and mount.unpark.")
        double park_timeout_seconds() default 300;

        @AttributeDefinition(name = "Tracking timeout (s)", min = "1", description = "Bound on mount.track.")
        double tracking_timeout_seconds() default 30;

        @AttributeDefinition(name = "Slowest focuser rate (steps/s)",
                description = "A focuser move is given its steps / (this rate × speed) plus the focuser margin.")
        double focuser_rate_steps_per_second() default 100;

        @AttributeDefinition(name = "Focuser margin (s)", min = "0", description = "Added to a focuser move's time bound.")
        double focuser_margin_seconds() default 30;

        @AttributeDefinition(name = "Focuser tolerance (steps)", min = "0",
                description = "How far from the target a focuser may be after a move.")
        int focuser_tolerance_steps() default 0;

        @AttributeDefinition(name = "Filter timeout (s)", min = "1", description = "Bound on a filter change.")
        double filter_timeout_seconds() default 60;

        @AttributeDefinition(name = "Slowest stage rate (µm/s)",
                description = "A stage move is given its distance / this rate plus the stage margin.")
        double stage_rate_microns_per_second() default 100;

        @AttributeDefinition(name = "Stage margin (s)", min = "0", description = "Added to a stage move's time bound.")
        double stage_margin_seconds() default 30;

        @AttributeDefinition(name = "Stage tolerance (µm)",
                description = "How far from the target a stage may be after a move, per axis.")
        double stage_tolerance_microns() default 1.0;

        @AttributeDefinition(name = "Settle time (s)", min = "0",
                description = "A position that is not yet right when the device says done is read again for this long before the task fails.")
        double settle_seconds() default 2;

        @AttributeDefinition(name = "Image folder",
                description = "Where FITS and PNG files go: relative to ORRERY_HOME/data, or an absolute path.")
        String images_folder() default "images";

        @AttributeDefinition(name = "Preview size (px)", min = "64",
                description = "Longest side of a PNG preview; larger frames are binned down for it.")
        int preview_max_size() default 2048;

        @AttributeDefinition(name = "Frame store", options = {
                @org.osgi.service.metatype.annotations.Option(label = "images folder (plain FITS files)", value = "images"),
                @org.osgi.service.metatype.annotations.Option(label = "file store (compressed, encrypted)", value = "files") },
                description = "Where camera.expose puts frames when a task does not say (frame_store): the images"
                        + " folder as today, or the file store (bundle org.orrery.store.files) under frames/<date>/.")
        String frame_store() default "images";

        @AttributeDefinition(name = "Frame compression", options = {
                @org.osgi.service.metatype.annotations.Option(label = "none", value = "none"),
                @org.osgi.service.metatype.annotations.Option(label = "gzip (.fits.gz)", value = "gzip"),
                @org.osgi.service.metatype.annotations.Option(label = "zstd (.fits.zst)", value = "zstd") },
                description = "How frames in the file store are compressed when a task does not say (frame_compression).")
        String frame_compression() default "gzip";

        @AttributeDefinition(name = "Encrypt frames",
                description = "Whether frames in the file store are encrypted when a task does not say (frame_encrypt).")
        boolean frame_encrypt() default false;

        @AttributeDefinition(name = "Microscope", required = false,
                description = "Device id of the microscope that capture_image, move_stage and adjust_focus use; empty: the first by id.")
        String microscope_id() default "";
    }

    /** Devices by id; more than one only if two services claim the same id (the first wins). */
    private final TreeMap<String, Deque<RegisteredDevice>> devices = new TreeMap<>();
    /** The same entries by their key: the service id (or the object, when added by hand). */
    private final Map<Object, RegisteredDevice> entries = new HashMap<>();
    /** The devices got so far, by object. */
    private final IdentityHashMap<Device, String> ids = new IdentityHashMap<>();
    private final IdentityHashMap<Device, List<Watch>> watches = new IdentityHashMap<>();
    private final Object lock = new Object();
    private final OrreryHome home;
    private final ThreadPoolExecutor work;
    private volatile Settings settings;
    private volatile FrameDestination frames = new FrameDestination(false, Compression.GZIP, false);
    private volatile FileStore fileStore;

    /**
     * The instruments of a device bundle's component.
     *
     * @param kind the bundle's kind of device ({@code camera}), which names its threads
     */
    protected Instruments(BundleContext context, Config config, String kind) {
        this(OrreryHome.fromProperty(context.getProperty(OrreryHome.PROPERTY)), Settings.from(config), kind);
        this.frames = frames(config);
    }

    public Instruments(OrreryHome home, Settings settings, String kind) {
        this.home = home;
        this.settings = settings;
        AtomicInteger n = new AtomicInteger();
        this.work = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "orrery-" + kind + "-work-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.work.allowCoreThreadTimeOut(true);
    }

    @Modified
    public void modified(Config config) {
        settings = Settings.from(config);
        frames = frames(config);
        LOG.debug("Instrument action settings changed: {}", settings);
    }

    private static FrameDestination frames(Config config) {
        Compression compression;
        try {
            compression = Compression.parse(config.frame_compression());
        } catch (IllegalArgumentException e) {
            LOG.warn("Setting frame_compression: {}; frames in the file store are gzip-compressed", e.getMessage());
            compression = Compression.GZIP;
        }
        boolean files = FrameDestination.FILES.equalsIgnoreCase(String.valueOf(config.frame_store()).trim());
        return new FrameDestination(files, compression, config.frame_encrypt());
    }

    /** Where frames go when a task does not say ({@code frame_store}, {@code frame_compression}, {@code frame_encrypt}). */
    public FrameDestination frameDefault() {
        return frames;
    }

    /** Sets {@link #frameDefault()} (a test's; the configuration sets it otherwise). */
    public void frameDefault(FrameDestination destination) {
        frames = destination;
    }

    @Reference(service = FileStore.class, cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            unbind = "removeFileStore")
    public synchronized void addFileStore(FileStore store) {
        fileStore = store;
    }

    public synchronized void removeFileStore(FileStore store) {
        if (fileStore == store) {
            fileStore = null;
        }
    }

    /** The file store frames may go to, or null when there is none (bundle org.orrery.store.files). */
    public FileStore fileStore() {
        return fileStore;
    }

    @Deactivate
    @Override
    public void close() {
        work.shutdownNow();
    }

    /**
     * A device service appeared: known by its properties until an action needs it (then DS
     * activates it), so a simulator or driver nobody uses does no work.
     */
    @Reference(service = Device.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "unbindDevice")
    public void bindDevice(ComponentServiceObjects<Device> device, Map<String, Object> properties) {
        Object id = properties.get(Device.ID);
        Object key = properties.get(Constants.SERVICE_ID);
        Map<String, Object> copy = Map.copyOf(properties);
        if (id instanceof String s && !s.isBlank()) {
            add(new RegisteredDevice(s, key, copy, device::getService));
        } else {
            Device d = device.getService(); // no id property: only the object knows its id
            if (d != null) {
                add(new RegisteredDevice(d.id(), key, copy, () -> d));
            }
        }
    }

    public void unbindDevice(ComponentServiceObjects<Device> device, Map<String, Object> properties) {
        remove(properties.get(Constants.SERVICE_ID));
    }

    /** Adds a device object at hand (a test's); {@link Device#ID} in {@code properties} overrides its id. */
    public void addDevice(Device device, Map<String, Object> properties) {
        add(RegisteredDevice.of(idOf(device, properties), device, properties));
    }

    public void removeDevice(Device device, Map<String, Object> properties) {
        remove(device);
    }

    private void add(RegisteredDevice entry) {
        synchronized (lock) {
            devices.computeIfAbsent(entry.id, k -> new ArrayDeque<>()).addLast(entry);
            entries.put(entry.key, entry);
            Device d = entry.obtained();
            if (d != null) {
                ids.put(d, entry.id);
            }
        }
        LOG.debug("Device '{}' available to actions", entry.id);
    }

    private void remove(Object key) {
        List<Watch> gone;
        RegisteredDevice entry;
        synchronized (lock) {
            entry = entries.remove(key);
            if (entry == null) {
                return;
            }
            Deque<RegisteredDevice> same = devices.get(entry.id);
            if (same != null) {
                same.removeIf(d -> d == entry);
                if (same.isEmpty()) {
                    devices.remove(entry.id);
                }
            }
            Device device = entry.obtained();
            List<Watch> w = device == null ? null : watches.remove(device);
            if (device != null) {
                ids.remove(device);
            }
            gone = w == null ? List.of() : w;
        }
        LOG.debug("Device '{}' removed; {} operation(s) on it fail", entry.id, gone.size());
        for (Watch w : gone) {
            w.fire(new DeviceRemovedException(entry.id));
        }
    }

    /** The entry's device, got outside the lock (its activation may register services that bind here). */
    private Device deviceOf(RegisteredDevice entry) {
        if (entry == null) {
            return null;
        }
        Device d = entry.device();
        if (d != null) {
            synchronized (lock) {
                if (entries.get(entry.key) == entry) {
                    ids.putIfAbsent(d, entry.id);
                }
            }
        }
        return d;
    }

    private static String idOf(Device device, Map<String, Object> properties) {
        Object id = properties == null ? null : properties.get(Device.ID);
        if (id instanceof String s && !s.isBlank()) {
            return s;
        }
        return device.id();
    }

    public Settings settings() {
        return settings;
    }

    public OrreryHome home() {
        return home;
    }

    /** The folder images go to: {@code images_folder} under ORRERY_HOME/data unless absolute. */
    public Path imagesFolder() {
        return home.data().resolve(settings.imagesFolder()).normalize();
    }

    /** Where image files are written and other CPU/disk work is done, off the drivers' threads. */
    public Executor work() {
        return work;
    }

    /** The id a device is registered under, or its own id when it is not (a microscope's part). */
    public String idOf(Device device) {
        synchronized (lock) {
            String id = ids.get(device);
            return id != null ? id : device.id();
        }
    }

    /** The device with this id now, or null. */
    public Device byId(String id) {
        RegisteredDevice entry;
        synchronized (lock) {
            Deque<RegisteredDevice> d = devices.get(id);
            entry = d == null ? null : d.peekFirst();
        }
        return deviceOf(entry);
    }

    /** The first device of this type by id order now, or null; only devices that may be one are got. */
    public <T extends Device> T first(Class<T> type) {
        List<RegisteredDevice> candidates = new ArrayList<>();
        synchronized (lock) {
            for (Deque<RegisteredDevice> d : devices.values()) {
                RegisteredDevice entry = d.peekFirst();
                if (entry.mayBe(type)) {
                    candidates.add(entry);
                }
            }
        }
        for (RegisteredDevice entry : candidates) {
            Device device = deviceOf(entry);
            if (type.isInstance(device)) {
                return type.cast(device);
            }
        }
        return null;
    }

    /** The device with the given id if it is of that type, or with a null id the first of the type; else null. */
    public <T extends Device> T find(Class<T> type, String id) {
        if (id == null) {
            return first(type);
        }
        Device d = byId(id);
        return type.isInstance(d) ? type.cast(d) : null;
    }

    /**
     * The device a task needs, once it is registered and connected. While it is absent or not
     * connected the task waits (reporting "waiting for camera 'x'"), bounded by the device wait;
     * then it fails with a {@link TaskTimeoutException} saying what was there instead.
     *
     * @param label what the device is, for people: "camera", "mount", …
     * @param id the device id, or null for the first of the type by id order
     */
    public <T extends Device> CompletableFuture<T> await(ActionContext context, Class<T> type, String label, String id) {
        return DeviceWait.start(this, context, type, label, id);
    }

    /** The devices now, for messages: {@code sim-camera (camera), sim-mount (mount)} or {@code none}. */
    public String describeDevices() {
        List<RegisteredDevice> first;
        synchronized (lock) {
            first = devices.values().stream().map(Deque::peekFirst).toList();
        }
        if (first.isEmpty()) {
            return "none";
        }
        return first.stream().map(e -> e.id + " (" + e.typeId() + ")").collect(Collectors.joining(", "));
    }

    /**
     * Calls {@code onRemoved} (once) if this device instance leaves the registry before the watch
     * is closed. Watching a device that is not registered (a microscope's part: watch the
     * microscope) does nothing.
     */
    public Watch watch(Device device, Consumer<DeviceRemovedException> onRemoved) {
        Watch w = new Watch(device, onRemoved);
        synchronized (lock) {
            if (ids.containsKey(device)) {
                watches.computeIfAbsent(device, k -> new ArrayList<>()).add(w);
            }
        }
        return w;
    }

    /** A registration for the removal of one device instance; closing it forgets it. */
    public final class Watch implements AutoCloseable {
        private final Device device;
        private final Consumer<DeviceRemovedException> onRemoved;

        private Watch(Device device, Consumer<DeviceRemovedException> onRemoved) {
            this.device = device;
            this.onRemoved = onRemoved;
        }

        private void fire(DeviceRemovedException e) {
            try {
                onRemoved.accept(e);
            } catch (RuntimeException ex) {
                LOG.warn("Removal handler for device '{}' failed", e.deviceId(), ex);
            }
        }

        @Override
        public void close() {
            synchronized (lock) {
                List<Watch> list = watches.get(device);
                if (list != null) {
                    list.remove(this);
                    if (list.isEmpty()) {
                        watches.remove(device);
                    }
                }
            }
        }
    }
}
