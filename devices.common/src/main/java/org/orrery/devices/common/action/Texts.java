package org.orrery.devices.common.action;

import java.time.Duration;
import java.util.Locale;

/** Numbers and angles written for people (messages) and for FITS headers. */
public final class Texts {

    private Texts() {
    }

    /** {@code 65 s}, {@code 0.5 s}. */
    public static String seconds(Duration d) {
        return number(d.toNanos() / 1e9, 3) + " s";
    }

    /** A number with at most {@code decimals} decimals and no trailing zeros: {@code 10.2}, {@code 20}. */
    public static String number(double value, int decimals) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.toString(value);
        }
        String s = String.format(Locale.ROOT, "%." + decimals + "f", value);
        if (s.indexOf('.') >= 0) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return "-0".equals(s) ? "0" : s;
    }

    /** {@code RA 10.5h Dec 20°} with a precision that shows a difference of about an arc minute. */
    public static String radec(double raHours, double decDegrees) {
        return "RA " + number(raHours, 3) + "h Dec " + number(decDegrees, 2) + "°";
    }

    /** An angle in degrees as people read it: {@code 3.1°}, or {@code 2.4'} under a degree, or {@code 12"}. */
    public static String angle(double degrees) {
        double a = Math.abs(degrees);
        if (a >= 1) {
            return number(degrees, 1) + "°";
        }
        if (a * 60 >= 1) {
            return number(degrees * 60, 1) + "'";
        }
        return number(degrees * 3600, 1) + "\"";
    }

    /** Right ascension in hours as FITS {@code OBJCTRA} writes it: {@code 10 30 00.00}. */
    public static String sexagesimalHours(double hours) {
        double h = ((hours % 24) + 24) % 24;
        long centis = Math.round(h * 3600 * 100);
        centis %= 24L * 3600 * 100;
        long hh = centis / 360_000;
        long mm = centis / 6_000 % 60;
        double ss = centis % 6_000 / 100.0;
        return String.format(Locale.ROOT, "%02d %02d %05.2f", hh, mm, ss);
    }

    /** Declination in degrees as FITS {@code OBJCTDEC} writes it: {@code +20 00 00.0}. */
    public static String sexagesimalDegrees(double degrees) {
        long tenths = Math.round(Math.abs(degrees) * 3600 * 10);
        long dd = tenths / 36_000;
        long mm = tenths / 600 % 60;
        double ss = tenths % 600 / 10.0;
        return String.format(Locale.ROOT, "%s%02d %02d %04.1f", degrees < 0 && tenths > 0 ? "-" : "+", dd, mm, ss);
    }
}
