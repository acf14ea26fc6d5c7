package org.orrery.astro.sky.internal;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import java.time.Duration;

import org.jastronomy.jsofa.JSOFA;
import org.orrery.sky.Coordinates;
import org.orrery.sky.HorizontalPosition;
import org.orrery.sky.Site;
import org.orrery.sky.Sky;
import org.orrery.sky.Twilight;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sky over the configured site ({@value #PID}; without a configuration: Roque de los
 * Muchachos, La Palma): SOFA ({@link Astrometry}) for places and time, suncalc
 * ({@link SunAndMoon}) for sun, moon and twilight. A new configuration applies at once; an
 * invalid one is logged and the previous site stays.
 */
@Component(service = Sky.class, configurationPid = SkyComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = SkyComponent.Config.class)
public final class SkyComponent implements Sky {

    static final String PID = "org.orrery.sky.site";
    private static final Logger LOG = LoggerFactory.getLogger(SkyComponent.class);

    @ObjectClassDefinition(name = "Orrery observing site",
            description = "Where the observatory is: the sky, the planner and the simulated mount use it.")
    public @interface Config {
        @AttributeDefinition(name = "Latitude", min = "-90", max = "90", description = "Degrees, north positive.")
        double latitude() default SiteSettings.LATITUDE;

        @AttributeDefinition(name = "Longitude", min = "-180", max = "180", description = "Degrees, east positive.")
        double longitude() default SiteSettings.LONGITUDE;

        @AttributeDefinition(name = "Elevation", description = "Meters above sea level.")
        double elevation() default SiteSettings.ELEVATION;

        @AttributeDefinition(name = "Horizon", required = false,
                description = "Lowest altitude the telescope sees over, per azimuth: 'az:alt' points in degrees "
                        + "separated by spaces (\"0:10 90:25 180:5 270:15\"), joined by straight lines; empty: flat.")
        String horizon() default "";
    }

    /** Solar seconds per sidereal second. */
    private static final double SIDEREAL = 0.9972695663;

    /** Everything that depends on the site, replaced as a whole when the site changes. */
    private record Model(Site site, Astrometry astrometry, SunAndMoon sunAndMoon) {
        Model(Site site) {
            this(site, new Astrometry(site), new SunAndMoon(site));
        }
    }

    private volatile Model model = new Model(SiteSettings.DEFAULT);

    @Activate
    public SkyComponent(Map<String, Object> properties) {
        modified(properties);
    }

    @Modified
    void modified(Map<String, ?> properties) {
        try {
            Site site = SiteSettings.parse(properties);
            if (!site.equals(model.site())) {
                model = new Model(site);
                LOG.info("Observing site: latitude {}, longitude {}, elevation {} m, horizon {}", site.latitudeDegrees(),
                        site.longitudeDegrees(), site.elevationMeters(), site.horizon().points().isEmpty() ? "flat"
                                : site.horizon().points().size() + " points");
            }
        } catch (IllegalArgumentException e) {
            LOG.warn("Configuration {} ignored, the site stays {}: {}", PID, model.site(), e.getMessage());
        }
    }

    @Override
    public Site site() {
        return model.site();
    }

    @Override
    public HorizontalPosition horizontal(Coordinates j2000, Instant at) {
        return model.astrometry().horizontal(j2000, at);
    }

    @Override
    public Coordinates apparent(Coordinates j2000, Instant at) {
        return model.astrometry().apparent(j2000, at);
    }

    @Override
    public Coordinates j2000(Coordinates apparent, Instant at) {
        return model.astrometry().j2000(apparent, at);
    }

    @Override
    public double siderealTime(Instant at) {
        return model.astrometry().siderealTime(at);
    }

    @Override
    public double hourAngle(Coordinates j2000, Instant at) {
        return model.astrometry().hourAngle(j2000, at);
    }

    @Override
    public Instant meridianTransit(Coordinates j2000, Instant after) {
        Astrometry astrometry = model.astrometry();
        double ha = astrometry.hourAngle(j2000, after);
        if (ha == 0) {
            return after;
        }
        // the hour angle grows by 24 h per sidereal day; two corrections reach well under a second
        Instant t = after.plus(seconds((ha > 0 ? 24 - ha : -ha) * 3600 * SIDEREAL));
        for (int i = 0; i < 2; i++) {
            t = t.plus(seconds(-astrometry.hourAngle(j2000, t) * 3600 * SIDEREAL));
        }
        return t.isBefore(after) ? after : t;
    }

    @Override
    public HorizontalPosition sun(Instant at) {
        return model.sunAndMoon().sun(at);
    }

    @Override
    public HorizontalPosition moon(Instant at) {
        return model.sunAndMoon().moon(at).observed();
    }

    @Override
    public double moonIllumination(Instant at) {
        return model.sunAndMoon().moonIllumination(at);
    }

    /** Between the geometric (unrefracted, topocentric) places of both, in the local horizontal frame. */
    @Override
    public double moonSeparation(Coordinates j2000, Instant at) {
        Model m = model;
        HorizontalPosition moon = m.sunAndMoon().moon(at).geometric();
        HorizontalPosition target = m.astrometry().geometric(j2000, at);
        double r = Math.PI / 180;
        return JSOFA.jauSeps(moon.azimuthDegrees() * r, moon.altitudeDegrees() * r, target.azimuthDegrees() * r,
                target.altitudeDegrees() * r) / r;
    }

    @Override
    public Optional<Instant> nextTwilight(Twilight twilight, boolean evening, Instant after) {
        return model.sunAndMoon().nextTwilight(twilight, evening, after);
    }

    private static Duration seconds(double s) {
        return Duration.ofNanos(Math.round(s * 1e9));
    }
}
