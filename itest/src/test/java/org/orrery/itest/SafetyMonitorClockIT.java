package org.orrery.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Hashtable;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.orrery.device.Device;
import org.orrery.device.SafetyMonitor;
import org.orrery.sky.SkyClock;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

/**
 * The simulated safety monitor, configured by a file in {@code etc/}, follows whichever sky clock
 * is registered (its dynamic, greedy reference) and falls back to the system clock when the clock
 * goes away; a changed file applies to the same service.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SafetyMonitorClockIT {

    static final String ID = "clock-safety";

    @Inject
    BundleContext context;

    @Configuration
    public Option[] config() throws Exception {
        return RuntimeBundleSetIT.config(SafetyMonitorClockIT.class);
    }

    /** A clock stopped at an instant. */
    record FixedClock(Instant now) implements SkyClock {
        @Override
        public double rate() {
            return 1;
        }
    }

    private SafetyMonitor monitor() {
        try {
            var refs = context.getServiceReferences(SafetyMonitor.class, "(" + Device.ID + "=" + ID + ")");
            return refs.isEmpty() ? null : context.getService(refs.iterator().next());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    public void followsTheSkyClockWhileThereIsOneAndTheSystemClockOtherwise() throws Exception {
        Path cfg = Path.of(context.getProperty(RuntimeBundleSetIT.HOME_PROPERTY)).resolve("etc")
                .resolve("org.orrery.devices.simulator.safety-clock.cfg");
        Files.writeString(cfg, "device.id=" + ID + "\nschedule=2090-01-01T00:00:00Z unsafe rain\n");
        RuntimeBundleSetIT.await("the simulated safety monitor appears", () -> monitor() == null ? "no " + ID : null);
        SafetyMonitor monitor = monitor();
        assertTrue("safe on today's clock, before the rain of 2090", monitor.safe());

        Hashtable<String, Object> ranking = new Hashtable<>();
        ranking.put(Constants.SERVICE_RANKING, Integer.MAX_VALUE); // above a real sky clock, if one is installed
        Instant later = Instant.parse("2090-06-01T22:00:00Z");
        ServiceRegistration<SkyClock> clock = context.registerService(SkyClock.class, new FixedClock(later), ranking);
        try {
            RuntimeBundleSetIT.await("the monitor reads the sky clock", () -> later.equals(monitor.lastReport()) ? null
                    : "last report " + monitor.lastReport());
            assertFalse(monitor.safe());
            assertEquals("rain", monitor.unsafeReason());

            String clouds = "device.id=" + ID + "\nschedule=2090-01-01T00:00:00Z unsafe clouds\n";
            Files.writeString(cfg, clouds);
            // File Install writes a configuration back to its file when Config Admin reports it updated; a
            // late report of the first file (a loaded machine) can overwrite this edit with the old text, so
            // the edit is made again while the file does not hold it (seen in CI)
            RuntimeBundleSetIT.await("the changed file applies to the same service", () -> {
                try {
                    if (!Files.readString(cfg).contains("clouds")) {
                        Files.writeString(cfg, clouds);
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return "clouds".equals(monitor.unsafeReason()) ? null : "reason " + monitor.unsafeReason();
            });
        } finally {
            clock.unregister();
        }
        RuntimeBundleSetIT.await("back on the system clock", () -> monitor.safe() ? null
                : "unsafe (" + monitor.unsafeReason() + "), last report " + monitor.lastReport());
        Files.delete(cfg);
        RuntimeBundleSetIT.await("the monitor is removed with its file", () -> monitor() == null ? null : "still there");
    }
}
