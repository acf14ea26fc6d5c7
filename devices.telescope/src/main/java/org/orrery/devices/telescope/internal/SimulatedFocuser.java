package org.orrery.devices.telescope.internal;

import org.orrery.device.Device;
import org.orrery.device.Focuser;
import org.orrery.devices.common.sim.Checks;
import org.orrery.devices.common.sim.DeviceWorker;
import org.orrery.devices.common.sim.FocuserDevice;
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
 * A simulated focuser (one per factory configuration {@value #PID}). Its {@code best.position} is
 * also a service property: the simulated camera reads it to know how far out of focus it is.
 */
@Component(service = {Focuser.class, Device.class}, configurationPid = SimulatedFocuser.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = {Device.TYPE + "=focuser", Device.DRIVER + "=simulator"})
@Designate(ocd = SimulatedFocuser.Config.class, factory = true)
public final class SimulatedFocuser extends FocuserDevice {

    public static final String PID = "org.orrery.devices.simulator.focuser";

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedFocuser.class);

    @ObjectClassDefinition(name = "Orrery simulated focuser",
            description = "A simulated absolute focuser; the simulated camera's stars are sharpest at its best position.")
    public @interface Config {
        @AttributeDefinition(name = "Device id", description = "Unique id (device.id): letters, digits, '.', '_', '-'.")
        String device_id() default "sim-focuser";

        @AttributeDefinition(name = "Name")
        String name() default "Orrery simulated focuser";

        @AttributeDefinition(name = "Travel (steps)", min = "1", description = "Largest position (max.position).")
        int max_position() default 50000;

        @AttributeDefinition(name = "Best focus (steps)", min = "0",
                description = "Where stars are sharpest (best.position), also published as a service property.")
        int best_position() default 25000;

        @AttributeDefinition(name = "Speed (steps/s)", description = "At full speed (speed); a move may ask for less.")
        double speed() default 5000;

        @AttributeDefinition(name = "Position at start (steps)", description = "start.position")
        int start_position() default 24500;

        @AttributeDefinition(name = "Web Console name", description = "How the Web Console lists this configuration.")
        String webconsole_configurationFactory_nameHint() default "{device.id}";
    }

    private final int best;

    @Activate
    public SimulatedFocuser(Config config) {
        super(check(config).device_id(), config.name(), config.max_position(), config.speed(),
                config.start_position(), new DeviceWorker(config.device_id()));
        this.best = config.best_position();
        LOG.info("Simulated focuser '{}' ready (0 to {}, best focus {})", id, config.max_position(), best);
    }

    public static Config check(Config c) {
        Checks.deviceId(c.device_id());
        if (c.max_position() < 1) {
            throw new IllegalArgumentException("max.position must be at least 1 step, was " + c.max_position());
        }
        Checks.range("best.position", " steps", 0, c.max_position(), c.best_position());
        Checks.range("start.position", " steps", 0, c.max_position(), c.start_position());
        if (!(c.speed() > 0)) {
            throw new IllegalArgumentException("speed must be more than 0 steps per second, was " + c.speed());
        }
        return c;
    }

    public int bestPosition() {
        return best;
    }

    @Deactivate
    public void deactivate() {
        shutdown();
        LOG.info("Simulated focuser '{}' stopped", id);
    }
}
