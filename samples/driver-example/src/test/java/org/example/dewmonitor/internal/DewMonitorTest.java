package org.example.dewmonitor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.Test;
import org.orrery.device.DeviceType;
import org.orrery.task.ActionContext;
import org.orrery.task.ResourceClaim;
import org.orrery.task.TaskException;
import org.orrery.task.TaskExecution;
import org.orrery.task.TaskParameterException;
import org.orrery.task.TaskSpec;

/** The simulated dew monitor and its actions, constructed directly as DS would. */
class DewMonitorTest {

    static final Instant NOW = Instant.parse("2026-12-05T22:00:00Z");

    @Test
    void dewPointFollowsTemperatureAndHumidity() {
        assertEquals(9.3, new Conditions(20, 50).dewPointCelsius(), 0.1);
        assertEquals(0.0, new Conditions(10, 50).dewPointCelsius(), 0.2);
        assertEquals(5.0, new Conditions(5, 100).dewPointCelsius(), 1e-9, "saturated air is at its dew point");
    }

    @Test
    void impossibleConditionsAreRefusedNamingTheField() {
        IllegalArgumentException humidity = assertThrows(IllegalArgumentException.class, () -> new Conditions(10, 120));
        assertTrue(humidity.getMessage().contains("humidity_percent") && humidity.getMessage().contains("120"),
                humidity.getMessage());
        IllegalArgumentException temperature = assertThrows(IllegalArgumentException.class, () -> new Conditions(Double.NaN, 50));
        assertTrue(temperature.getMessage().contains("temperature_celsius"), temperature.getMessage());
    }

    @Test
    void theMonitorIsASafetyMonitorThatTurnsUnsafeNearTheDewPoint() {
        SimulatedDewMonitor monitor = monitor("tube", 2.0);
        assertEquals(DeviceType.SAFETY_MONITOR, monitor.type());
        assertTrue(monitor.safe(), monitor.unsafeReason()); // 10 °C, 60 %: 7.7 °C above the dew point
        assertEquals("", monitor.values().get("reason"));
        assertEquals(NOW, monitor.lastReport());
        assertEquals(NOW.toString(), monitor.values().get("last_report"));

        monitor.simulate(new Conditions(4, 92)); // 1.2 °C above the dew point
        assertFalse(monitor.safe());
        assertTrue(monitor.unsafeReason().startsWith("dew: the air (4.0 °C) is 1.2 °C above its dew point (2.8 °C)"),
                monitor.unsafeReason());
        assertEquals(false, monitor.values().get("safe"));
        assertEquals(2.82, (double) monitor.values().get("dew_point_celsius"), 0.01);
        assertEquals(92.0, monitor.weather().humidityPercent());
        assertEquals(4.0, monitor.weather().temperatureCelsius());
    }

    @Test
    void aBadConfigurationIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> monitor("tube one", 2.0));
        assertThrows(IllegalArgumentException.class, () -> monitor("tube", -1));
    }

    @Test
    void simulateSetsTheNamedMonitorAndClaimsIt() throws Exception {
        SimulatedDewMonitor a = monitor("a-tube", 2.0);
        SimulatedDewMonitor b = monitor("b-tube", 2.0);
        SimulateAction simulate = new SimulateAction();
        simulate.monitors = List.of(b, a);
        Map<String, Object> parameters = Map.of("temperature_celsius", 3, "humidity_percent", new java.math.BigDecimal("95.5"),
                "device", "b-tube");

        assertEquals(List.of(ResourceClaim.exclusive("device:b-tube")), simulate.resources(parameters));
        Map<String, Object> result = simulate.execute(new Context(parameters)).toCompletableFuture().join();
        assertEquals("b-tube", result.get("device"));
        assertEquals(false, result.get("safe"));
        assertEquals(95.5, b.conditions().humidityPercent());
        assertEquals(60.0, a.conditions().humidityPercent(), "the other monitor is untouched");

        ReadAction read = new ReadAction();
        read.monitors = List.of(b, a);
        assertEquals("a-tube", read.execute(new Context(Map.of())).toCompletableFuture().join().get("device"),
                "without a device parameter: the first by id");
        assertEquals(3.0, read.execute(new Context(Map.of("device", "b-tube"))).toCompletableFuture().join()
                .get("temperature_celsius"));
    }

    @Test
    void aMissingMonitorFailsTheTaskSayingWhichAreThere() {
        ReadAction read = new ReadAction();
        read.monitors = List.of(monitor("tube", 2.0));
        TaskParameterException e = assertThrows(TaskParameterException.class,
                () -> read.execute(new Context(Map.of("device", "dome"))));
        assertTrue(e.getMessage().contains("'dome'") && e.getMessage().contains("[tube]"), e.getMessage());
    }

    static SimulatedDewMonitor monitor(String id, double margin) {
        return new SimulatedDewMonitor(new TestConfig(id, margin), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /** A configuration as Config Admin would give it, with the metatype defaults. */
    record TestConfig(String device_id, double margin) implements SimulatedDewMonitor.Config {
        @Override
        public String name() {
            return "";
        }

        @Override
        public double temperature() {
            return 10.0;
        }

        @Override
        public double humidity() {
            return 60.0;
        }

        @Override
        public String webconsole_configurationFactory_nameHint() {
            return "{device.id}";
        }

        @Override
        public Class<? extends Annotation> annotationType() {
            return SimulatedDewMonitor.Config.class;
        }
    }

    /** What the scheduler gives an action for one attempt; only parameters and the log matter here. */
    static final class Context implements ActionContext {
        final Map<String, Object> parameters;
        final List<String> log = new ArrayList<>();

        Context(Map<String, Object> parameters) {
            this.parameters = parameters;
        }

        @Override
        public String taskId() {
            return "t1";
        }

        @Override
        public String taskName() {
            return "t1";
        }

        @Override
        public int attempt() {
            return 1;
        }

        @Override
        public TaskSpec task() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, Object> parameters() {
            return parameters;
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public CompletionStage<TaskException> cancellation() {
            return new CompletableFuture<>();
        }

        @Override
        public void progress(double fraction, String message) {
        }

        @Override
        public CompletionStage<Void> delay(Duration duration) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, Object> checkpoint() {
            return Map.of();
        }

        @Override
        public void checkpoint(Map<String, Object> state) {
        }

        @Override
        public void reportUsage(TaskExecution.ResourceUsage usage) {
        }

        @Override
        public TaskLog log() {
            return new TaskLog() {
                @Override
                public void info(String message) {
                    log.add(message);
                }

                @Override
                public void warn(String message) {
                    log.add(message);
                }

                @Override
                public void error(String message) {
                    log.add(message);
                }
            };
        }
    }
}
