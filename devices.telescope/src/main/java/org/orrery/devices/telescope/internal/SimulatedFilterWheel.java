package org.orrery.devices.telescope.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.orrery.device.Device;
import org.orrery.device.FilterWheel;
import org.orrery.devices.common.sim.Checks;
import org.orrery.devices.common.sim.DeviceWorker;
import org.orrery.devices.common.sim.MovingDevice;
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
public final class SimulatedFilterWheel extends MovingDevice implements FilterWheel {

    public static final String PID = "org.orrery.devices.simulator.filterwheel";

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

    private final FilterWheelModel model;

    @Activate
    public SimulatedFilterWheel(Config config) {
        super("filter wheel", check(config).device_id(), config.name(), new DeviceWorker(config.device_id().trim()));
        List<String> names = names(config.filters());
        this.model = new FilterWheelModel(names, config.seconds_per_slot(), config.start_slot(), System.nanoTime());
        LOG.info("Simulated filter wheel '{}' ready ({})", id, names);
    }

    public static Config check(Config c) {
        Checks.deviceId(c.device_id());
        List<String> names = names(c.filters());
        Checks.range("seconds.per.slot", " s", 0, 600, c.seconds_per_slot());
        Checks.range("start.slot", "", 1, names.size(), c.start_slot());
        return c;
    }

    public static List<String> names(String filters) {
        List<String> names = Arrays.stream(filters == null ? new String[0] : filters.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (names.isEmpty()) {
            throw new IllegalArgumentException("filters must name at least one filter (comma-separated), was '"
                    + filters + "'");
        }
        return names;
    }

    @Deactivate
    public void deactivate() {
        shutdown();
        LOG.info("Simulated filter wheel '{}' stopped", id);
    }

    @Override
    public synchronized void stopped() {
        model.stop(System.nanoTime());
        super.stopped();
    }

    @Override
    public synchronized int slot() {
        return moving() ? 0 : model.slot(System.nanoTime());
    }

    @Override
    public List<String> filterNames() {
        return model.names();
    }

    @Override
    protected void putValues(Map<String, Object> v) {
        synchronized (this) {
            boolean moving = moving();
            int slot = moving ? 0 : model.slot(System.nanoTime());
            v.put("slot", slot);
            v.put("filter", slot == 0 ? "" : model.names().get(slot - 1));
            v.put("moving", moving);
            v.put("target_slot", model.target());
        }
        v.put("filters", model.names());
    }

    @Override
    public CompletionStage<Void> select(int slot) {
        return move(now -> model.select(slot, now), now -> model.finish(), "a turn to slot " + slot);
    }

    @Override
    protected String motionUnderWay() {
        return "turn";
    }

    /** Turning to the slot it stands at takes no time and no timer. */
    @Override
    protected boolean doneAtOnce(double seconds) {
        return seconds == 0;
    }
}
