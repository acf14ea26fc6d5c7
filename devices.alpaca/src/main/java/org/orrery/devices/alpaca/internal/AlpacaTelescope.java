package org.orrery.devices.alpaca.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

import org.orrery.device.DeviceException;
import org.orrery.device.Mount;
import org.orrery.devices.common.sky.Offsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Alpaca telescope as a {@link Mount}: PUT {@code slewtocoordinatesasync} then polls
 * {@code slewing} (with the slew timeout) and reads the position; park/unpark wait for
 * {@code atpark}; tracking is read back after it is set. Pier side from {@code sideofpier}
 * (0 pierEast, 1 pierWest, −1 or not implemented: unknown); sync by {@code synctocoordinates};
 * an offset move is a slew to the offset coordinates (Alpaca has no offset move but pulse
 * guiding, which needs a guide rate the device may not report).
 */
final class AlpacaTelescope extends AlpacaDeviceBase implements Mount {

    private static final Logger LOG = LoggerFactory.getLogger(AlpacaTelescope.class);

    private volatile double ra = Double.NaN;
    private volatile double dec = Double.NaN;
    private volatile boolean tracking;
    private volatile boolean parked;
    private volatile boolean slewing;
    private volatile Site site;
    private volatile PierSide pierSide = PierSide.UNKNOWN;
    private final Offsets offsets = new Offsets();
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
        pierSide = readPierSide();
    }

    /** ASCOM's PierSide: 0 pierEast, 1 pierWest, −1 pierUnknown. */
    private PierSide readPierSide() {
        return switch (optionalInt("sideofpier", -1)) {
            case 0 -> PierSide.EAST;
            case 1 -> PierSide.WEST;
            default -> PierSide.UNKNOWN;
        };
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
        offsets.put(values, pierSide);
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
    public PierSide pierSide() {
        return pierSide;
    }

    @Override
    public CompletionStage<Void> slew(double raHours, double decDegrees) {
        CompletableFuture<Void> f = newOperation("slew", raHours, decDegrees);
        if (f.isDone()) {
            return f;
        }
        begin(f, () -> slewTo(f, raHours, decDegrees, "slew", offsets::reset));
        return f;
    }

    @Override
    public CompletionStage<Void> sync(double raHours, double decDegrees) {
        CompletableFuture<Void> f = newOperation("sync", raHours, decDegrees);
        if (f.isDone()) {
            return f;
        }
        begin(f, () -> {
            Map<String, Object> form = new LinkedHashMap<>();
            form.put("RightAscension", raHours);
            form.put("Declination", decDegrees);
            client.put(path + "/synctocoordinates", form);
            offsets.reset();
            readPosition();
            f.complete(null);
        });
        return f;
    }

    @Override
    public CompletionStage<Void> moveOffset(double raArcseconds, double decArcseconds) {
        CompletableFuture<Void> f = newOperation();
        if (f.isDone()) {
            return f;
        }
        begin(f, () -> {
            double[] to = Offsets.shifted(number("rightascension"), number("declination"), raArcseconds, decArcseconds);
            slewTo(f, to[0], to[1], "offset move", () -> offsets.add(raArcseconds, decArcseconds));
        });
        return f;
    }

    /** A new operation, already failed when the coordinates are outside the sky. */
    private CompletableFuture<Void> newOperation(String verb, double raHours, double decDegrees) {
        CompletableFuture<Void> f = newOperation();
        if (!f.isDone() && (!(raHours >= 0 && raHours < 24) || !(decDegrees >= -90 && decDegrees <= 90))) {
            f.completeExceptionally(new DeviceException(id(), "cannot " + verb + " to RA " + raHours + " h, Dec "
                    + decDegrees + "°: expected 0 ≤ RA < 24 hours and −90 ≤ Dec ≤ 90 degrees"));
        }
        return f;
    }

    /** On the worker: slews (tracking on first), waits until the slew ends, then runs {@code arrived}. */
    private void slewTo(CompletableFuture<Void> f, double raHours, double decDegrees, String what, Runnable arrived) {
        claimMotion(f, what);
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
                what + " to RA " + raHours + " h, Dec " + decDegrees + "°", arrived));
    }


    /** On the worker: polls slewing until false, then reads where the mount is. */
    private void awaitStopped(CompletableFuture<Void> f, long deadline, String what, Runnable arrived) {
        if (!bool("slewing")) {
            slewing = false;
            arrived.run();
            readPosition();
            f.complete(null);
            return;
        }
        if (System.nanoTime() > deadline) {
            abortQuietly();
            throw new DeviceException(id(), "mount '" + id() + "' still reported slewing=true "
                    + settings.slewTimeout().toSeconds() + " s after the " + what + " began; the slew was aborted");
        }
        step(f, settings.operationPoll(), () -> awaitStopped(f, deadline, what, arrived));
    }

    /** On the worker, once a motion ended: where the mount is and whether it tracks. */
    private void readPosition() {
        ra = number("rightascension");
        dec = number("declination");
        tracking = optionalBoolean("tracking", tracking);
        pierSide = readPierSide();
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
