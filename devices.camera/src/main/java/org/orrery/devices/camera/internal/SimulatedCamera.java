package org.orrery.devices.camera.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.orrery.device.Camera;
import org.orrery.device.CameraInfo;
import org.orrery.device.Device;
import org.orrery.device.ExposureSettings;
import org.orrery.device.FilterWheel;
import org.orrery.device.Focuser;
import org.orrery.device.Mount;
import org.orrery.devices.common.sim.CameraDevice;
import org.orrery.devices.common.sim.Checks;
import org.orrery.devices.common.sim.DeviceWorker;
import org.orrery.devices.common.sim.MountModel;
import org.orrery.devices.common.sim.Sensor;
import org.osgi.framework.BundleContext;
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
 * A simulated cooled astronomy camera (one per factory configuration {@value #PID}). It renders a
 * star field around where the configured mount points (a fixed place without one), blurred by the
 * configured focuser's distance from its best position, dimmed by the filter wheel's filter; it
 * finds those devices in the service registry by {@code device.id}, and they may come and go.
 */
@Component(service = {Camera.class, Device.class}, configurationPid = SimulatedCamera.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = {Device.TYPE + "=camera", Device.DRIVER + "=simulator"})
@Designate(ocd = SimulatedCamera.Config.class, factory = true)
public final class SimulatedCamera extends CameraDevice {

    public static final String PID = "org.orrery.devices.simulator.camera";

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedCamera.class);

    @ObjectClassDefinition(name = "Orrery simulated camera",
            description = "A simulated cooled astronomy camera that renders a star field following a mount's pointing,"
                    + " a focuser's focus and a filter wheel's filter. One configuration per camera.")
    public @interface Config {
        @AttributeDefinition(name = "Device id", description = "Unique id (device.id): letters, digits, '.', '_', '-'.")
        String device_id() default "sim-camera";

        @AttributeDefinition(name = "Name", description = "A name for people (INSTRUME in the FITS header).")
        String name() default "Orrery simulated camera";

        @AttributeDefinition(name = "Mount id", required = false,
                description = "device.id of the mount the camera sits on (mount.id); empty or absent: a fixed place.")
        String mount_id() default "sim-mount";

        @AttributeDefinition(name = "Focuser id", required = false,
                description = "device.id of the focuser (focuser.id); empty or absent: always in focus.")
        String focuser_id() default "sim-focuser";

        @AttributeDefinition(name = "Filter wheel id", required = false,
                description = "device.id of the filter wheel (filterwheel.id); empty or absent: no filter.")
        String filterwheel_id() default "sim-filterwheel";

        @AttributeDefinition(name = "Width (pixels)", min = "16", max = "8192")
        int width() default 1280;

        @AttributeDefinition(name = "Height (pixels)", min = "16", max = "8192")
        int height() default 1024;

        @AttributeDefinition(name = "Pixel size (µm)", description = "Pixel pitch (pixel.size).")
        double pixel_size() default 3.8;

        @AttributeDefinition(name = "Focal length (mm)",
                description = "Of the telescope (focal.length); with the pixel size it sets the plate scale.")
        double focal_length() default 800;

        @AttributeDefinition(name = "Readout (s)", description = "Time to read the sensor out (readout.seconds).")
        double readout_seconds() default 0.2;

        @AttributeDefinition(name = "Gain at start", min = "0", max = "600",
                description = "0 to 600 (0.1 dB steps: e-/ADU = 4 × 10^(-gain/200)); an exposure may set another.")
        double gain() default 100;

        @AttributeDefinition(name = "Offset at start", min = "0", max = "255",
                description = "0 to 255; the bias level is 16 ADU per unit.")
        int offset() default 20;

        @AttributeDefinition(name = "Cooler set point (°C)", description = "cooler.setpoint")
        double cooler_setpoint() default -10;

        @AttributeDefinition(name = "Ambient temperature (°C)",
                description = "Sensor temperature at start (ambient.temperature); the cooler reaches at most 40 °C below.")
        double ambient_temperature() default 15;

        @AttributeDefinition(name = "Cooler time constant (s)",
                description = "cooler.seconds: the sensor covers 63 % of the way to the set point in this time.")
        double cooler_seconds() default 60;

        @AttributeDefinition(name = "Seeing (arcsec)", description = "Star FWHM at best focus (seeing.arcsec).")
        double seeing_arcsec() default 2.5;

        @AttributeDefinition(name = "Defocus blur",
                description = "focus.blur: star sigma in pixels added per 1000 focuser steps from the best position.")
        double focus_blur() default 3.0;

        @AttributeDefinition(name = "RA without a mount (h)", description = "fixed.ra: where the camera looks without a mount.")
        double fixed_ra() default 5.5883;

        @AttributeDefinition(name = "Dec without a mount (°)", description = "fixed.dec")
        double fixed_dec() default -5.3911;

        @AttributeDefinition(name = "Seed", description = "Chooses the sky, the hot pixels and the noise (seed).")
        long seed() default 1;

        @AttributeDefinition(name = "Web Console name", description = "How the Web Console lists this configuration.")
        String webconsole_configurationFactory_nameHint() default "{device.id}";
    }

    /** The other devices the camera looks through; any may be null. */
    public interface Peers extends AutoCloseable {
        Mount mount();

        Focuser focuser();

        /** The focuser's best position: its {@code best.position} service property, else half its travel. */
        int bestFocus(Focuser focuser);

        FilterWheel filterWheel();

        @Override
        void close();
    }

    private final Peers peers;
    private final StarFieldRenderer renderer;
    private final CoolerModel cooler;
    private final double focalLength;
    private final StarFieldRenderer.Pointing fixed;
    private final long seed;

    @Activate
    public SimulatedCamera(BundleContext context, Config config) {
        this(check(config), new TrackedPeers(context, config.mount_id(), config.focuser_id(),
                config.filterwheel_id()));
        LOG.info("Simulated camera '{}' ready ({}x{}, {} µm, mount '{}', focuser '{}', filter wheel '{}')", id,
                info.width(), info.height(), info.pixelSizeMicrons(), config.mount_id(), config.focuser_id(),
                config.filterwheel_id());
    }

    public SimulatedCamera(Config config, Peers peers) {
        super(check(config).device_id(), config.name(), info(config), config.gain(), config.offset(),
                config.readout_seconds(), new DeviceWorker(config.device_id()));
        this.peers = peers;
        this.focalLength = config.focal_length();
        this.seed = config.seed();
        this.renderer = renderer(config);
        this.cooler = new CoolerModel(config.ambient_temperature(), config.cooler_setpoint(), config.cooler_seconds(),
                System.nanoTime());
        this.fixed = new StarFieldRenderer.Pointing(config.fixed_ra(), config.fixed_dec());
    }

    /** Refuses a configuration the camera cannot work with, before anything is started. */
    public static Config check(Config c) {
        Checks.deviceId(c.device_id());
        if (c.width() < 16 || c.height() < 16 || c.width() > 8192 || c.height() > 8192) {
            throw new IllegalArgumentException("width and height must be 16 to 8192 pixels, were " + c.width() + "x"
                    + c.height());
        }
        Checks.range("pixel.size", " µm", 0.5, 100, c.pixel_size());
        Checks.range("focal.length", " mm", 10, 100_000, c.focal_length());
        Checks.range("readout.seconds", " s", 0, 600, c.readout_seconds());
        Checks.range("seeing.arcsec", "", 0, 60, c.seeing_arcsec());
        Checks.range("focus.blur", "", 0, 1000, c.focus_blur());
        MountModel.checkCoordinates(c.fixed_ra(), c.fixed_dec());
        return c;
    }

    public static CameraInfo info(Config c) {
        return new CameraInfo(c.width(), c.height(), c.pixel_size(), 16, 4, 0, 3600, 0, 600, 0, 255, true);
    }

    public static Sensor sensor(int width, int height, long seed) {
        return new Sensor(width, height, 16, 50_000, g -> 4.0 * Math.pow(10, -g / 200.0),
                g -> 1.2 + 2.3 * Math.pow(10, -g / 300.0), 16, 0.2, 0.0005, seed);
    }

    public static StarFieldRenderer renderer(Config c) {
        return new StarFieldRenderer(sensor(c.width(), c.height(), c.seed()), new StarField(c.seed(), 1000, 4, 16),
                c.pixel_size(), c.focal_length(), c.seeing_arcsec(), c.focus_blur());
    }

    @Deactivate
    public void deactivate() {
        shutdown();
        peers.close();
        LOG.info("Simulated camera '{}' stopped", id);
    }

    public StarFieldRenderer renderer() {
        return renderer;
    }

    @Override
    public double temperature() {
        return cooler.temperature(System.nanoTime());
    }

    @Override
    public Map<String, Object> values() {
        Map<String, Object> v = super.values();
        v.put("cooler_set_point_celsius", cooler.setPoint());
        return v;
    }

    /** Where the mount points now, or the fixed place without one. */
    private StarFieldRenderer.Pointing pointing() {
        try {
            Mount m = peers.mount();
            if (m != null) {
                return new StarFieldRenderer.Pointing(m.rightAscension(), m.declination());
            }
        } catch (RuntimeException e) {
            LOG.debug("Camera '{}' could not read its mount: {}", id, e.toString());
        }
        return fixed;
    }

    /** Focuser position minus best focus; 0 without a focuser. */
    private double focusOffset() {
        try {
            Focuser f = peers.focuser();
            if (f != null) {
                return f.position() - peers.bestFocus(f);
            }
        } catch (RuntimeException e) {
            LOG.debug("Camera '{}' could not read its focuser: {}", id, e.toString());
        }
        return 0;
    }

    private String filter() {
        try {
            FilterWheel w = peers.filterWheel();
            if (w != null) {
                int slot = w.slot();
                List<String> names = w.filterNames();
                if (slot >= 1 && slot <= names.size()) {
                    return names.get(slot - 1);
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("Camera '{}' could not read its filter wheel: {}", id, e.toString());
        }
        return "";
    }

    @Override
    protected Capture capture(ExposureSettings s, long exposure) {
        StarFieldRenderer.Pointing start = pointing();
        double focusStart = focusOffset();
        String filter = filter();
        double celsius = temperature();
        return new Capture() {
            private double readAt = celsius;

            @Override
            public int[] readOut() {
                StarFieldRenderer.Pointing end = pointing();
                double focus = (focusStart + focusOffset()) / 2;
                readAt = temperature();
                return renderer.render(new StarFieldRenderer.Scene(s.frameType(), s.seconds(), s.binX(), s.binY(),
                        s.gain(), s.offset(), (celsius + readAt) / 2, start, end, focus, filter,
                        noiseSeed(seed, exposure)));
            }

            @Override
            public Map<String, Object> headers() {
                Map<String, Object> h = new LinkedHashMap<>();
                h.put("INSTRUME", name);
                h.put("CCD-TEMP", Math.round(readAt * 100) / 100.0);
                h.put("SET-TEMP", cooler.setPoint());
                putPixelHeaders(h, s, renderer.sensor());
                h.put("FOCALLEN", focalLength);
                return h;
            }
        };
    }
}
