package org.orrery.devices.common.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.orrery.device.CameraInfo;

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
