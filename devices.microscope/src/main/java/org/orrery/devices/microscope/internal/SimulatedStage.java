package org.orrery.devices.microscope.internal;

import org.orrery.device.Device;
import org.orrery.device.Stage;
import org.orrery.devices.common.sim.Checks;
import org.orrery.devices.common.sim.DeviceWorker;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A simulated standalone XYZ stage (one per factory configuration {@value #PID}). */
@Component(service = {Stage.class, Device.class}, configurationPid = SimulatedStage.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = {Device.TYPE + "=stage", Device.DRIVER + "=simulator"})
@Designate(ocd = SimulatedStage.Config.class, factory = true)
public final class SimulatedStage extends StageDevice {

    public static final String PID = "org.orrery.devices.simulator.stage";

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedStage.class);

    @ObjectClassDefinition(name = "Orrery simulated stage", description = "A simulated motorised XYZ stage (µm).")
    public @interface Config {
        @AttributeDefinition(name = "Device id", description = "Unique id (device.id): letters, digits, '.', '_', '-'.")
        String device_id() default "sim-stage";

        @AttributeDefinition(name = "Name")
        String name() default "Orrery simulated stage";

        @AttributeDefinition(name = "x min (µm)", description = "x.min")
        double x_min() default 0;

        @AttributeDefinition(name = "x max (µm)", description = "x.max")
        double x_max() default 100_000;

        @AttributeDefinition(name = "y min (µm)", description = "y.min")
        double y_min() default 0;

        @AttributeDefinition(name = "y max (µm)", description = "y.max")
        double y_max() default 75_000;

        @AttributeDefinition(name = "z min (µm)", description = "z.min")
        double z_min() default 0;

        @AttributeDefinition(name = "z max (µm)", description = "z.max")
        double z_max() default 10_000;

        @AttributeDefinition(name = "x/y speed (µm/s)", description = "xy.speed")
        double xy_speed() default 5000;

        @AttributeDefinition(name = "z speed (µm/s)", description = "z.speed")
        double z_speed() default 1000;

        @AttributeDefinition(name = "Web Console name", description = "How the Web Console lists this configuration.")
        String webconsole_configurationFactory_nameHint() default "{device.id}";
    }

    @Activate
    public SimulatedStage(Config c) {
        super(check(c).device_id(), c.name(), limits(c), c.xy_speed(), c.z_speed(), center(limits(c)),
                new DeviceWorker(c.device_id()));
        LOG.info("Simulated stage '{}' ready", id);
    }

    public static Config check(Config c) {
        Checks.deviceId(c.device_id());
        double[] l = limits(c);
        for (int i = 0; i < 3; i++) {
            if (!(l[2 * i] <= l[2 * i + 1])) {
                throw new IllegalArgumentException("stage limits must be min <= max on each axis, were " + l[2 * i]
                        + " and " + l[2 * i + 1]);
            }
        }
        if (!(c.xy_speed() > 0) || !(c.z_speed() > 0)) {
            throw new IllegalArgumentException("xy.speed and z.speed must be more than 0 µm/s, were " + c.xy_speed()
                    + " and " + c.z_speed());
        }
        return c;
    }

    static double[] limits(Config c) {
        return new double[] {c.x_min(), c.x_max(), c.y_min(), c.y_max(), c.z_min(), c.z_max()};
    }

    static double[] center(double[] l) {
        return new double[] {(l[0] + l[1]) / 2, (l[2] + l[3]) / 2, (l[4] + l[5]) / 2};
    }

    @Deactivate
    public void deactivate() {
        shutdown();
        LOG.info("Simulated stage '{}' stopped", id);
    }
}
