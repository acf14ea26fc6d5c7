package org.orrery.devices.common.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.orrery.device.CameraInfo;
import org.orrery.device.Mount;
import org.orrery.devices.common.sky.Offsets;

/**
 * What the frame-taking actions ({@code camera.expose}, {@code capture_image}) read from devices for
 * the FITS headers and put in their results, tolerant of a driver that cannot say.
 */
public final class FrameFacts {

    private FrameFacts() {
    }

    /** The camera's pixel size in µm, or null when it does not say. */
    public static Double pixelSize(CameraInfo info) {
        return info == null || !(info.pixelSizeMicrons() > 0) ? null : info.pixelSizeMicrons();
    }

    /**
     * The mount's cards beyond its pointing: {@code PIERSIDE} ({@code EAST}/{@code WEST}, none when
     * unknown) and, when the mount's offset (its dithers since the last slew or sync, value
     * {@code offset_ra_arcsec}/{@code offset_dec_arcsec}) is not 0, {@code DITHRA} and
     * {@code DITHDEC} in arc-seconds. Empty without a mount.
     */
    public static List<FitsHeaders.Card> mountCards(Mount mount) {
        if (mount == null) {
            return List.of();
        }
        List<FitsHeaders.Card> cards = new ArrayList<>();
        Mount.PierSide side = read(mount::pierSide);
        if (side == Mount.PierSide.EAST || side == Mount.PierSide.WEST) {
            cards.add(new FitsHeaders.Card("PIERSIDE", side.name(), "side of the pier the telescope is on"));
        }
        Map<String, Object> values = read(mount::values);
        double ra = offset(values, Offsets.OFFSET_RA);
        double dec = offset(values, Offsets.OFFSET_DEC);
        if (ra != 0 || dec != 0) {
            cards.add(new FitsHeaders.Card("DITHRA", ra, "[arcsec] dither offset east since the last slew"));
            cards.add(new FitsHeaders.Card("DITHDEC", dec, "[arcsec] dither offset north since the last slew"));
        }
        return cards;
    }

    private static double offset(Map<String, Object> values, String key) {
        Object v = values == null ? null : values.get(key);
        return v instanceof Number n && Double.isFinite(n.doubleValue()) ? n.doubleValue() : 0;
    }

    /** The paths of the frames' files (result field {@code files}): each frame's FITS, then its PNG. */
    public static List<String> files(List<Map<String, Object>> frames) {
        List<String> files = new ArrayList<>();
        for (Map<String, Object> f : frames) {
            files.add((String) f.get("fits"));
            files.add((String) f.get("png"));
        }
        return files;
    }

    /** A device value, or null when the device cannot say (a driver that throws does not spoil the frame). */
    public static <T> T read(Supplier<T> value) {
        try {
            return value.get();
        } catch (RuntimeException e) {
            return null;
        }
    }

    public static Double finite(Double d) {
        return d == null || !Double.isFinite(d) ? null : d;
    }
}
