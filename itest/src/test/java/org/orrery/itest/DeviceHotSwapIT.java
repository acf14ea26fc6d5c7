package org.orrery.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.orrery.device.Camera;
import org.orrery.device.Device;
import org.orrery.device.Mount;
import org.orrery.task.RetryPolicy;
import org.orrery.task.Scheduler;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskSpec;
import org.orrery.task.TaskStatus;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * The camera bundle ({@code devices.camera}: {@code camera.expose} and the simulated camera) is
 * uninstalled while the mount of the telescope bundle tracks and an exposure runs: the mount keeps
 * tracking (its bundle is untouched), the exposure cut short and one submitted while the bundle is
 * away wait, and both run when the bundle is installed again. After the cycles no thread of the
 * camera bundle is left.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DeviceHotSwapIT {

    static final String CAMERA = "hotswap-camera";
    static final String MOUNT = "hotswap-mount";
    static final String CAMERA_BUNDLE = "org.orrery.devices.camera";
    static final int CYCLES = Integer.getInteger("orrery.hotswap.cycles", 10);
    /** The camera bundle's threads: its simulated camera's, and its actions' image writers. */
    static final List<String> CAMERA_THREADS = List.of("orrery-sim-" + CAMERA, "orrery-camera-");

    @Inject
    BundleContext context;

    @Inject
    Scheduler scheduler;

    @Configuration
    public Option[] config() throws Exception {
        return RuntimeBundleSetIT.config(DeviceHotSwapIT.class);
    }

    private <T extends Device> ServiceReference<T> device(Class<T> type, String id) {
        try {
            var refs = context.getServiceReferences(type, "(" + Device.ID + "=" + id + ")");
            return refs.isEmpty() ? null : refs.iterator().next();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private TaskRecord task(String id) {
        return scheduler.get(id).orElseThrow();
    }

    /**
     * An exposure that is accepted while the camera bundle is away (wait_for_action) and tried
     * again (once the bundle is back) when its attempt is cut short.
     */
    private TaskRecord expose() throws Exception {
        return scheduler.submit(TaskSpec.builder("camera.expose")
                .parameters(Map.of("exposure", 0.5, "camera", CAMERA, "mount", MOUNT, "binning", 4))
                .retry(RetryPolicy.fixed(3, Duration.ofMillis(100))).waitForAction(true).build());
    }

    private static List<String> cameraThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> CAMERA_THREADS.stream().anyMatch(n::startsWith)).sorted().toList();
    }

    private void awaitDevice(Class<? extends Device> type, String id) {
        RuntimeBundleSetIT.await("the simulated " + id + " appears", () -> device(type, id) == null ? "no " + id : null);
    }

    @Test
    public void cameraBundleUninstalledWhileTheMountTracksAndInstalledAgain() throws Exception {
        Path etc = Path.of(context.getProperty(RuntimeBundleSetIT.HOME_PROPERTY)).resolve("etc");
        Files.writeString(etc.resolve("org.orrery.devices.simulator.mount-hotswap.cfg"),
                "device.id=" + MOUNT + "\nname=Hot-swap mount\n");
        // a small, fast camera of its own that follows that mount
        Files.writeString(etc.resolve("org.orrery.devices.simulator.camera-hotswap.cfg"),
                "device.id=" + CAMERA + "\nname=Hot-swap camera\nwidth=320\nheight=240\nreadout.seconds=0.05\n"
                        + "mount.id=" + MOUNT + "\nfocuser.id=none\nfilterwheel.id=none\n");
        awaitDevice(Mount.class, MOUNT);
        awaitDevice(Camera.class, CAMERA);
        ServiceReference<Mount> mountRef = device(Mount.class, MOUNT);
        Mount mount = context.getService(mountRef);
        mount.unpark().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
        mount.setTracking(true).toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue("the mount tracks", mount.tracking());

        Bundle camera = device(Camera.class, CAMERA).getBundle();
        assertEquals(CAMERA_BUNDLE, camera.getSymbolicName());
        assertNotEquals("camera and mount come from different bundles", camera, mountRef.getBundle());
        String location = camera.getLocation();

        TaskRecord warmUp = expose();
        RuntimeBundleSetIT.await("a first exposure completes", () -> task(warmUp.id()).status() == TaskStatus.COMPLETED
                ? null : "is " + task(warmUp.id()).status() + " " + task(warmUp.id()).error());

        for (int cycle = 1; cycle <= CYCLES; cycle++) {
            String at = "cycle " + cycle + ": ";
            TaskRecord running = expose();
            RuntimeBundleSetIT.await(at + "the first exposure runs", () -> task(running.id()).status() == TaskStatus.RUNNING
                    ? null : "is " + task(running.id()).status());
            Camera device = context.getService(device(Camera.class, CAMERA));
            RuntimeBundleSetIT.await(at + "the camera is exposing", () -> device.exposureState() == Camera.ExposureState.EXPOSING
                    ? null : "camera is " + device.exposureState() + ", task " + task(running.id()).progressMessage());

            camera.uninstall();
            RuntimeBundleSetIT.await(at + "the camera is gone", () -> device(Camera.class, CAMERA) == null ? null
                    : "camera still registered");
            RuntimeBundleSetIT.await(at + "the exposure cut short waits to be tried again",
                    () -> task(running.id()).status() != TaskStatus.RUNNING ? null : "is " + task(running.id()).status());
            assertTrue(at + "the exposure cut short is not given up: " + task(running.id()),
                    !task(running.id()).status().isTerminal());
            TaskRecord next = expose();
            assertEquals(at + "an exposure submitted now waits for the camera bundle", TaskStatus.PENDING,
                    task(next.id()).status());
            assertEquals(at + "the mount's bundle is untouched", Bundle.ACTIVE, mountRef.getBundle().getState());
            assertTrue(at + "the mount keeps tracking", mount.tracking());
            assertEquals(at + "the same mount service", mount, context.getService(device(Mount.class, MOUNT)));

            camera = context.installBundle(location);
            camera.start();
            for (TaskRecord waiting : List.of(running, next)) {
                RuntimeBundleSetIT.await(at + "the waiting exposure completes once the camera bundle is back",
                        () -> task(waiting.id()).status() == TaskStatus.COMPLETED ? null
                                : "is " + task(waiting.id()).status() + " " + task(waiting.id()).error());
                assertNotNull(at + "a result naming the files", task(waiting.id()).result());
            }
            assertTrue(at + "the mount still tracks", mount.tracking());
        }

        // nothing of the removed bundle is left, and the camera's lease is free
        camera.uninstall();
        RuntimeBundleSetIT.await("no thread of the camera bundle is left", () -> {
            List<String> left = cameraThreads();
            return left.isEmpty() ? null : "still running: " + left;
        });
        camera = context.installBundle(location);
        camera.start();
        TaskRecord last = expose();
        RuntimeBundleSetIT.await("an exposure after the cycles completes (the lease was given back)",
                () -> task(last.id()).status() == TaskStatus.COMPLETED ? null : "is " + task(last.id()).status());
    }
}
