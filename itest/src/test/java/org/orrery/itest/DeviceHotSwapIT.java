package org.orrery.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
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
import org.orrery.task.Scheduler;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskSpec;
import org.orrery.task.TaskStatus;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * The hot-swap test: while exposures run in a loop, the bundle that provides the camera
 * (the simulators) is uninstalled — the running exposure fails with "device removed" and the
 * next one waits for the camera; the bundle is installed again — the waiting one runs. After 50
 * such cycles no thread of the removed bundle remains and the camera's lease is free.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DeviceHotSwapIT {

    static final String CAMERA = "hotswap-camera";
    static final int CYCLES = Integer.getInteger("orrery.hotswap.cycles", 50);
    static final String SIMULATOR_THREADS = "orrery-sim-";

    @Inject
    BundleContext context;

    @Inject
    Scheduler scheduler;

    @Configuration
    public Option[] config() throws Exception {
        return RuntimeBundleSetIT.config(DeviceHotSwapIT.class);
    }

    private ServiceReference<Camera> camera() throws Exception {
        var refs = context.getServiceReferences(Camera.class, "(" + Device.ID + "=" + CAMERA + ")");
        return refs.isEmpty() ? null : refs.iterator().next();
    }

    private TaskRecord task(String id) {
        return scheduler.get(id).orElseThrow();
    }

    private TaskRecord expose() throws Exception {
        return scheduler.submit(TaskSpec.builder("camera.expose")
                .parameters(Map.of("exposure", 0.5, "camera", CAMERA, "binning", 4)).build());
    }

    private static List<String> simulatorThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith(SIMULATOR_THREADS)).sorted().toList();
    }

    @Test
    public void cameraBundleUninstalledAndInstalledFiftyTimesWhileExposing() throws Exception {
        Path etc = Path.of(context.getProperty(RuntimeBundleSetIT.HOME_PROPERTY)).resolve("etc");
        // a small, fast camera of its own, not pointing anywhere in particular
        Files.writeString(etc.resolve("org.orrery.devices.simulator.camera-hotswap.cfg"),
                "device.id=" + CAMERA + "\nname=Hot-swap camera\nwidth=320\nheight=240\nreadout.seconds=0.05\n"
                        + "mount.id=none\nfocuser.id=none\nfilterwheel.id=none\n");
        RuntimeBundleSetIT.await("the simulated camera appears", () -> {
            try {
                return camera() == null ? "no camera " + CAMERA : null;
            } catch (Exception e) {
                return e.toString();
            }
        });
        Bundle simulators = camera().getBundle();
        String location = simulators.getLocation();

        TaskRecord warmUp = expose();
        RuntimeBundleSetIT.await("a first exposure completes", () -> task(warmUp.id()).status() == TaskStatus.COMPLETED
                ? null : "is " + task(warmUp.id()).status() + " " + task(warmUp.id()).error());

        for (int cycle = 1; cycle <= CYCLES; cycle++) {
            String at = "cycle " + cycle + ": ";
            TaskRecord running = expose();
            TaskRecord next = expose();
            RuntimeBundleSetIT.await(at + "the first exposure runs", () -> task(running.id()).status() == TaskStatus.RUNNING
                    ? null : "is " + task(running.id()).status());
            Camera device = context.getService(camera());
            RuntimeBundleSetIT.await(at + "the camera is exposing", () -> device.exposureState() == Camera.ExposureState.EXPOSING
                    ? null : "camera is " + device.exposureState() + ", task " + task(running.id()).progressMessage());

            simulators.uninstall();
            RuntimeBundleSetIT.await(at + "the running exposure fails", () -> task(running.id()).status().isTerminal()
                    ? null : "is " + task(running.id()).status());
            TaskRecord failed = task(running.id());
            assertEquals(at + failed.error(), TaskStatus.FAILED, failed.status());
            assertTrue(at + failed.error(), String.valueOf(failed.error()).contains("device removed"));
            Thread.sleep(100);
            TaskStatus waiting = task(next.id()).status();
            assertTrue(at + "the next exposure waits for the camera, but is " + waiting + " " + task(next.id()).error(),
                    !waiting.isTerminal());

            simulators = context.installBundle(location);
            simulators.start();
            RuntimeBundleSetIT.await(at + "the waiting exposure completes once the camera is back",
                    () -> task(next.id()).status() == TaskStatus.COMPLETED ? null
                            : "is " + task(next.id()).status() + " " + task(next.id()).error());
            Map<String, Object> result = task(next.id()).result();
            assertNotNull(at + "a result naming the files", result);
        }

        // nothing of the removed bundle is left, and the camera's lease is free
        simulators.uninstall();
        RuntimeBundleSetIT.await("no simulator thread is left", () -> {
            List<String> left = simulatorThreads();
            return left.isEmpty() ? null : "still running: " + left;
        });
        simulators = context.installBundle(location);
        simulators.start();
        TaskRecord last = expose();
        RuntimeBundleSetIT.await("an exposure after the cycles completes (the lease was given back)",
                () -> task(last.id()).status() == TaskStatus.COMPLETED ? null : "is " + task(last.id()).status());
    }
}
