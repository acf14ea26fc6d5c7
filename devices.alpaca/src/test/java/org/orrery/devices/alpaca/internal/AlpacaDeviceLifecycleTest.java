package org.orrery.devices.alpaca.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.orrery.devices.alpaca.internal.TestSupport.await;
import static org.orrery.devices.alpaca.internal.TestSupport.failure;
import static org.orrery.devices.alpaca.internal.TestSupport.join;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.orrery.device.Camera;
import org.orrery.device.ConnectionState;
import org.orrery.device.Device;
import org.orrery.device.DeviceRemovedException;
import org.orrery.device.ExposureSettings;
import org.orrery.device.Mount;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

class AlpacaDeviceLifecycleTest {

    private FakeAlpacaServer server;

    /** What the fake bundle context was asked to register. */
    private record Registered(String[] classes, Object service, Dictionary<String, ?> properties, AtomicBoolean unregistered) {
    }

    private final List<Registered> registered = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new FakeAlpacaServer();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("registerService") && args[0] instanceof String[] classes) {
                        AtomicBoolean unregistered = new AtomicBoolean();
                        @SuppressWarnings("unchecked")
                        Dictionary<String, ?> props = (Dictionary<String, ?>) args[2];
                        registered.add(new Registered(classes, args[1], props, unregistered));
                        return Proxy.newProxyInstance(getClass().getClassLoader(),
                                new Class<?>[] {ServiceRegistration.class}, (p, m, a) -> {
                                    if (m.getName().equals("unregister")) {
                                        unregistered.set(true);
                                        return null;
                                    }
                                    throw new UnsupportedOperationException(m.getName());
                                });
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private AlpacaDeviceComponent.Config config(String type, Map<String, Object> more) {
        Map<String, Object> p = new java.util.HashMap<>(Map.of("host", server.host(), "port", server.port(),
                "device.type", type, "poll.interval.ms", 100L, "operation.poll.ms", 20L));
        p.putAll(more);
        return TestSupport.config(AlpacaDeviceComponent.Config.class, p);
    }

    @Test
    void cameraIsRegisteredAsCameraAndDeviceWithItsProperties() {
        AlpacaDeviceComponent component = new AlpacaDeviceComponent(context(), config("camera", Map.of()));
        try {
            assertEquals(1, registered.size());
            Registered r = registered.get(0);
            assertArrayEquals(new String[] {Camera.class.getName(), Device.class.getName()}, r.classes());
            String id = "alpaca-127.0.0.1-" + server.port() + "-camera0";
            assertEquals(id, r.properties().get(Device.ID));
            assertEquals("camera", r.properties().get(Device.TYPE));
            assertEquals("alpaca", r.properties().get(Device.DRIVER));
            Camera camera = assertInstanceOf(Camera.class, r.service());
            assertEquals(id, camera.id());
            await(() -> camera.connectionState() == ConnectionState.CONNECTED, camera::statusMessage);
        } finally {
            component.deactivate();
        }
        assertTrue(registered.get(0).unregistered().get());
    }

    @Test
    void telescopeIsRegisteredAsMountWithTheConfiguredId() {
        AlpacaDeviceComponent component = new AlpacaDeviceComponent(context(),
                config("telescope", Map.of("device.id", "main-mount", "client.id", 77L)));
        try {
            Registered r = registered.get(0);
            assertArrayEquals(new String[] {Mount.class.getName(), Device.class.getName()}, r.classes());
            assertEquals("main-mount", r.properties().get(Device.ID));
            assertEquals("mount", r.properties().get(Device.TYPE));
            Mount mount = (Mount) r.service();
            await(() -> mount.connectionState() == ConnectionState.CONNECTED, mount::statusMessage);
            assertTrue(server.requests().stream().allMatch(q -> "77".equals(q.params().get("ClientID"))));
        } finally {
            component.deactivate();
        }
    }

    @Test
    void badConfigurationIsRefusedWithTheReason() {
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> new AlpacaDeviceComponent(context(), config("dome", Map.of())));
        assertTrue(type.getMessage().contains("expected camera, telescope or safetymonitor"), type.getMessage());
        IllegalArgumentException id = assertThrows(IllegalArgumentException.class,
                () -> new AlpacaDeviceComponent(context(), config("camera", Map.of("device.id", "my camera"))));
        assertTrue(id.getMessage().contains("'my camera'"), id.getMessage());
        assertTrue(registered.isEmpty());
    }

    @Test
    void serverDownIsAnErrorWithTheReasonAndTheDeviceRecoversWhenItIsBack() throws Exception {
        AlpacaCamera camera = new AlpacaCamera(TestSupport.settings(server, AlpacaType.CAMERA));
        try {
            camera.start();
            await(() -> camera.connectionState() == ConnectionState.CONNECTED, camera::statusMessage);
            server.stop();
            await(() -> camera.connectionState() == ConnectionState.ERROR, camera::statusMessage);
            String reason = camera.statusMessage();
            assertTrue(reason.contains("127.0.0.1:" + server.port()), reason);
            assertTrue(reason.contains("cannot reach") || reason.contains("lost the connection")
                    || reason.contains("closed the connection"), reason);
            assertEquals("error", camera.values().get("connection"));
            Throwable refused = failure(camera.expose(ExposureSettings.light(0.01)));
            assertTrue(refused.getMessage().contains("127.0.0.1:" + server.port()), refused.getMessage());

            server.restart(); // and the device behind it was power-cycled: not connected any more
            await(() -> camera.connectionState() == ConnectionState.CONNECTED, camera::statusMessage);
            assertTrue(server.camera.connected, "reconnecting PUTs connected=true again");
            assertEquals("", camera.statusMessage());
            assertEquals(FakeAlpacaServer.WIDTH, join(camera.expose(ExposureSettings.light(0.01))).width());
        } finally {
            camera.close();
        }
    }

    @Test
    void deactivationFailsPendingOperationsAndLeavesNoThread() throws Exception {
        Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        AlpacaDeviceComponent component = new AlpacaDeviceComponent(context(), config("camera", Map.of()));
        Camera camera = (Camera) registered.get(0).service();
        await(() -> camera.connectionState() == ConnectionState.CONNECTED, camera::statusMessage);
        server.camera.hang = true;
        var exposure = camera.expose(ExposureSettings.light(0.01));
        await(() -> !server.requests("/startexposure").isEmpty(), () -> server.requests().toString());

        component.deactivate();

        assertInstanceOf(DeviceRemovedException.class, failure(exposure));
        assertInstanceOf(DeviceRemovedException.class, failure(camera.expose(ExposureSettings.light(0.01))));
        assertEquals(ConnectionState.DISCONNECTED, camera.connectionState());
        // JDK 17's HttpClient selector thread ends once the closed client is collected (JDK 21+ stops it at once)
        await(() -> {
            System.gc();
            return newThreads(before).isEmpty();
        }, () -> newThreads(before).toString());
    }

    private static List<String> newThreads(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !before.contains(t) && !t.getName().startsWith("fake-alpaca"))
                .map(Thread::getName).toList();
    }
}
