package org.example.dewmonitor.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.orrery.device.ConnectionState;
import org.orrery.device.Device;
import org.orrery.device.SafetyMonitor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * A simulated dew monitor: no hardware, the temperature and humidity are what its configuration
 * or the {@code dewmonitor.simulate} action set. It says "unsafe" while the air is closer to its
 * dew point than the configured margin, so a night that watches safety stops before the optics
 * fog up.
 *
 * <p>One instance per factory configuration {@value #PID} (the Web Console's Configuration page
 * draws the form from {@link Config}); with none, one instance with the defaults, so the device
 * appears as soon as the bundle starts.
 */
@Component(service = {SafetyMonitor.class, Device.class, DewMonitor.class}, configurationPid = SimulatedDewMonitor.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {Device.ID + "=" + SimulatedDewMonitor.DEFAULT_ID, Device.TYPE + "=safety_monitor",
                Device.DRIVER + "=" + SimulatedDewMonitor.DRIVER})
@Designate(ocd = SimulatedDewMonitor.Config.class, factory = true)
public final class SimulatedDewMonitor implements DewMonitor {

    public static final String PID = "org.example.dewmonitor";
    static final String DEFAULT_ID = "dew-monitor";
    static final String DRIVER = "dew-simulator";

    private static final System.Logger LOG = System.getLogger(SimulatedDewMonitor.class.getName());

    @ObjectClassDefinition(name = "Dew monitor (simulated)",
            description = "A simulated temperature and humidity sensor on the telescope tube: unsafe while the air"
                    + " is closer to its dew point than the margin (an Orrery driver example).")
    public @interface Config {
        @AttributeDefinition(name = "Device id", description = "Unique id (device.id): letters, digits, '.', '_', '-'.")
        String device_id() default DEFAULT_ID;

        @AttributeDefinition(name = "Name")
        String name() default "Dew monitor (simulated)";

        @AttributeDefinition(name = "Margin (°C)",
                description = "Unsafe while the air temperature is less than this above the dew point.")
        double margin() default 2.0;

        @AttributeDefinition(name = "Temperature (°C)", description = "The simulated air temperature at start, -60 to 60.")
        double temperature() default 10.0;

        @AttributeDefinition(name = "Humidity (%)", description = "The simulated relative humidity at start, above 0 up to 100.")
        double humidity() default 60.0;

        @AttributeDefinition(name = "Web Console name", description = "How the Web Console lists this configuration.")
        String webconsole_configurationFactory_nameHint() default "{device.id}";
    }

    private final String id;
    private final String name;
    private final double margin;
    private final Clock clock;
    private volatile Conditions conditions;

    @Activate
    public SimulatedDewMonitor(Config config) {
        this(config, Clock.systemUTC());
    }

    SimulatedDewMonitor(Config config, Clock clock) {
        this.id = deviceId(config.device_id());
        this.name = config.name() == null || config.name().isBlank() ? id : config.name().trim();
        if (!(config.margin() >= 0 && config.margin() <= 20)) {
            throw new IllegalArgumentException("dew monitor '" + id + "': margin must be from 0 to 20 °C, was "
                    + config.margin());
        }
        this.margin = config.margin();
        this.conditions = new Conditions(config.temperature(), config.humidity());
        this.clock = clock;
        LOG.log(System.Logger.Level.INFO, "Simulated dew monitor ''{0}'' ready ({1})", id, conditions);
    }

    private static String deviceId(String id) {
        if (id == null || !id.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("device.id must be letters, digits, '.', '_' or '-', was '" + id + "'");
        }
        return id;
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
        return DRIVER;
    }

    @Override
    public ConnectionState connectionState() {
        return ConnectionState.CONNECTED;
    }

    @Override
    public String statusMessage() {
        return "simulated: no hardware";
    }

    @Override
    public Conditions conditions() {
        return conditions;
    }

    @Override
    public double marginCelsius() {
        return margin;
    }

    @Override
    public void simulate(Conditions next) {
        conditions = next;
    }

    @Override
    public boolean safe() {
        return unsafeReason().isEmpty();
    }

    @Override
    public String unsafeReason() {
        return conditions.dewWarning(margin);
    }

    @Override
    public Weather weather() {
        Conditions c = conditions;
        return new Weather(null, null, null, c.humidityPercent(), c.temperatureCelsius());
    }

    /** A simulator reports all the time: now. */
    @Override
    public Instant lastReport() {
        return clock.instant();
    }

    /** The values every Orrery safety monitor shows ({@code safe}, {@code reason}, the weather, {@code last_report}), and the dew point. */
    @Override
    public Map<String, Object> values() {
        Conditions c = conditions;
        String reason = c.dewWarning(margin);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("safe", reason.isEmpty());
        v.put("reason", reason);
        v.put("humidity_percent", c.humidityPercent());
        v.put("temperature_celsius", c.temperatureCelsius());
        v.put("dew_point_celsius", round(c.dewPointCelsius()));
        v.put("margin_celsius", margin);
        v.put("last_report", lastReport().toString());
        return v;
    }

    static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
