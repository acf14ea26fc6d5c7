package org.orrery.devices.indi.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.orrery.device.Device;
import org.orrery.device.SafetyMonitor;

/**
 * Debian's real {@code indi_simulator_weather} as a safety monitor: safe at first, unsafe with the
 * reason when its rain goes above the limit (0 mm), safe again when the rain stops.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IndiWeatherTest {

    private static final int PORT = 7625;
    private static final String WEATHER = "Weather Simulator";
    private static IndiTestServer indi;
    private static RecordingRegistrar registrar;
    private static IndiServer server;

    @BeforeAll
    static void startServer() throws Exception {
        indi = new IndiTestServer(PORT, List.of("indi_simulator_weather")).start();
        registrar = new RecordingRegistrar();
        server = new IndiServer(IndiSettings.defaults("localhost", PORT)
                .withReconnect(Duration.ofMillis(200), Duration.ofSeconds(2)).withConnectTimeout(Duration.ofSeconds(3)),
                registrar);
        server.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
        if (indi != null) {
            indi.close();
        }
    }

    @Test
    void theWeatherSimulatorIsASafetyMonitorThatTurnsUnsafeInTheRainAndSafeAgain() throws Exception {
        IndiDriverTest.awaitTrue("the weather simulator is registered", Duration.ofSeconds(15),
                () -> registrar.byId("indi-weather-simulator") != null);
        RecordingRegistrar.Published published = registrar.byId("indi-weather-simulator");
        assertEquals(List.of(SafetyMonitor.class.getName(), Device.class.getName()), published.interfaces());
        assertEquals("safety_monitor", published.properties().get(Device.TYPE));
        SafetyMonitor weather = (SafetyMonitor) published.device();

        IndiDriverTest.awaitTrue("safe after the first weather update", Duration.ofSeconds(15), weather::safe);
        // the simulator sends its status and its parameters as two messages: the status may come first
        IndiDriverTest.awaitTrue("the first weather values", Duration.ofSeconds(15),
                () -> Double.valueOf(15).equals(weather.weather().temperatureCelsius()));
        assertEquals("", weather.unsafeReason());
        assertEquals(0.0, weather.weather().rainRateMmPerHour());
        Instant first = weather.lastReport();
        assertNotNull(first);
        Map<String, Object> values = weather.values();
        assertEquals(true, values.get("safe"));
        assertEquals(0.0, values.get("rain_rate_mm_per_hour"));
        assertEquals(first.toString(), values.get("last_report"));

        rain("5");
        IndiDriverTest.awaitTrue("unsafe in the rain", Duration.ofSeconds(15), () -> !weather.safe());
        IndiDriverTest.awaitTrue("the rain value arrives", Duration.ofSeconds(15),
                () -> Double.valueOf(5).equals(weather.weather().rainRateMmPerHour()));
        assertEquals("Precip (mm) 5 danger", weather.unsafeReason());
        assertEquals(false, weather.values().get("safe"));
        assertEquals("Precip (mm) 5 danger", weather.values().get("reason"));
        assertFalse(weather.lastReport().isBefore(first));

        rain("0");
        IndiDriverTest.awaitTrue("safe again", Duration.ofSeconds(15), weather::safe);
        assertEquals("", weather.unsafeReason());
    }

    /** Sets the simulator's precipitation and makes it update its weather now (it would wait for its period). */
    private static void rain(String mm) throws Exception {
        server.client().sendNew(WEATHER, "WEATHER_CONTROL", IndiKind.NUMBER, AbstractIndiDevice.values("Precip", mm));
        server.client().sendNew(WEATHER, "WEATHER_REFRESH", IndiKind.SWITCH, AbstractIndiDevice.values("REFRESH", "On"));
    }
}
