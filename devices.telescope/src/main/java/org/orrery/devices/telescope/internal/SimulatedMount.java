package org.orrery.devices.telescope.internal;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.orrery.device.Device;
import org.orrery.device.Mount;
import org.orrery.devices.common.sim.Checks;
import org.orrery.devices.common.sim.DeviceWorker;
import org.orrery.devices.common.sim.MountModel;
import org.orrery.devices.common.sim.MovingDevice;
import org.orrery.devices.common.sim.Sidereal;
import org.orrery.devices.common.sky.Offsets;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated equatorial mount (one per factory configuration {@value #PID}): slews at its slew
 * rate on both axes at once, tracks after a slew, parks at its park position (hour angle and
 * declination) and refuses to slew while parked. A German equatorial mount: its pier side is set
 * at the end of each slew from the target's hour angle and kept while tracking across the
 * meridian. It follows the sky ({@link SkyTime}): with the observatory's {@code Sky} and
 * {@code SkyClock} registered, its site is the sky's and hour angles are taken at the sky clock's time (the motion
 * itself runs on real time).
 */
@Component(service = {Mount.class, Device.class}, configurationPid = SimulatedMount.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = {Device.TYPE + "=mount", Device.DRIVER + "=simulator"})
@Designate(ocd = SimulatedMount.Config.class, factory = true)
public final class SimulatedMount extends MovingDevice implements Mount {

    public static final String PID = "org.orrery.devices.simulator.mount";

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedMount.class);

    @ObjectClassDefinition(name = "Orrery simulated mount",
            description = "A simulated German equatorial telescope mount. Its site is the observatory's"
                    + " (org.orrery.sky.site) when the sky service runs; the latitude, longitude and elevation below"
                    + " are the fallback without it. Default site: Roque de los Muchachos, La Palma.")
    public @interface Config {
        @AttributeDefinition(name = "Device id", description = "Unique id (device.id): letters, digits, '.', '_', '-'.")
        String device_id() default "sim-mount";

        @AttributeDefinition(name = "Name")
        String name() default "Orrery simulated mount";

        @AttributeDefinition(name = "Slew rate (°/s)", description = "On each axis (slew.rate).")
        double slew_rate() default 5;

        @AttributeDefinition(name = "Latitude (°)",
                description = "North positive (latitude); used only when no sky service gives the site.")
        double latitude() default 28.7606;

        @AttributeDefinition(name = "Longitude (°)",
                description = "East positive (longitude); used only when no sky service gives the site.")
        double longitude() default -17.8816;

        @AttributeDefinition(name = "Elevation (m)",
                description = "Above sea level (elevation); used only when no sky service gives the site.")
        double elevation() default 2396;

        @AttributeDefinition(name = "Park hour angle (h)", description = "park.hour.angle, -12 to 12.")
        double park_hour_angle() default 0;

        @AttributeDefinition(name = "Park declination (°)",
                description = "park.dec: 90 points at the north celestial pole (-90 for a southern site).")
        double park_dec() default 90;

        @AttributeDefinition(name = "Parked at start", description = "start.parked")
        boolean start_parked() default false;

        @AttributeDefinition(name = "Web Console name", description = "How the Web Console lists this configuration.")
        String webconsole_configurationFactory_nameHint() default "{device.id}";
    }

    private final Site site;
    private final double parkHourAngle;
    private final double parkDec;
    private final MountModel model;
    private final SkyTime sky;

    @Activate
    public SimulatedMount(Config config, @Reference SkyTime sky) {
        super("mount", check(config).device_id(), config.name(), new DeviceWorker(config.device_id().trim()));
        this.sky = sky;
        this.site = new Site(config.latitude(), config.longitude(), config.elevation());
        this.parkHourAngle = config.park_hour_angle();
        this.parkDec = config.park_dec();
        long now = System.nanoTime();
        this.model = new MountModel(config.slew_rate(), parkRa(sky.now()), parkDec, config.start_parked(),
                MountModel.sideFor(parkHourAngle), now);
        LOG.info("Simulated mount '{}' ready (slew rate {}°/s, site {}°, {}°)", id, config.slew_rate(),
                site.latitudeDegrees(), site.longitudeDegrees());
    }

    public static Config check(Config c) {
        Checks.deviceId(c.device_id());
        Checks.range("slew.rate", " degrees per second", 1e-3, 1000, c.slew_rate());
        Checks.range("latitude", " degrees", -90, 90, c.latitude());
        Checks.range("longitude", " degrees", -180, 360, c.longitude());
        Checks.range("park.hour.angle", " hours", -12, 12, c.park_hour_angle());
        Checks.range("park.dec", " degrees", -90, 90, c.park_dec());
        return c;
    }

    private double parkRa(Instant at) {
        return Sidereal.hours(sky.siderealHours(at, site.longitudeDegrees()) - parkHourAngle);
    }

    @Deactivate
    public void deactivate() {
        shutdown();
        LOG.info("Simulated mount '{}' stopped", id);
    }

    @Override
    public synchronized void stopped() {
        model.abort(System.nanoTime());
        super.stopped();
    }

    @Override
    public synchronized double rightAscension() {
        return model.ra(System.nanoTime());
    }

    @Override
    public synchronized double declination() {
        return model.dec(System.nanoTime());
    }

    @Override
    public synchronized boolean tracking() {
        return model.tracking();
    }

    @Override
    public synchronized boolean parked() {
        return model.parked();
    }

    @Override
    public synchronized boolean slewing() {
        return model.moving();
    }

    @Override
    public Site site() {
        return sky.site(site);
    }

    @Override
    public synchronized PierSide pierSide() {
        return model.pierSide();
    }

    @Override
    protected void putValues(Map<String, Object> v) {
        double ra;
        double dec;
        Site here = site();
        synchronized (this) {
            long now = System.nanoTime();
            ra = model.ra(now);
            dec = model.dec(now);
            v.put("ra_hours", ra);
            v.put("dec_degrees", dec);
            v.put("tracking", model.tracking());
            v.put("parked", model.parked());
            v.put("slewing", model.moving());
            Offsets.put(v, model.pierSide(), model.offsetRaArcsec(), model.offsetDecArcsec());
        }
        double[] altAz = altAz(ra, dec, sky.now());
        v.put("altitude_degrees", Math.round(altAz[0] * 1e4) / 1e4);
        v.put("azimuth_degrees", Math.round(altAz[1] * 1e4) / 1e4);
        v.put("latitude", here.latitudeDegrees());
        v.put("longitude", here.longitudeDegrees());
    }

    /** Altitude and azimuth (from north through east) in degrees of RA/Dec at the site. */
    double[] altAz(double raHours, double decDegrees, Instant at) {
        Site here = site();
        double ha = Math.toRadians((sky.siderealHours(at, site.longitudeDegrees()) - raHours) * 15);
        double dec = Math.toRadians(decDegrees);
        double lat = Math.toRadians(here.latitudeDegrees());
        double sinAlt = Math.sin(dec) * Math.sin(lat) + Math.cos(dec) * Math.cos(lat) * Math.cos(ha);
        double alt = Math.asin(Math.max(-1, Math.min(1, sinAlt)));
        double az = Math.atan2(-Math.cos(dec) * Math.sin(ha),
                Math.sin(dec) * Math.cos(lat) - Math.cos(dec) * Math.sin(lat) * Math.cos(ha));
        double azDeg = Math.toDegrees(az);
        return new double[] {Math.toDegrees(alt), azDeg < 0 ? azDeg + 360 : azDeg};
    }

    @Override
    public CompletionStage<Void> slew(double raHours, double decDegrees) {
        return move(now -> model.slew(raHours, decDegrees, now),
                now -> model.finish(now, MountModel.sideFor(sky.hourAngle(model.targetRa(now), site.longitudeDegrees()))),
                "a new slew to RA " + Checks.fmt(raHours) + " h, Dec " + Checks.fmt(decDegrees) + "°");
    }

    @Override
    public CompletionStage<Void> sync(double raHours, double decDegrees) {
        synchronized (this) {
            if (worker.closed()) {
                return removed();
            }
            try {
                model.sync(raHours, decDegrees, System.nanoTime());
            } catch (IllegalArgumentException | IllegalStateException e) {
                return DeviceWorker.failed(error(e.getMessage()));
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> moveOffset(double raArcseconds, double decArcseconds) {
        return move(now -> model.offset(raArcseconds, decArcseconds, now), now -> model.finish(now, model.pierSide()),
                "an offset move");
    }

    @Override
    public CompletionStage<Void> park() {
        synchronized (this) {
            if (!worker.closed() && model.parked() && !model.moving()) {
                return CompletableFuture.completedFuture(null);
            }
        }
        return move(now -> {
            double estimate = model.slewSeconds(parkRa(sky.now()), parkDec, now);
            return model.park(parkRa(sky.now().plusMillis(Math.round(estimate * 1000))), parkDec, now);
        }, now -> model.finish(now, MountModel.sideFor(parkHourAngle)), "a new park");
    }

    @Override
    protected String motionUnderWay() {
        return switch (model.motion()) {
            case PARK -> "park";
            case OFFSET -> "offset move";
            default -> "slew";
        };
    }

    @Override
    public CompletionStage<Void> unpark() {
        CompletableFuture<Void> interrupted = null;
        synchronized (this) {
            if (worker.closed()) {
                return removed();
            }
            long now = System.nanoTime();
            if (model.motion() == MountModel.Motion.PARK) {
                model.abort(now);
                interrupted = takeMotion();
            }
            model.unpark(now);
        }
        if (interrupted != null) {
            worker.fail(interrupted, error("park interrupted by unpark"));
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> setTracking(boolean on) {
        synchronized (this) {
            if (worker.closed()) {
                return removed();
            }
            try {
                model.tracking(on, System.nanoTime());
            } catch (IllegalStateException e) {
                return DeviceWorker.failed(error(e.getMessage()));
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void abort() {
        abortMotion(now -> {
            String what = motionUnderWay();
            model.abort(now);
            return what + " aborted";
        });
    }
}
