package org.orrery.astro.sky.internal;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;

import org.orrery.sky.SkyClock;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The observatory's clock ({@value #PID}): the real clock without a configuration; with one it
 * starts at {@code start} and runs {@code rate} times as fast. A new configuration applies at
 * once; an invalid one is logged and the clock carries on as it was.
 */
@Component(service = SkyClock.class, configurationPid = ClockComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ClockComponent.Config.class)
public final class ClockComponent implements SkyClock {

    static final String PID = "org.orrery.sky.clock";
    private static final Logger LOG = LoggerFactory.getLogger(ClockComponent.class);

    @ObjectClassDefinition(name = "Orrery sky clock",
            description = "The time every night-time decision reads. Empty start and rate 1: the real time.")
    public @interface Config {
        @AttributeDefinition(name = "Start", required = false,
                description = "ISO-8601 instant the clock shows when this configuration is applied "
                        + "(2026-12-05T20:00:00Z); empty: the real time.")
        String start() default "";

        @AttributeDefinition(name = "Rate", min = "0",
                description = "Clock seconds per real second, more than 0 (600: a ten-hour night in a minute).")
        double rate() default 1;
    }

    private final InstantSource real;
    private volatile RunningClock clock;

    @Activate
    public ClockComponent(Map<String, Object> properties) {
        this(InstantSource.system(), properties);
    }

    ClockComponent(InstantSource real, Map<String, ?> properties) {
        this.real = real;
        this.clock = RunningClock.applied(real, ClockSettings.REAL);
        modified(properties);
    }

    @Modified
    void modified(Map<String, ?> properties) {
        try {
            ClockSettings settings = ClockSettings.parse(properties);
            clock = RunningClock.applied(real, settings);
            if (settings.start() != null || settings.rate() != 1) {
                LOG.info("Sky clock: {} at {}x", settings.start() == null ? "the real time" : settings.start(),
                        settings.rate());
            }
        } catch (IllegalArgumentException e) {
            LOG.warn("Configuration {} ignored, the clock keeps running as before: {}", PID, e.getMessage());
        }
    }

    @Override
    public Instant now() {
        return clock.now();
    }

    @Override
    public double rate() {
        return clock.rate();
    }
}
