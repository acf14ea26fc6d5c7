package org.orrery.devices.microscope.internal;

import java.util.Locale;
import java.util.Map;

import org.orrery.device.Camera;
import org.orrery.device.Device;
import org.orrery.device.Focuser;
import org.orrery.device.Microscope;
import org.orrery.device.Stage;
import org.orrery.devices.common.sim.Checks;
import org.orrery.devices.common.sim.DeviceWorker;
import org.orrery.devices.common.sim.FocuserDevice;
import org.orrery.devices.common.sim.SimulatedDevice;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated bright-field microscope (one per factory configuration {@value #PID}): a stage, a
 * focus drive and a camera, devices of their own ({@code <id>.stage}, {@code <id>.focus},
 * {@code <id>.camera}) that share one thread and are not registered as services: a task claims
 * the microscope. The sample is in focus when {@code (focus − focus.best.position) × focus.step.um
 * + (stage z − sample.z.um)} is 0.
 */
@Component(service = {Microscope.class, Device.class}, configurationPid = SimulatedMicroscope.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = {Device.TYPE + "=microscope", Device.DRIVER + "=simulator"})
@Designate(ocd = SimulatedMicroscope.Config.class, factory = true)
public final class SimulatedMicroscope extends SimulatedDevice implements Microscope {

    public static final String PID = "org.orrery.devices.simulator.microscope";

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedMicroscope.class);

    @ObjectClassDefinition(name = "Orrery simulated microscope",
            description = "A simulated bright-field microscope: XYZ stage, focus drive and a camera that sees a slide of cells.")
    public @interface Config {
        @AttributeDefinition(name = "Device id", description = "Unique id (device.id); parts are <id>.stage, <id>.focus, <id>.camera.")
        String device_id() default "sim-microscope";

        @AttributeDefinition(name = "Name")
        String name() default "Orrery simulated microscope";

        @AttributeDefinition(name = "Stage x min (µm)", description = "stage.x.min")
        double stage_x_min() default 0;

        @AttributeDefinition(name = "Stage x max (µm)", description = "stage.x.max")
        double stage_x_max() default 100_000;

        @AttributeDefinition(name = "Stage y min (µm)", description = "stage.y.min")
        double stage_y_min() default 0;

        @AttributeDefinition(name = "Stage y max (µm)", description = "stage.y.max")
        double stage_y_max() default 75_000;

        @AttributeDefinition(name = "Stage z min (µm)", description = "stage.z.min")
        double stage_z_min() default 0;

        @AttributeDefinition(name = "Stage z max (µm)", description = "stage.z.max")
        double stage_z_max() default 10_000;

        @AttributeDefinition(name = "Stage x/y speed (µm/s)", description = "stage.xy.speed")
        double stage_xy_speed() default 5000;

        @AttributeDefinition(name = "Stage z speed (µm/s)", description = "stage.z.speed")
        double stage_z_speed() default 1000;

        @AttributeDefinition(name = "Sample z (µm)",
                description = "sample.z.um: stage z at which the sample is in focus with the focus drive at its best position.")
        double sample_z_um() default 5000;

        @AttributeDefinition(name = "Focus travel (steps)", description = "focus.max.position")
        int focus_max_position() default 100_000;

        @AttributeDefinition(name = "Focus best position (steps)", description = "focus.best.position")
        int focus_best_position() default 50_000;

        @AttributeDefinition(name = "Focus start position (steps)", description = "focus.start.position")
        int focus_start_position() default 50_000;

        @AttributeDefinition(name = "Focus step (µm)", description = "focus.step.um: travel of one focus step.")
        double focus_step_um() default 0.1;

        @AttributeDefinition(name = "Focus speed (steps/s)", description = "focus.speed, at full speed.")
        double focus_speed() default 20_000;

        @AttributeDefinition(name = "Camera width (pixels)", description = "camera.width")
        int camera_width() default 1024;

        @AttributeDefinition(name = "Camera height (pixels)", description = "camera.height")
        int camera_height() default 768;

        @AttributeDefinition(name = "Camera pixel size (µm)", description = "camera.pixel.size")
        double camera_pixel_size() default 3.45;

        @AttributeDefinition(name = "Camera readout (s)", description = "camera.readout.seconds")
        double camera_readout_seconds() default 0.02;

        @AttributeDefinition(name = "Objective magnification", description = "magnification")
        double magnification() default 20;

        @AttributeDefinition(name = "Numerical aperture", description = "numerical.aperture: blur grows with NA × defocus.")
        double numerical_aperture() default 0.4;

        @AttributeDefinition(name = "Seed", description = "Chooses the slide and the noise (seed).")
        long seed() default 1;

        @AttributeDefinition(name = "Web Console name", description = "How the Web Console lists this configuration.")
        String webconsole_configurationFactory_nameHint() default "{device.id}";
    }

    private final StageDevice stage;
    private final FocuserDevice focus;
    private final MicroscopeCamera camera;

    @Activate
    public SimulatedMicroscope(Config c) {
        super("microscope", check(c).device_id(), c.name(), new DeviceWorker(c.device_id().trim()));
        double[] limits = {c.stage_x_min(), c.stage_x_max(), c.stage_y_min(), c.stage_y_max(), c.stage_z_min(),
            c.stage_z_max()};
        double[] start = {(limits[0] + limits[1]) / 2, (limits[2] + limits[3]) / 2,
            Math.max(limits[4], Math.min(limits[5], c.sample_z_um()))};
        this.stage = new StageDevice(id + ".stage", name + " stage", limits, c.stage_xy_speed(), c.stage_z_speed(),
                start, worker);
        this.focus = new FocuserDevice(id + ".focus", name + " focus", c.focus_max_position(), c.focus_speed(),
                c.focus_start_position(), worker);
        double best = c.focus_best_position();
        double step = c.focus_step_um();
        double sampleZ = c.sample_z_um();
        this.camera = new MicroscopeCamera(id + ".camera", name + " camera", c.camera_width(), c.camera_height(),
                c.camera_pixel_size(), c.magnification(), c.numerical_aperture(), c.camera_readout_seconds(), c.seed(),
                stage::position, () -> (focus.position() - best) * step + (stage.position()[2] - sampleZ), worker);
        LOG.info("Simulated microscope '{}' ready", id);
    }

    public static Config check(Config c) {
        Checks.deviceId(c.device_id());
        for (double[] l : new double[][] {{c.stage_x_min(), c.stage_x_max()}, {c.stage_y_min(), c.stage_y_max()},
            {c.stage_z_min(), c.stage_z_max()}}) {
            if (!(l[0] <= l[1])) {
                throw new IllegalArgumentException("stage limits must be min <= max on each axis, were " + l[0] + " and "
                        + l[1]);
            }
        }
        if (!(c.stage_xy_speed() > 0) || !(c.stage_z_speed() > 0) || !(c.focus_speed() > 0)) {
            throw new IllegalArgumentException("stage.xy.speed, stage.z.speed and focus.speed must be more than 0, were "
                    + c.stage_xy_speed() + ", " + c.stage_z_speed() + " and " + c.focus_speed());
        }
        if (c.focus_max_position() < 1) {
            throw new IllegalArgumentException("focus.max.position must be at least 1, was " + c.focus_max_position());
        }
        Checks.range("focus.best.position", " steps", 0, c.focus_max_position(), c.focus_best_position());
        Checks.range("focus.start.position", " steps", 0, c.focus_max_position(), c.focus_start_position());
        Checks.range("focus.step.um", " µm", 1e-6, 1000, c.focus_step_um());
        if (c.camera_width() < 16 || c.camera_height() < 16 || c.camera_width() > 8192 || c.camera_height() > 8192) {
            throw new IllegalArgumentException("camera.width and camera.height must be 16 to 8192 pixels, were "
                    + c.camera_width() + "x" + c.camera_height());
        }
        Checks.range("camera.pixel.size", " µm", 0.5, 100, c.camera_pixel_size());
        Checks.range("camera.readout.seconds", " s", 0, 600, c.camera_readout_seconds());
        Checks.range("magnification", "", 0.1, 1000, c.magnification());
        Checks.range("numerical.aperture", "", 0.01, 1.6, c.numerical_aperture());
        return c;
    }

    @Deactivate
    public void deactivate() {
        shutdown();
        LOG.info("Simulated microscope '{}' stopped", id);
    }

    /** The parts share the microscope's worker: they forget what was under way with it. */
    @Override
    public void stopped() {
        camera.stopped();
        focus.stopped();
        stage.stopped();
    }

    @Override
    public Stage stage() {
        return stage;
    }

    @Override
    public Focuser focus() {
        return focus;
    }

    @Override
    public Camera camera() {
        return camera;
    }

    @Override
    protected void putValues(Map<String, Object> v) {
        StageDevice.putPosition(v, stage.position());
        v.put("stage_moving", stage.moving());
        v.put("focus_position", focus.position());
        v.put("focus_max_position", focus.maxPosition());
        v.put("focus_moving", focus.moving());
        v.put("moving", stage.moving() || focus.moving());
        v.put("exposure_state", camera.exposureState().name().toLowerCase(Locale.ROOT));
        v.put("width", camera.info().width());
        v.put("height", camera.info().height());
    }
}
