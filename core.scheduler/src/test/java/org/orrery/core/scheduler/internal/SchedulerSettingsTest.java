package org.orrery.core.scheduler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SchedulerSettingsTest {

    /** A configuration as Config Admin would give it, with the metatype defaults unless changed. */
    static SchedulerComponent.Config config(String[] limits, double timeout, double grace) {
        return new SchedulerComponent.Config() {
            @Override public Class<? extends Annotation> annotationType() { return SchedulerComponent.Config.class; }
            @Override public int max_concurrent_tasks() { return 8; }
            @Override public int worker_threads() { return 2; }
            @Override public String[] action_limits() { return limits; }
            @Override public String[] resource_capacities() { return new String[] {"cpu=4"}; }
            @Override public double default_timeout_seconds() { return timeout; }
            @Override public int default_max_retries() { return 2; }
            @Override public double default_retry_delay_seconds() { return 1.5; }
            @Override public double default_backoff() { return 2; }
            @Override public double default_max_retry_delay_seconds() { return 60; }
            @Override public double cancel_grace_seconds() { return grace; }
            @Override public double aging_seconds() { return 30; }
        };
    }

    @Test
    void configurationBecomesEngineSettings() {
        EngineSettings s = SchedulerComponent.settings(config(new String[] {"camera.expose=1", " mount.slew = 2 "}, 600, 10));
        assertEquals(8, s.maxConcurrentTasks());
        assertEquals(Map.of("camera.expose", 1, "mount.slew", 2), s.actionLimits());
        assertEquals(Map.of("cpu", 40), s.resourceCapacities()); // cores as tenths, as requirements claim them
        assertEquals(Duration.ofMinutes(10), s.defaultTimeout());
        assertEquals(2, s.defaultRetry().maxRetries());
        assertEquals(Duration.ofMillis(1500), s.defaultRetry().retryDelay());
        assertEquals(Duration.ofSeconds(30), s.agingStep());
    }

    @Test
    void zeroTimeoutMeansNone() {
        assertNull(SchedulerComponent.settings(config(new String[0], 0, 10)).defaultTimeout());
    }

    @Test
    void badValuesAreRefusedNamingTheProperty() {
        IllegalArgumentException limit = assertThrows(IllegalArgumentException.class,
                () -> SchedulerComponent.settings(config(new String[] {"camera.expose=none"}, 0, 10)));
        assertTrue(limit.getMessage().contains("action_limits entry 'camera.expose=none'"), limit.getMessage());
        IllegalArgumentException grace = assertThrows(IllegalArgumentException.class,
                () -> SchedulerComponent.settings(config(new String[0], 0, -1)));
        assertTrue(grace.getMessage().contains("cancel_grace_seconds"), grace.getMessage());
    }
}
