package org.orrery.devices.telescope.internal;

import java.time.Instant;

import org.orrery.device.Mount;
import org.orrery.devices.common.sim.MountModel;
import org.orrery.devices.common.sim.Sidereal;
import org.orrery.sky.Sky;
import org.orrery.sky.SkyClock;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The time and the site for this bundle's components that follow the sky (the simulated mount,
 * {@code mount.meridian_flip}): the observatory's {@link SkyClock} and {@link Sky} when they are
 * registered (optional, dynamic: the sky bundle may come later or go), else the real clock and the
 * caller's own site with the low-precision sidereal time. A component of this bundle only (its
 * class is private). Thread-safe.
 */
@Component(service = SkyTime.class)
public final class SkyTime {

    private volatile Sky sky;
    private volatile SkyClock clock;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindSky(Sky s) {
        sky = s;
    }

    void unbindSky(Sky s) {
        if (sky == s) {
            sky = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindClock(SkyClock c) {
        clock = c;
    }

    void unbindClock(SkyClock c) {
        if (clock == c) {
            clock = null;
        }
    }

    /** The time on the sky clock, or the real time without one. */
    Instant now() {
        SkyClock c = clock;
        return c == null ? Instant.now() : c.now();
    }

    /** The sky's site when there is a sky, else {@code fallback}. */
    Mount.Site site(Mount.Site fallback) {
        Sky s = sky;
        if (s == null) {
            return fallback;
        }
        org.orrery.sky.Site site = s.site();
        return new Mount.Site(site.latitudeDegrees(), site.longitudeDegrees(), site.elevationMeters());
    }

    /** Local sidereal time in hours at {@code at}: the sky's, or at {@code fallbackLongitude} without one. */
    double siderealHours(Instant at, double fallbackLongitude) {
        Sky s = sky;
        return s == null ? Sidereal.localHours(at, fallbackLongitude) : s.siderealTime(at);
    }

    /** The hour angle now of a right ascension of the date, −12 to 12 hours (negative east of the meridian). */
    double hourAngle(double raHours, double fallbackLongitude) {
        return MountModel.shortestHours(0, siderealHours(now(), fallbackLongitude) - raHours);
    }

    /** {@link #hourAngle(double, double)} at the mount's site; null without a sky and a site. */
    Double hourAngle(double raHours, Mount.Site fallback) {
        if (sky == null && fallback == null) {
            return null;
        }
        return hourAngle(raHours, fallback == null ? 0 : fallback.longitudeDegrees());
    }
}
