package org.orrery.devices.common.image;

import java.util.Optional;

import org.orrery.device.CameraInfo;
import org.orrery.device.ExposureSettings;
import org.orrery.device.Frame;

/**
 * Whether a frame is what was asked for: the binning applied, dimensions that match the sensor
 * at that binning, and an image that is not empty (all zeros) or flat (one value everywhere).
 */
public final class FrameCheck {

    private FrameCheck() {
    }

    /**
     * What is wrong with the frame, said for people, or empty when nothing is.
     *
     * @param camera how the camera is called in messages: {@code camera 'sim-camera'}
     */
    public static Optional<String> problem(String camera, CameraInfo info, ExposureSettings asked, Frame frame,
            FrameStatistics stats) {
        ExposureSettings applied = frame.settings();
        if (applied.binX() != asked.binX() || applied.binY() != asked.binY()) {
            return Optional.of(camera + " took the frame at " + applied.binX() + "x" + applied.binY()
                    + " binning; expected " + asked.binX() + "x" + asked.binY());
        }
        if (info != null && info.width() > 0 && info.height() > 0
                && (!fits(info.width(), asked.binX(), frame.width()) || !fits(info.height(), asked.binY(), frame.height()))) {
            return Optional.of(camera + " returned a " + frame.width() + "x" + frame.height() + " frame at "
                    + asked.binX() + "x" + asked.binY() + " binning; expected " + info.width() / asked.binX() + "x"
                    + info.height() / asked.binY() + " (sensor " + info.width() + "x" + info.height() + ")");
        }
        if (stats.constant()) {
            int n = frame.pixels().length;
            return Optional.of(camera + " returned " + (stats.max() == 0 ? "an empty frame: all " + n + " pixels are 0"
                    : "a flat frame: all " + n + " pixels are " + stats.max())
                    + "; expected an image with signal and noise");
        }
        return Optional.empty();
    }

    /** Binned size as drivers compute it: rounded down, or up when the sensor does not divide evenly. */
    private static boolean fits(int sensor, int bin, int got) {
        return got == sensor / bin || got == (sensor + bin - 1) / bin;
    }
}
