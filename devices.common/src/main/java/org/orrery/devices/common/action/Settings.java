package org.orrery.devices.common.action;

import java.time.Duration;

/**
 * The configurable defaults of the instrument actions: how long to wait for what, and how close
 * is close enough. Built from {@link Instruments.Config}; tests build it directly.
 *
 * @param deviceWait how long a task waits for an absent or unconnected device before it fails
 * @param readoutMargin added to the exposure time to bound the wait for a frame
 * @param slewRateDegreesPerSecond the slowest slew rate assumed when bounding a slew
 * @param slewMargin added to the slew's distance / rate
 * @param slewToleranceArcmin how far from the target a finished slew may be
 * @param parkTimeout bound on park and unpark
 * @param trackingTimeout bound on turning tracking on or off
 * @param focuserStepsPerSecond the slowest focuser rate assumed (at full speed)
 * @param focuserMargin added to the focuser move's steps / rate
 * @param focuserToleranceSteps how far from the target a finished focuser move may be
 * @param filterTimeout bound on a filter change
 * @param stageMicronsPerSecond the slowest stage rate assumed
 * @param stageMargin added to the stage move's distance / rate
 * @param stageToleranceMicrons how far from the target a finished stage move may be (per axis)
 * @param settle how long a position that is not yet right after "done" is re-read before the action fails
 * @param imagesFolder where images go: relative to ORRERY_HOME/data, or absolute
 * @param previewMaxSize the longest side of a PNG preview in pixels (larger frames are binned down)
 * @param microscopeId the microscope the seed's actions use; empty: the first by id
 */
public record Settings(Duration deviceWait, Duration readoutMargin, double slewRateDegreesPerSecond, Duration slewMargin,
        double slewToleranceArcmin, Duration parkTimeout, Duration trackingTimeout, double focuserStepsPerSecond,
        Duration focuserMargin, int focuserToleranceSteps, Duration filterTimeout, double stageMicronsPerSecond,
        Duration stageMargin, double stageToleranceMicrons, Duration settle, String imagesFolder, int previewMaxSize,
        String microscopeId) {

    public static final Settings DEFAULTS = new Settings(Duration.ofSeconds(300), Duration.ofSeconds(60), 1.0,
            Duration.ofSeconds(60), 1.0, Duration.ofSeconds(300), Duration.ofSeconds(30), 100, Duration.ofSeconds(30), 0,
            Duration.ofSeconds(60), 100, Duration.ofSeconds(30), 1.0, Duration.ofSeconds(2), "images", 2048, "");

    public static Settings from(Instruments.Config c) {
        return new Settings(seconds(c.device_wait_seconds(), 0), seconds(c.readout_margin_seconds(), 0),
                positive(c.slew_rate_degrees_per_second(), 1.0), seconds(c.slew_margin_seconds(), 0),
                positive(c.slew_tolerance_arcmin(), 1.0), seconds(c.park_timeout_seconds(), 1),
                seconds(c.tracking_timeout_seconds(), 1), positive(c.focuser_rate_steps_per_second(), 100),
                seconds(c.focuser_margin_seconds(), 0), Math.max(0, c.focuser_tolerance_steps()),
                seconds(c.filter_timeout_seconds(), 1), positive(c.stage_rate_microns_per_second(), 100),
                seconds(c.stage_margin_seconds(), 0), positive(c.stage_tolerance_microns(), 1.0),
                seconds(c.settle_seconds(), 0), c.images_folder() == null || c.images_folder().isBlank() ? "images"
                        : c.images_folder().trim(),
                Math.max(64, c.preview_max_size()), c.microscope_id() == null ? "" : c.microscope_id().trim());
    }

    private static Duration seconds(double s, double min) {
        double v = Double.isFinite(s) ? Math.max(min, s) : min;
        return Duration.ofNanos(Math.round(v * 1e9));
    }

    private static double positive(double v, double fallback) {
        return v > 0 && Double.isFinite(v) ? v : fallback;
    }
}
