package org.orrery.devices.common.sky;

import java.util.Locale;
import java.util.Map;

import org.orrery.device.Mount.PierSide;

/**
 * A mount's offset moves (dithers) since its last slew or sync, east and north in arc-seconds on
 * the sky, and the mount values every driver reports with them: {@code pier_side},
 * {@code offset_ra_arcsec}, {@code offset_dec_arcsec}. Thread-safe.
 */
public final class Offsets {

    public static final String PIER_SIDE = "pier_side";
    public static final String OFFSET_RA = "offset_ra_arcsec";
    public static final String OFFSET_DEC = "offset_dec_arcsec";

    /** Near a pole an arc-second east is many seconds of RA: the cosine is not taken below this. */
    private static final double MIN_COS_DEC = 1e-3;

    private double ra;
    private double dec;

    public synchronized void add(double raArcsec, double decArcsec) {
        ra += raArcsec;
        dec += decArcsec;
    }

    /** After a slew or a sync. */
    public synchronized void reset() {
        ra = 0;
        dec = 0;
    }

    public synchronized double ra() {
        return ra;
    }

    public synchronized double dec() {
        return dec;
    }

    /** Puts {@code pier_side} and the two offsets into a device's values. */
    public void put(Map<String, Object> values, PierSide side) {
        put(values, side, ra(), dec());
    }

    /** Puts {@code pier_side} ({@code east}, {@code west}, {@code unknown}) and the offsets (rounded to 0.001″). */
    public static void put(Map<String, Object> values, PierSide side, double raArcsec, double decArcsec) {
        values.put(PIER_SIDE, (side == null ? PierSide.UNKNOWN : side).name().toLowerCase(Locale.ROOT));
        values.put(OFFSET_RA, Math.round(raArcsec * 1000) / 1000.0);
        values.put(OFFSET_DEC, Math.round(decArcsec * 1000) / 1000.0);
    }

    /**
     * Where a mount points after an offset move: RA hours (0 to 24) and Dec degrees (clamped to
     * ±90) of {@code raArcsec} east and {@code decArcsec} north of RA/Dec.
     */
    public static double[] shifted(double raHours, double decDegrees, double raArcsec, double decArcsec) {
        double cos = Math.max(MIN_COS_DEC, Math.cos(Math.toRadians(decDegrees)));
        double ra = (raHours + raArcsec / 3600.0 / 15.0 / cos) % 24.0;
        if (ra < 0) {
            ra += 24.0;
        }
        double dec = Math.max(-90, Math.min(90, decDegrees + decArcsec / 3600.0));
        return new double[] {ra >= 24.0 ? 0.0 : ra, dec};
    }
}
