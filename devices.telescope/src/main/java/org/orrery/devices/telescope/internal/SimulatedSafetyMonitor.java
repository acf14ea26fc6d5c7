package org.orrery.devices.telescope.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.orrery.device.ConnectionState;
import org.orrery.device.Device;
import org.orrery.device.SafetyMonitor;
import org.orrery.devices.common.safety.SafetyValues;
import org.orrery.devices.common.sim.Checks;
import org.orrery.devices.telescope.internal.SafetySchedule.State;
import org.orrery.sky.SkyClock;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated safety monitor (one per factory configuration {@value #PID}), scripted on the sky
 * clock: safe by default, unsafe from the instants its {@code schedule} says, silent (its last
 * report frozen) from {@code silent_from}. Without a {@link SkyClock} service it reads the system
 * clock. A new configuration applies at once; a bad one is refused (the previous one stays) with a
 * log line naming the entry.
 */
@Component(service = {SafetyMonitor.class, Device.class}, configurationPid = SimulatedSafetyMonitor.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = {Device.TYPE + "=safety_monitor", Device.DRIVER + "=simulator"})
@Designate(ocd = SimulatedSafetyMonitor.Config.class, factory = true)
public final class SimulatedSafetyMonitor implements SafetyMonitor {

    public static final String PID = "org.orrery.devices.simulator.safety";

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedSafetyMonitor.class);

    @ObjectClassDefinition(name = "Orrery simulated safety monitor",
            description = "A simulated weather/safety monitor: safe, or unsafe with a reason from the instants"
                    + " its schedule gives, on the sky clock.")
    public @interface Config {
        @AttributeDefinition(name = "Device id", description = "Unique id (device.id): letters, digits, '.', '_', '-'.")
        String device_id() default "sim-safety";

        @AttributeDefinition(name = "Name")
        String name() default "Orrery simulated safety monitor";

        @AttributeDefinition(name = "Schedule", required = false,
                description = "Entries '<ISO instant> safe' or '<ISO instant> unsafe <reason>' (e.g."
                        + " '2026-12-05T23:00:00Z unsafe rain'): the state from each instant on; safe before the"
                        + " first. One entry per value, or several separated by ';'.")
        String[] schedule() default {};

        @AttributeDefinition(name = "Silent from", required = false,
                description = "ISO instant from which the monitor stops reporting (its last report stays); empty:"
                        + " never.")
        String silent__from() default "";

        @AttributeDefinition(name = "Web Console name", description = "How the Web Console lists this configuration.")
        String webconsole_configurationFactory_nameHint() default "{device.id}";
    }

    /** One configuration, checked. */
    private record Setup(String id, String name, SafetySchedule schedule, Instant silentFrom) {
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile SkyClock clock;

    private volatile Setup setup;

    @Activate
    public SimulatedSafetyMonitor(Config config) {
        setup = setup(config);
        LOG.info("Simulated safety monitor '{}' ready ({})", setup.id(), describe(setup));
    }

    /** Applies a new configuration at once; a bad one leaves the current one (and the exception says why). */
    @Modified
    void modified(Config config) {
        setup = setup(config);
        LOG.info("Simulated safety monitor '{}' reconfigured ({})", setup.id(), describe(setup));
    }

    private static String describe(Setup s) {
        return s.schedule().size() + " schedule entries" + (s.silentFrom() == null ? "" : ", silent from " + s.silentFrom());
    }

    private static Setup setup(Config c) {
        try {
            return new Setup(Checks.deviceId(c.device_id()), Checks.nameOr(c.name(), c.device_id()),
                    SafetySchedule.parse(c.schedule()), SafetySchedule.instant("silent_from must be", c.silent__from()));
        } catch (IllegalArgumentException e) {
            LOG.error("Simulated safety monitor '{}': configuration refused: {}", c.device_id(), e.getMessage());
            throw e;
        }
    }

    private Instant now() {
        SkyClock c = clock;
        return c == null ? Instant.now() : c.now();
    }

    /** When the state was last reported: now, or {@code silent_from} once the monitor has gone silent. */
    @Override
    public Instant lastReport() {
        Instant now = now();
        Instant silent = setup.silentFrom();
        return silent != null && !now.isBefore(silent) ? silent : now;
    }

    /** The state as last reported. */
    private State state() {
        return setup.schedule().at(lastReport());
    }

    @Override
    public boolean safe() {
        return state().safe();
    }

    @Override
    public String unsafeReason() {
        return state().reason();
    }

    @Override
    public Weather weather() {
        return state().weather();
    }

    @Override
    public String id() {
        return setup.id();
    }

    @Override
    public String name() {
        return setup.name();
    }

    @Override
    public String driver() {
        return "simulator";
    }

    @Override
    public ConnectionState connectionState() {
        return ConnectionState.CONNECTED;
    }

    @Override
    public String statusMessage() {
        Instant silent = setup.silentFrom();
        return silent != null && !now().isBefore(silent) ? "silent since " + silent + " (simulated)" : "";
    }

    @Override
    public Map<String, Object> values() {
        Instant report = lastReport();
        State state = setup.schedule().at(report);
        Map<String, Object> v = new LinkedHashMap<>();
        SafetyValues.put(v, state.safe(), state.reason(), state.weather(), report);
        v.put("connection_state", connectionState().id());
        return v;
    }
}
