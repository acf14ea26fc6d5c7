package org.orrery.devices.alpaca.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.orrery.devices.alpaca.internal.TestSupport.await;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.orrery.device.ConnectionState;
import org.orrery.device.DeviceType;
import org.orrery.device.SafetyMonitor;

class AlpacaSafetyMonitorTest {

    private FakeAlpacaServer server;
    private AlpacaSafetyMonitor monitor;

    @BeforeEach
    void start() throws Exception {
        server = new FakeAlpacaServer();
        monitor = new AlpacaSafetyMonitor(TestSupport.settings(server, AlpacaType.SAFETY_MONITOR));
        monitor.start();
        await(() -> monitor.connectionState() == ConnectionState.CONNECTED, monitor::statusMessage);
    }

    @AfterEach
    void stop() throws Exception {
        monitor.close();
        server.close();
    }

    @Test
    void issafeIsReadOnEveryPollAndShownAsValues() {
        assertEquals(DeviceType.SAFETY_MONITOR, monitor.type());
        assertTrue(monitor.safe());
        assertEquals("", monitor.unsafeReason());
        assertEquals(SafetyMonitor.Weather.NONE, monitor.weather());
        Instant first = monitor.lastReport();
        assertNotNull(first);

        server.safetyMonitor.safe = false;
        await(() -> !monitor.safe(), monitor::unsafeReason);
        assertTrue(monitor.unsafeReason().contains("safetymonitor/0") && monitor.unsafeReason().contains("issafe=false"),
                monitor.unsafeReason());
        assertFalse(monitor.lastReport().isBefore(first));
        Map<String, Object> v = monitor.values();
        assertEquals(false, v.get("safe"));
        assertEquals(monitor.unsafeReason(), v.get("reason"));
        assertEquals(monitor.lastReport().toString(), v.get("last_report"));
        assertTrue(server.requests("/issafe").size() >= 2, "polled");

        server.safetyMonitor.safe = true;
        await(monitor::safe, monitor::unsafeReason);
    }

    @Test
    void anUnreachableMonitorIsUnsafeWithTheReason() {
        server.stop();
        await(() -> monitor.connectionState() == ConnectionState.ERROR, monitor::statusMessage);
        assertFalse(monitor.safe());
        assertTrue(monitor.unsafeReason().startsWith("not connected: "), monitor.unsafeReason());
    }
}
