package org.orrery.devices.alpaca.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

import org.orrery.device.DeviceException;
import org.orrery.device.Mount;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Alpaca telescope as a {@link Mount}: PUT {@code slewtocoordinatesasync} then polls
 * {@code slewing} (with the slew timeout) and reads the position; park/unpark wait for
 * {@code atpark}; tracking is read back after it is set.
 */
final class AlpacaTelescope extends AlpacaDeviceBase implements Mount {

    private static final Logger LOG = LoggerFactory.getLogger(AlpacaTelescope.class);

    private volatile double ra = Double.NaN;
    private volatile double dec = Double.NaN;
    private volatile boolean tracking;
    private volatile boolean parked;
    private volatile boolean slewing;
    private volatile Site site;
    /** The slew, park or unpark in progress (abort fails it). */
    private final AtomicReference<CompletableFuture<Void>> motion = new AtomicReference<>();

    AlpacaTelescope(DeviceSettings settings) {
        super(settings);
    }

    @Override
    protected void loadInfo() {
        double latitude = optionalDouble("sitelatitude", Double.NaN);
        double longitude = optionalDouble("sitelongitude", Double.NaN);
        double elevation = optionalDouble("siteelevation", 0);
        site = Double.isNaN(latitude) || Double.isNaN(longitude) ? null : new Site(latitude, longitude, elevation);
        refresh();
    }

    @Override
    protected void refresh() {
        ra = number("rightascension");
        dec = number("declination");
        tracking = optionalBoolean("tracking", false);
        parked = optionalBoolean("atpark", false);
        slewing = optionalBoolean("slewing", false);
    }

    @Override
    protected void deviceValues(Map<String, Object> values) {
        if (!Double.isNaN(ra)) {
            values.put("ra_hours", ra);
            values.put("dec_degrees", dec);
        }
        values.put("tracking", tracking);
        values.put("parked", parked);
        values.put("slewing", slewing);
        Site s = site;
        if (s != null) {
            values.put("site_latitude_degrees", s.latitudeDegrees());
            values.put("site_longitude_degrees", s.longitudeDegrees());
            values.put("site_elevation_meters", s.elevationMeters());
        }
    }

    @Override
    public double rightAscension() {
        return ra;
    }

    @Override
    public double declination() {
        return dec;
    }

    @Override
    public boolean tracking() {
        return tracking;
    }

    @Override
    public boolean parked() {
        return parked;
    }

    @Override
    public boolean slewing() {
        return slewing;
    }

    @Override
    public Site site() {
        return site;
    }

    @Override
    public CompletionStage<Void> slew(double raHours, double decDegrees) {
        CompletableFuture<Void> f = newOperation();
        if (f.isDone()) {
            return f;
        }
        if (!(raHours >= 0 && raHours < 24) || !(decDegrees >= -90 && decDegrees <= 90)) {
            f.completeExceptionally(new DeviceException(id(), "cannot slew to RA " + raHours + " h, Dec " + decDegrees
                    + "°: expected 0 ≤ RA < 24 hours and −90 ≤ Dec ≤ 90 degrees"));
            return f;
        }
        begin(f, () -> {
            claimMotion(f, "slew");
            // SlewToCoordinatesAsync is an invalid operation while not tracking: turn tracking on first
            if (!bool("tracking")) {
                client.put(path + "/tracking", Map.of("Tracking", true));
            }
            Map<String, Object> form = new LinkedHashMap<>();
            form.put("RightAscension", raHours);
            form.put("Declination", decDegrees);
            client.put(path + "/slewtocoordinatesasync", form);
            slewing = true;
            LOG.debug("Mount '{}' slewing to RA {} h, Dec {}°", id(), raHours, decDegrees);
            long deadline = System.nanoTime() + settings.slewTimeout().toNanos();
            step(f, settings.operationPoll(), () -> awaitStopped(f, deadline,
                    "slew to RA " + raHours + " h, Dec " + decDegrees + "°"));
        });
        return f;
    }

    /** On the worker: polls slewing until false, then reads where the mount is. */
    private void awaitStopped(CompletableFuture<Void> f, long deadline, String what) {
        if (!bool("slewing")) {
            slewing = false;
            readPosition();
            f.complete(null);
            return;
        }
        if (System.nanoTime() > deadline) {
            abortQuietly();
            throw new DeviceException(id(), "mount '" + id() + "' still reported slewing=true "
                    + settings.slewTimeout().toSeconds() + " s after the " + what + " began; the slew was aborted");
        }
        step(f, settings.operationPoll(), () -> awaitStopped(f, deadline, what));
    }

    /** On the worker, once a motion ended: where the mount is and whether it tracks. */
    private void readPosition() {
        ra = number("rightascension");
        dec = number("declination");
        tracking = optionalBoolean("tracking", tracking);
    }

    @Override
    public CompletionStage<Void> park() {
        return parkOrUnpark(true);
    }

    @Override
    public CompletionStage<Void> unpark() {
        return parkOrUnpark(false);
    }

    private CompletionStage<Void> parkOrUnpark(boolean park) {
        CompletableFuture<Void> f = newOperation();
        if (f.isDone()) {
            return f;
        }
        String verb = park ? "park" : "unpark";
        begin(f, () -> {
            claimMotion(f, verb);
            client.put(path + "/" + verb);
            long deadline = System.nanoTime() + settings.slewTimeout().toNanos();
            awaitParked(f, park, deadline);
        });
        return f;
    }

    private void awaitParked(CompletableFuture<Void> f, boolean wanted, long deadline) {
        boolean atPark = bool("atpark");
        parked = atPark;
        if (atPark == wanted) {
            slewing = optionalBoolean("slewing", false);
            readPosition();
            f.complete(null);
            return;
        }
        if (System.nanoTime() > deadline) {
            throw new DeviceException(id(), "mount '" + id() + "' was asked to " + (wanted ? "park" : "unpark")
                    + " but still reports atpark=" + atPark + " after " + settings.slewTimeout().toSeconds() + " s");
        }
        step(f, settings.operationPoll(), () -> awaitParked(f, wanted, deadline));
    }

    @Override
    public CompletionStage<Void> setTracking(boolean on) {
        CompletableFuture<Void> f = newOperation();
        if (f.isDone()) {
            return f;
        }
        begin(f, () -> {
            client.put(path + "/tracking", Map.of("Tracking", on));
            boolean now = bool("tracking");
            tracking = now;
            if (now != on) {
                throw new DeviceException(id(), "mount '" + id() + "' was asked to turn tracking " + (on ? "on" : "off")
                        + " but reports tracking=" + now);
            }
            f.complete(null);
        });
        return f;
    }

    @Override
    public void abort() {
        abortQuietly();
        CompletableFuture<Void> f = motion.getAndSet(null);
        if (f != null) {
            f.completeExceptionally(new DeviceException(id(), "motion of mount '" + id() + "' aborted on request"));
        }
    }

    private void abortQuietly() {
        try {
            client.put(path + "/abortslew");
        } catch (AlpacaException e) {
            LOG.warn("Mount '{}': abortslew failed: {}", id(), e.getMessage());
        }
    }

    private void claimMotion(CompletableFuture<Void> f, String what) {
        CompletableFuture<Void> before = motion.getAndSet(f);
        if (before != null && !before.isDone()) {
            before.completeExceptionally(new DeviceException(id(), "mount '" + id() + "' was asked to " + what
                    + " before the previous motion finished"));
        }
        f.whenComplete((v, e) -> motion.compareAndSet(f, null));
    }
}
