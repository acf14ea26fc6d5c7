package org.orrery.devices.indi.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

import org.orrery.device.DeviceException;
import org.orrery.device.Mount;
import org.orrery.devices.common.sky.Angles;

/** An INDI telescope (a device with EQUATORIAL_EOD_COORD) as an Orrery mount. */
final class IndiMount extends AbstractIndiDevice implements Mount {

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
        return v;
    }

    @Override
    public CompletionStage<Void> slew(double ra, double dec) {
        if (!(ra >= 0 && ra < 24) || !(dec >= -90 && dec <= 90)) {
            throw new IllegalArgumentException("slew target must be 0 <= RA < 24 h and -90 <= Dec <= 90 deg, was RA "
                    + ra + " h, Dec " + dec + " deg");
        }
        String during = "the slew";
        return submit(during, () -> {
            Life life = ready(during);
            apply(life, "ON_COORD_SET", IndiKind.SWITCH, values("TRACK", "On"), switchOn("TRACK"), true,
                    settings.settingTimeout(), during);
            double tolerance = settings.slewToleranceDegrees();
            Predicate<IndiVector> there = v -> Angles.separationDegrees(v.number("RA"), v.number("DEC"), ra, dec) <= tolerance;
            IndiVector end = apply(life, "EQUATORIAL_EOD_COORD", IndiKind.NUMBER,
                    values("RA", IndiWriter.number(ra), "DEC", IndiWriter.number(dec)), there, false,
                    settings.slewTimeout(), during);
            double miss = Angles.separationDegrees(end.number("RA"), end.number("DEC"), ra, dec);
            if (!(miss <= tolerance)) {
                throw new DeviceException(id(), String.format(java.util.Locale.ROOT,
                        "%s ended the slew at RA %.5f h, Dec %.5f deg, %.3f deg from the target RA %.5f h, Dec %.5f deg "
                                + "(tolerance %.3f deg)", indiName, end.number("RA"), end.number("DEC"), miss, ra, dec,
                        tolerance));
            }
            return null;
        });
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
