package org.orrery.devices.microscope.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.Test;
import org.orrery.device.DeviceType;
import org.orrery.device.ExposureSettings;
import org.orrery.device.Frame;
import org.orrery.device.FrameType;
import org.orrery.devices.common.sim.Configs;
import org.orrery.devices.common.sim.Stages;

class SimulatedMicroscopeTest {

    private final SampleRenderer renderer = new SampleRenderer(MicroscopeCamera.sensor(400, 300, 1), 3.45, 20, 0.4, 1);

    private SampleRenderer.Scene scene(double x, double y, double defocus) {
        return new SampleRenderer.Scene(FrameType.LIGHT, 0.1, 1, 1, 1.5, 16, 25, x, y, defocus, 7);
    }

    @Test
    void partsAreDevicesOfTheirOwn() {
        SimulatedMicroscope m = new SimulatedMicroscope(Configs.of(SimulatedMicroscope.Config.class));
        try {
            assertEquals(DeviceType.MICROSCOPE, m.type());
            assertEquals("sim-microscope.stage", m.stage().id());
            assertEquals("sim-microscope.focus", m.focus().id());
            assertEquals("sim-microscope.camera", m.camera().id());
            assertEquals(DeviceType.STAGE, m.stage().type());
            assertEquals(DeviceType.FOCUSER, m.focus().type());
            assertEquals(DeviceType.CAMERA, m.camera().type());
            Map<String, Object> v = m.values();
            assertEquals(50_000.0, v.get("x_um"));
            assertEquals(37_500.0, v.get("y_um"));
            assertEquals(5_000.0, v.get("z_um"));
            assertEquals("idle", v.get("exposure_state"));
            assertEquals(Map.of("x_um", 50_000.0, "y_um", 37_500.0, "z_um", 5_000.0, "moving", false,
                    "connection_state", "connected"), m.stage().values());
        } finally {
            m.deactivate();
        }
    }

    @Test
    void captureImageAsSeed001AsksGivesACellImage() {
        SimulatedMicroscope m = new SimulatedMicroscope(Configs.of(SimulatedMicroscope.Config.class));
        try {
            // seed 001: capture_image(exposure=100 ms, gain=1.5)
            Frame f = Stages.done(m.camera().expose(new ExposureSettings(0.1, FrameType.LIGHT, 1, 1, 1.5, null)));
            assertEquals(1024, f.width());
            assertEquals(768, f.height());
            assertEquals(12, f.bitDepth());
            double mean = Stages.mean(f.pixels());
            double spread = Stages.stdDev(f.pixels());
            assertTrue(mean > 0.2 * 4095 && mean < 0.8 * 4095, "a well exposed bright field: mean " + mean);
            assertTrue(spread > 20, "cells make contrast: " + spread);
            assertTrue(java.util.Arrays.stream(f.pixels()).allMatch(p -> p >= 0 && p <= 4095));
            assertEquals("camera 'sim-microscope.camera': gain must be 1 to 16, was 20",
                    Stages.failure(m.camera().expose(new ExposureSettings(0.1, FrameType.LIGHT, 1, 1, 20.0, null)))
                            .getMessage());
        } finally {
            m.deactivate();
        }
    }

    @Test
    void theSampleFollowsTheStage() {
        double step = 10 * renderer.umPerPixel(); // ten pixels
        float[] a = renderer.signal(scene(1000, 2000, 0));
        float[] b = renderer.signal(scene(1000 + step, 2000, 0));
        // moving the stage by +10 pixels shows, at column c, what was at column c + 10
        double diff = 0;
        double contrast = 0;
        for (int y = 0; y < 300; y++) {
            for (int x = 0; x < 390; x++) {
                diff += Math.abs(b[y * 400 + x] - a[y * 400 + x + 10]);
                contrast += Math.abs(a[y * 400 + x] - a[y * 400 + x + 10]);
            }
        }
        assertTrue(diff < 1e-3 * contrast, "shifted copy: " + diff + " vs " + contrast);
        assertTrue(contrast > 0);
    }

    @Test
    void theImageBlursAwayFromFocus() {
        double sharp = gradientEnergy(renderer.signal(scene(1000, 2000, 0)));
        double soft = gradientEnergy(renderer.signal(scene(1000, 2000, 5)));
        double blurred = gradientEnergy(renderer.signal(scene(1000, 2000, -20)));
        assertTrue(sharp > soft && soft > blurred, sharp + " > " + soft + " > " + blurred);
    }

    @Test
    void focusAndStageZTogetherSetTheFocus() {
        SimulatedMicroscope m = new SimulatedMicroscope(Configs.of(SimulatedMicroscope.Config.class,
                "camera_width", 512, "camera_height", 384, "camera_readout_seconds", 0.0));
        try {
            double inFocus = blockGradientEnergy(capture(m), 512);
            Stages.done(m.focus().moveTo(50_200, 1)); // 20 µm
            double off = blockGradientEnergy(capture(m), 512);
            Stages.done(m.stage().moveTo(m.stage().position()[0], m.stage().position()[1], 4980)); // and back by z
            double back = blockGradientEnergy(capture(m), 512);
            assertTrue(off < 0.5 * inFocus && back > 0.8 * inFocus, inFocus + ", " + off + ", " + back);
        } finally {
            m.deactivate();
        }
    }

    private static float[] capture(SimulatedMicroscope m) {
        int[] px = Stages.done(m.camera().expose(new ExposureSettings(0.05, FrameType.LIGHT, 1, 1, 2.0, null)))
                .pixels();
        float[] f = new float[px.length];
        for (int i = 0; i < px.length; i++) {
            f[i] = px[i];
        }
        return f;
    }

    @Test
    void deactivateFailsEveryPartsOperationAndEndsTheThread() {
        SimulatedMicroscope m = new SimulatedMicroscope(Configs.of(SimulatedMicroscope.Config.class,
                "stage_xy_speed", 1.0, "focus_speed", 1.0));
        CompletionStage<Void> move = m.stage().moveTo(0, 0, 0);
        CompletionStage<Void> focus = m.focus().moveTo(0, 1);
        CompletionStage<Frame> capture = m.camera().expose(new ExposureSettings(5, FrameType.LIGHT, 1, 1, null, null));
        assertTrue(m.stage().moving() && m.focus().moving());
        m.deactivate();
        Stages.removed(move);
        Stages.removed(focus);
        Stages.removed(capture);
        assertTrue(m.threadEnded());
        assertFalse(Stages.threadAlive("orrery-sim-sim-microscope"));
    }

    /** {@link #gradientEnergy} of the 4x4 block means: the sharpness of structure, not of noise. */
    static double blockGradientEnergy(float[] img, int w) {
        int h = img.length / w;
        int bw = w / 4;
        int bh = h / 4;
        double e = 0;
        float[] b = new float[bw * bh];
        for (int y = 0; y < bh * 4; y++) {
            for (int x = 0; x < bw * 4; x++) {
                b[(y / 4) * bw + x / 4] += img[y * w + x] / 16;
            }
        }
        for (int y = 0; y + 1 < bh; y++) {
            for (int x = 0; x + 1 < bw; x++) {
                double dx = b[y * bw + x + 1] - b[y * bw + x];
                double dy = b[(y + 1) * bw + x] - b[y * bw + x];
                e += dx * dx + dy * dy;
            }
        }
        return e;
    }

    /** Sum of squared neighbour differences: high for a sharp image. */
    static double gradientEnergy(float[] img) {
        int w = img.length == 400 * 300 ? 400 : 256;
        double e = 0;
        for (int i = 0; i + w + 1 < img.length; i++) {
            double dx = img[i + 1] - img[i];
            double dy = img[i + w] - img[i];
            e += dx * dx + dy * dy;
        }
        return e;
    }
}
