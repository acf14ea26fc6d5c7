package org.orrery.devices.simulator.internal;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;

import org.orrery.device.ConnectionState;
import org.orrery.device.Device;
import org.orrery.device.DeviceException;
import org.orrery.device.DeviceRemovedException;
import org.orrery.device.FilterWheel;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated filter wheel (one per factory configuration {@value #PID}): turns slot by slot the
 * shorter way round; its slot is 0 while it turns.
 */
@Component(service = {FilterWheel.class, Device.class}, configurationPid = SimulatedFilterWheel.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = {Device.TYPE + "=filter_wheel", Device.DRIVER + "=simulator"})
@Designate(ocd = SimulatedFilterWheel.Config.class, factory = true)
public final class SimulatedFilterWheel implements FilterWheel {

    static final String PID = "org.orrery.devices.simulator.filterwheel";

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedFilterWheel.class);

    @ObjectClassDefinition(name = "Orrery simulated filter wheel", description = "A simulated filter wheel.")
    public @interface Config {
        @AttributeDefinition(name = "Device id", description = "Unique id (device.id): letters, digits, '.', '_', '-'.")
        String device_id() default "sim-filterwheel";

        @AttributeDefinition(name = "Name")
        String name() default "Orrery simulated filter wheel";

        @AttributeDefinition(name = "Filters", description = "Names by slot, comma-separated, slot 1 first (filters).")
        String filters() default "L,R,G,B,Ha,OIII,SII";

        @AttributeDefinition(name = "Seconds per slot", description = "Time to turn by one slot (seconds.per.slot).")
        double seconds_per_slot() default 0.3;

        @AttributeDefinition(name = "Slot at start", min = "1", description = "start.slot")
        int start_slot() default 1;

        @AttributeDefinition(name = "Web Console name", description = "How the Web Console lists this configuration.")
        String webconsole_configurationFactory_nameHint() default "{device.id}";
    }

    private final String id;
    private final String name;
    private final FilterWheelModel model;
    private final DeviceWorker worker;
    private CompletableFuture<Void> pending;
    private ScheduledFuture<?> timer;

    @Activate
    public SimulatedFilterWheel(Config config) {
        this.id = Checks.deviceId(config.device_id());
        this.name = Checks.nameOr(config.name(), id);
        List<String> names = names(config.filters());
        Checks.range("seconds.per.slot", " s", 0, 600, config.seconds_per_slot());
        Checks.range("start.slot", "", 1, names.size(), config.start_slot());
        this.model = new FilterWheelModel(names, config.seconds_per_slot(), config.start_slot(), System.nanoTime());
        this.worker = new DeviceWorker(id);
        LOG.info("Simulated filter wheel '{}' ready ({})", id, names);
    }

    static List<String> names(String filters) {
        List<String> names = Arrays.stream(filters == null ? new String[0] : filters.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (names.isEmpty()) {
            throw new IllegalArgumentException("filters must name at least one filter (comma-separated), was '"
                    + filters + "'");
        }
        return names;
    }

    @Deactivate
    void deactivate() {
        worker.close();
        synchronized (this) {
            model.stop(System.nanoTime());
            pending = null;
            timer = null;
        }
        LOG.info("Simulated filter wheel '{}' stopped", id);
    }

    boolean threadEnded() {
        return worker.terminated();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String driver() {
        return "simulator";
    }

    @Override
    public ConnectionState connectionState() {
        return worker.closed() ? ConnectionState.DISCONNECTED : ConnectionState.CONNECTED;
    }

    @Override
    public synchronized int slot() {
        return pending != null ? 0 : model.slot(System.nanoTime());
    }

    @Override
    public List<String> filterNames() {
        return model.names();
    }

    @Override
    public synchronized boolean moving() {
        return pending != null;
    }

    @Override
    public Map<String, Object> values() {
        Map<String, Object> v = new LinkedHashMap<>();
        synchronized (this) {
            int slot = pending != null ? 0 : model.slot(System.nanoTime());
            v.put("slot", slot);
            v.put("filter", slot == 0 ? "" : model.names().get(slot - 1));
            v.put("moving", pending != null);
            v.put("target_slot", model.target());
        }
        v.put("filters", model.names());
        v.put("connection_state", connectionState().id());
        return v;
    }

    @Override
    public CompletionStage<Void> select(int slot) {
        CompletableFuture<Void> replaced;
        CompletableFuture<Void> f;
        synchronized (this) {
            if (worker.closed()) {
                return DeviceWorker.failed(new DeviceRemovedException(id));
            }
            long now = System.nanoTime();
            double seconds;
            try {
                seconds = model.select(slot, now);
            } catch (IllegalArgumentException e) {
                return DeviceWorker.failed(new DeviceException(id, "filter wheel '" + id + "': " + e.getMessage()));
            }
            replaced = pending;
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
            if (seconds == 0 && replaced == null) {
                model.finish();
                return CompletableFuture.completedFuture(null);
            }
            f = worker.operation(id);
            pending = f;
            timer = worker.schedule(seconds, () -> arrived(f));
        }
        if (replaced != null) {
            worker.fail(replaced, new DeviceException(id, "filter wheel '" + id + "': turn interrupted by a turn to slot "
                    + slot));
        }
        return f;
    }

    private void arrived(CompletableFuture<Void> f) {
        synchronized (this) {
            if (pending != f) {
                return;
            }
            model.finish();
            pending = null;
            timer = null;
        }
        worker.complete(f, null);
    }
}
