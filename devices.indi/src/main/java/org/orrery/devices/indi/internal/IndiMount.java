package org.orrery.devices.indi.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

import org.orrery.device.DeviceException;
import org.orrery.device.Mount;
import org.orrery.devices.common.sky.Angles;
import org.orrery.devices.common.sky.Offsets;

/**
 * An INDI telescope (a device with EQUATORIAL_EOD_COORD) as an Orrery mount. Pier side from
 * {@code TELESCOPE_PIER_SIDE}; sync is {@code ON_COORD_SET}=SYNC then the coordinates (then back to
 * TRACK); an offset move is a slew to the offset coordinates (see the README for why not timed
 * guide pulses).
 */
final class IndiMount extends AbstractIndiDevice implements Mount {

    private final Offsets offsets = new Offsets();

    IndiMount(IndiServer server, String indiName) {
        super(server, indiName);
    }

    @Override
    public double rightAscension() {
        IndiVector v = property("EQUATORIAL_EOD_COORD");
        return v == null ? Double.NaN : v.number("RA");
    }

    @Override
    public double declination() {
        IndiVector v = property("EQUATORIAL_EOD_COORD");
        return v == null ? Double.NaN : v.number("DEC");
    }

    @Override
    public boolean tracking() {
        IndiVector v = property("TELESCOPE_TRACK_STATE");
        if (v != null) {
            return v.on("TRACK_ON");
        }
        IndiVector c = property("EQUATORIAL_EOD_COORD");
        return c != null && c.state() == IndiState.OK && !parked();
    }

    @Override
    public boolean parked() {
        IndiVector v = property("TELESCOPE_PARK");
        return v != null && v.on("PARK");
    }

    @Override
    public boolean slewing() {
        IndiVector v = property("EQUATORIAL_EOD_COORD");
        return v != null && v.state() == IndiState.BUSY;
    }

    @Override
    public Site site() {
        IndiVector v = property("GEOGRAPHIC_COORD");
        if (v == null) {
            return null;
        }
        double lon = v.number("LONG");
        if (lon > 180) {
            lon -= 360; // INDI: 0 to 360 east
        }
        return new Site(v.number("LAT"), lon, v.number("ELEV"));
    }

    @Override
    public PierSide pierSide() {
        IndiVector v = property("TELESCOPE_PIER_SIDE");
        if (v == null) {
            return PierSide.UNKNOWN;
        }
        return v.on("PIER_WEST") ? PierSide.WEST : v.on("PIER_EAST") ? PierSide.EAST : PierSide.UNKNOWN;
    }

    @Override
    public Map<String, Object> values() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("connection", connectionState().id());
        if (!Double.isNaN(rightAscension()) && !Double.isNaN(declination())) {
            v.put("ra_hours", rightAscension());
            v.put("dec_degrees", declination());
        }
        v.put("tracking", tracking());
        v.put("parked", parked());
        v.put("slewing", slewing());
        offsets.put(v, pierSide());
        return v;
    }

    private static void checkCoordinates(String what, double ra, double dec) {
        if (!(ra >= 0 && ra < 24) || !(dec >= -90 && dec <= 90)) {
            throw new IllegalArgumentException(what + " must be 0 <= RA < 24 h and -90 <= Dec <= 90 deg, was RA "
                    + ra + " h, Dec " + dec + " deg");
        }
    }

    @Override
    public CompletionStage<Void> slew(double ra, double dec) {
        checkCoordinates("slew target", ra, dec);
        String during = "the slew";
        return submit(during, () -> {
            double tolerance = settings.slewToleranceDegrees();
            Predicate<IndiVector> near = within(ra, dec, tolerance);
            slewTo(ready(during), ra, dec, near, near, tolerance, during);
            offsets.reset();
            return null;
        });
    }

    @Override
    public CompletionStage<Void> sync(double ra, double dec) {
        checkCoordinates("sync coordinates", ra, dec);
        String during = "the sync";
        return submit(during, () -> {
            Life life = ready(during);
            apply(life, "ON_COORD_SET", IndiKind.SWITCH, values("SYNC", "On"), switchOn("SYNC"), true,
                    settings.settingTimeout(), during);
            try {
                double tolerance = settings.slewToleranceDegrees();
                apply(life, "EQUATORIAL_EOD_COORD", IndiKind.NUMBER,
                        values("RA", IndiWriter.number(ra), "DEC", IndiWriter.number(dec)),
                        within(ra, dec, tolerance), false,
                        settings.settingTimeout(), during);
                offsets.reset();
            } finally {
                // a slew that follows must not sync: back to TRACK whatever happened
                apply(life, "ON_COORD_SET", IndiKind.SWITCH, values("TRACK", "On"), switchOn("TRACK"), true,
                        settings.settingTimeout(), during);
            }
            return null;
        });
    }

    @Override
    public CompletionStage<Void> moveOffset(double raArcseconds, double decArcseconds) {
        String during = "the offset move";
        return submit(during, () -> {
            Life life = ready(during);
            IndiVector now = require(life, "EQUATORIAL_EOD_COORD", during);
            double ra0 = now.number("RA");
            double dec0 = now.number("DEC");
            double[] to = Offsets.shifted(ra0, dec0, raArcseconds, decArcseconds);
            // the mount is already within the slew tolerance of so near a target: until it has reported Busy,
            // the move is seen done only once the mount has left its start by at least half the offset (so a
            // report sent before it took the command is not taken for the end) and points within the slew
            // tolerance of the target; after Busy, within the tolerance is enough, as for any slew (a mount,
            // or the simulator short of CPU, may report a few-arcsecond dither a few arcseconds off: on
            // 2026-12-06 it reported a 4.5" dither's end 1.9" from the start and 2.6" short of the target)
            double offsetDegrees = Math.hypot(raArcseconds, decArcseconds) / 3600;
            double tolerance = settings.slewToleranceDegrees();
            Predicate<IndiVector> near = within(to[0], to[1], tolerance);
            Predicate<IndiVector> left = v -> Angles.separationDegrees(v.number("RA"), v.number("DEC"), ra0, dec0)
                    >= offsetDegrees / 2;
            slewTo(life, to[0], to[1], left.and(near), near, tolerance, during);
            offsets.add(raArcseconds, decArcseconds);
            return null;
        });
    }

    /** Whether a reported EQUATORIAL_EOD_COORD is within {@code tolerance} degrees of RA, Dec. */
    private static Predicate<IndiVector> within(double ra, double dec, double tolerance) {
        return v -> Angles.separationDegrees(v.number("RA"), v.number("DEC"), ra, dec) <= tolerance;
    }

    /**
     * ON_COORD_SET=TRACK, then the coordinates; waits until the mount reports a position that is
     * {@code there}, or {@code thereAfterBusy} once it reported Busy (within {@code tolerance} degrees
     * of the target, named in the error).
     */
    private void slewTo(Life life, double ra, double dec, Predicate<IndiVector> there,
            Predicate<IndiVector> thereAfterBusy, double tolerance, String during) throws InterruptedException {
        apply(life, "ON_COORD_SET", IndiKind.SWITCH, values("TRACK", "On"), switchOn("TRACK"), true,
                settings.settingTimeout(), during);
        IndiVector end = apply(life, "EQUATORIAL_EOD_COORD", IndiKind.NUMBER,
                values("RA", IndiWriter.number(ra), "DEC", IndiWriter.number(dec)), there, thereAfterBusy, false,
                settings.slewTimeout(), during);
        double miss = Angles.separationDegrees(end.number("RA"), end.number("DEC"), ra, dec);
        if (!thereAfterBusy.test(end)) {
            throw new DeviceException(id(), String.format(java.util.Locale.ROOT,
                    "%s ended the slew at RA %.5f h, Dec %.5f deg, %.3f deg from the target RA %.5f h, Dec %.5f deg "
                            + "(tolerance %.3f deg)", indiName, end.number("RA"), end.number("DEC"), miss, ra, dec,
                    tolerance));
        }
    }


    @Override
    public CompletionStage<Void> park() {
        return switchPark("PARK", "parking", v -> v.on("PARK") && v.state() == IndiState.OK);
    }

    @Override
    public CompletionStage<Void> unpark() {
        return switchPark("UNPARK", "unparking", v -> v.on("UNPARK") && v.state() != IndiState.BUSY);
    }

    /** Turns on {@code sw} of TELESCOPE_PARK and waits, bounded by the park timeout, until {@code done}. */
    private CompletionStage<Void> switchPark(String sw, String during, Predicate<IndiVector> done) {
        return submit(during, () -> {
            Life life = ready(during);
            apply(life, "TELESCOPE_PARK", IndiKind.SWITCH, values(sw, "On"), done, true, settings.parkTimeout(), during);
            return null;
        });
    }

    @Override
    public CompletionStage<Void> setTracking(boolean on) {
        String during = on ? "turning tracking on" : "turning tracking off";
        return submit(during, () -> {
            Life life = ready(during);
            String sw = on ? "TRACK_ON" : "TRACK_OFF";
            apply(life, "TELESCOPE_TRACK_STATE", IndiKind.SWITCH, values(sw, "On"), switchOn(sw), true,
                    settings.settingTimeout(), during);
            remember("TELESCOPE_TRACK_STATE", IndiKind.SWITCH, values(sw, "On"));
            return null;
        });
    }

    @Override
    public void abort() {
        fire("TELESCOPE_ABORT_MOTION", IndiKind.SWITCH, values("ABORT", "On"));
    }
}
