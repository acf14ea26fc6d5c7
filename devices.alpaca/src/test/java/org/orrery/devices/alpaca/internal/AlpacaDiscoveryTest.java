package org.orrery.devices.alpaca.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.orrery.devices.alpaca.internal.TestSupport.await;

import java.net.DatagramSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.orrery.device.ConnectionState;

class AlpacaDiscoveryTest {

    private FakeAlpacaServer server;
    private int discoveryPort;

    @BeforeEach
    void start() throws Exception {
        server = new FakeAlpacaServer();
        discoveryPort = server.startDiscovery();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void discoveryFindsTheServerAndItsConfiguredDevices() throws Exception {
        List<AlpacaDiscovery.Server> servers = AlpacaDiscovery.discover(List.of("127.0.0.1"), discoveryPort,
                Duration.ofMillis(500), Duration.ofSeconds(2));
        assertEquals(1, servers.size(), servers.toString());
        AlpacaDiscovery.Server s = servers.get(0);
        assertEquals("127.0.0.1", s.host());
        assertEquals(server.port(), s.port());
        assertEquals("Fake Alpaca", s.serverName());
        assertEquals("Orrery tests", s.manufacturer());
        assertEquals("", s.problem());
        assertEquals(3, s.devices().size());

        AlpacaDiscovery.Found camera = s.devices().get(0);
        assertEquals("Fake Alpaca Camera", camera.deviceName());
        assertEquals("Camera", camera.deviceType());
        assertEquals(0, camera.deviceNumber());
        assertEquals("5c1a7f3e-0001", camera.uniqueId());
        assertEquals(AlpacaType.CAMERA, camera.type());
        Map<String, Object> c = camera.configuration();
        assertEquals("127.0.0.1", c.get("host"));
        assertEquals(server.port(), c.get("port"));
        assertEquals("camera", c.get("device.type"));
        assertEquals(0, c.get("device.number"));
        assertEquals("alpaca-127.0.0.1-" + server.port() + "-camera0", c.get("device.id"));

        assertEquals(AlpacaType.TELESCOPE, s.devices().get(1).type());
        AlpacaDiscovery.Found focuser = s.devices().get(2);
        assertNull(focuser.type(), "a focuser is not driven by this driver");
        assertTrue(focuser.configuration().isEmpty());
    }

    @Test
    void aFoundDeviceConfigurationDrivesTheDevice() throws Exception {
        AlpacaDiscovery.Found telescope = AlpacaDiscovery.discover(List.of("127.0.0.1"), discoveryPort,
                Duration.ofMillis(500), Duration.ofSeconds(2)).get(0).devices().get(1);
        Map<String, Object> properties = new HashMap<>(telescope.configuration());
        properties.put("poll.interval.ms", 100L);
        DeviceSettings settings = DeviceSettings.from(TestSupport.config(AlpacaDeviceComponent.Config.class, properties));
        try (AlpacaDeviceBase device = AlpacaDeviceComponent.create(settings)) {
            device.start();
            await(() -> device.connectionState() == ConnectionState.CONNECTED, device::statusMessage);
            assertEquals("Fake Alpaca Telescope", device.name());
        }
    }

    @Test
    void componentReportsWhatItFoundWithTheConfigurationToCreate() throws Exception {
        AlpacaDiscoveryComponent component = new AlpacaDiscoveryComponent(TestSupport.config(
                AlpacaDiscoveryComponent.Config.class, Map.of("addresses", new String[] {"127.0.0.1"},
                        "discovery.port", discoveryPort, "wait.ms", 500L)));
        try {
            String report = component.discover();
            assertTrue(report.contains("server 127.0.0.1:" + server.port() + " \"Fake Alpaca\""), report);
            assertTrue(report.contains("configure org.orrery.devices.alpaca.device: host=127.0.0.1, port="
                    + server.port() + ", device.type=camera, device.number=0"), report);
            assertTrue(report.contains("device.type=telescope"), report);
            assertTrue(report.contains("Focuser 0 \"Fake Alpaca Focuser\" UniqueID 5c1a7f3e-0003 (not driven"), report);
            assertEquals(1, component.lastResult().size());
        } finally {
            component.deactivate();
        }
    }

    @Test
    void scanOnActivationRunsOnItsOwnThreadWhichDeactivationStops() throws Exception {
        AlpacaDiscoveryComponent component = new AlpacaDiscoveryComponent(TestSupport.config(
                AlpacaDiscoveryComponent.Config.class, Map.of("addresses", new String[] {"127.0.0.1"},
                        "discovery.port", discoveryPort, "wait.ms", 300L, "scan.on.activate", true)));
        await(() -> component.lastResult().size() == 1, () -> component.lastResult().toString());
        component.deactivate();
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.isAlive() && t.getName().startsWith("orrery-alpaca-discovery")));
    }

    @Test
    void silenceGivesNoServer() throws Exception {
        int nobody;
        try (DatagramSocket s = new DatagramSocket()) {
            nobody = s.getLocalPort();
        }
        assertTrue(AlpacaDiscovery.probe(List.of("127.0.0.1"), nobody, Duration.ofMillis(200)).isEmpty());
    }

    @Test
    void discoveryRepliesAreReadLiberally() {
        assertEquals(4567, AlpacaDiscovery.alpacaPort("{\"AlpacaPort\": 4567}"));
        assertEquals(4567, AlpacaDiscovery.alpacaPort("{\"alpacaport\":4567}"));
        assertEquals(-1, AlpacaDiscovery.alpacaPort("alpacadiscovery1"));
        assertEquals(-1, AlpacaDiscovery.alpacaPort("{\"AlpacaPort\": 70000}"));
    }
}
