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
 * A simulated equatorial mount (one per factory configuration {@value #PID}): slews at its slew
 * rate on both axes at once, tracks after a slew, parks at its park position (hour angle and
 * declination) and refuses to slew while parked.
 */
@Component(service = {Mount.class, Device.class}, configurationPid = SimulatedMount.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = {Device.TYPE + "=mount", Device.DRIVER + "=simulator"})
@Designate(ocd = SimulatedMount.Config.class, factory = true)
public final class SimulatedMount extends MovingDevice implements Mount {

    public static final String PID = "org.orrery.devices.simulator.mount";

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedMount.class);

    @ObjectClassDefinition(name = "Orrery simulated mount",
            description = "A simulated equatorial telescope mount. Default site: Roque de los Muchachos, La Palma.")
    public @interface Config {
        @AttributeDefinition(name = "Device id", description = "Unique id (device.id): letters, digits, '.', '_', '-'.")
        String device_id() default "sim-mount";

        @AttributeDefinition(name = "Name")
        String name() default "Orrery simulated mount";

        @AttributeDefinition(name = "Slew rate (°/s)", description = "On each axis (slew.rate).")
        double slew_rate() default 5;

        @AttributeDefinition(name = "Latitude (°)", description = "North positive (latitude).")
        double latitude() default 28.7606;

        @AttributeDefinition(name = "Longitude (°)", description = "East positive (longitude).")
        double longitude() default -17.8816;

        @AttributeDefinition(name = "Elevation (m)", description = "Above sea level (elevation).")
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

    @Activate
    public SimulatedMount(Config config) {
        super("mount", check(config).device_id(), config.name(), new DeviceWorker(config.device_id().trim()));
        this.site = new Site(config.latitude(), config.longitude(), config.elevation());
        this.parkHourAngle = config.park_hour_angle();
        this.parkDec = config.park_dec();
        long now = System.nanoTime();
        this.model = new MountModel(config.slew_rate(), parkRa(Instant.now()), parkDec, config.start_parked(), now);
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
        return Sidereal.hours(Sidereal.localHours(at, site.longitudeDegrees()) - parkHourAngle);
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
        return site;
    }

    @Override
    protected void putValues(Map<String, Object> v) {
        double ra;
        double dec;
        synchronized (this) {
            long now = System.nanoTime();
            ra = model.ra(now);
            dec = model.dec(now);
            v.put("ra_hours", ra);
            v.put("dec_degrees", dec);
            v.put("tracking", model.tracking());
            v.put("parked", model.parked());
            v.put("slewing", model.moving());
        }
        double[] altAz = altAz(ra, dec, Instant.now());
        v.put("altitude_degrees", Math.round(altAz[0] * 1e4) / 1e4);
        v.put("azimuth_degrees", Math.round(altAz[1] * 1e4) / 1e4);
        v.put("latitude", site.latitudeDegrees());
        v.put("longitude", site.longitudeDegrees());
    }

    /** Altitude and azimuth (from north through east) in degrees of RA/Dec at the site. */
    double[] altAz(double raHours, double decDegrees, Instant at) {
        double ha = Math.toRadians((Sidereal.localHours(at, site.longitudeDegrees()) - raHours) * 15);
        double dec = Math.toRadians(decDegrees);
        double lat = Math.toRadians(site.latitudeDegrees());
        double sinAlt = Math.sin(dec) * Math.sin(lat) + Math.cos(dec) * Math.cos(lat) * Math.cos(ha);
        double alt = Math.asin(Math.max(-1, Math.min(1, sinAlt)));
        double az = Math.atan2(-Math.cos(dec) * Math.sin(ha),
                Math.sin(dec) * Math.cos(lat) - Math.cos(dec) * Math.sin(lat) * Math.cos(ha));
        double azDeg = Math.toDegrees(az);
        return new double[] {Math.toDegrees(alt), azDeg < 0 ? azDeg + 360 : azDeg};
    }

    @Override
    public CompletionStage<Void> slew(double raHours, double decDegrees) {
        return move(now -> model.slew(raHours, decDegrees, now), model::finish,
                "a new slew to RA " + Checks.fmt(raHours) + " h, Dec " + Checks.fmt(decDegrees) + "°");
    }

    @Override
    public CompletionStage<Void> park() {
        synchronized (this) {
            if (!worker.closed() && model.parked() && !model.moving()) {
                return CompletableFuture.completedFuture(null);
            }
        }
        return move(now -> {
            double estimate = model.slewSeconds(parkRa(Instant.now()), parkDec, now);
            return model.park(parkRa(Instant.now().plusMillis(Math.round(estimate * 1000))), parkDec, now);
        }, model::finish, "a new park");
    }

    @Override
    protected String motionUnderWay() {
        return model.motion() == MountModel.Motion.PARK ? "park" : "slew";
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
