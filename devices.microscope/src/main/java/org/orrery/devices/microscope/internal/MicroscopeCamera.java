package org.orrery.devices.microscope.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

import org.orrery.device.CameraInfo;
import org.orrery.device.ExposureSettings;
import org.orrery.devices.common.sim.CameraDevice;
import org.orrery.devices.common.sim.DeviceWorker;
import org.orrery.devices.common.sim.Sensor;

/**
 * The simulated microscope's camera: an uncooled 12-bit sensor behind the objective, seeing the
 * slide where the stage is, blurred by the defocus; exposures in the millisecond range, gain as a
 * multiplier (1 to 16).
 */
public final class MicroscopeCamera extends CameraDevice {

    /** The sensor's temperature: uncooled, it sits at room temperature. */
    public static final double SENSOR_CELSIUS = 25;

    private final SampleRenderer renderer;
    private final Supplier<double[]> stagePosition;
    private final DoubleSupplier defocusUm;
    private final double magnification;
    private final long seed;

    public MicroscopeCamera(String id, String name, int width, int height, double pixelSize, double magnification,
            double numericalAperture, double readoutSeconds, long seed, Supplier<double[]> stagePosition,
            DoubleSupplier defocusUm, DeviceWorker worker) {
        super(id, name, info(width, height, pixelSize), 1.0, 16, readoutSeconds, worker);
        this.renderer = new SampleRenderer(sensor(width, height, seed), pixelSize, magnification, numericalAperture,
                seed);
        this.stagePosition = stagePosition;
        this.defocusUm = defocusUm;
        this.magnification = magnification;
        this.seed = seed;
    }

    public static CameraInfo info(int width, int height, double pixelSize) {
        return new CameraInfo(width, height, pixelSize, 12, 2, 0.00001, 10, 1, 16, 0, 255, false);
    }

    public static Sensor sensor(int width, int height, long seed) {
        return new Sensor(width, height, 12, 10_000, g -> 10_000 / 4095.0 / g, g -> 2.0, 1.0, 0.5, 0.0002, seed);
    }

    public SampleRenderer renderer() {
        return renderer;
    }

    @Override
    public double temperature() {
        return Double.NaN;
    }

    @Override
    protected Capture capture(ExposureSettings s, long exposure) {
        double[] p0 = stagePosition.get();
        double d0 = defocusUm.getAsDouble();
        return new Capture() {
            @Override
            public int[] readOut() {
                double[] p1 = stagePosition.get();
                double d1 = defocusUm.getAsDouble();
                return renderer.render(new SampleRenderer.Scene(s.frameType(), s.seconds(), s.binX(), s.binY(),
                        s.gain(), s.offset(), SENSOR_CELSIUS, (p0[0] + p1[0]) / 2, (p0[1] + p1[1]) / 2,
                        (d0 + d1) / 2, noiseSeed(seed, exposure)));
            }

            @Override
            public Map<String, Object> headers() {
                Map<String, Object> h = new LinkedHashMap<>();
                h.put("INSTRUME", name);
                putPixelHeaders(h, s, renderer.sensor());
                h.put("MAGNIFIC", magnification);
                h.put("STAGE-X", StageDevice.round(p0[0]));
                h.put("STAGE-Y", StageDevice.round(p0[1]));
                h.put("STAGE-Z", StageDevice.round(p0[2]));
                return h;
            }
        };
    }
}
