package org.orrery.web.api.internal;

import java.time.Duration;
import java.time.Instant;

import org.orrery.sky.CatalogObject;
import org.orrery.sky.Coordinates;
import org.orrery.sky.Horizon;
import org.orrery.sky.HorizontalPosition;
import org.orrery.sky.Site;
import org.orrery.sky.Sky;
import org.orrery.sky.Twilight;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The sky's answers in JSON: degrees and hours as numbers, times as ISO-8601 instants. */
final class SkyApiJson {

    private static final Twilight[] NIGHT_TWILIGHTS = {Twilight.CIVIL, Twilight.NAUTICAL, Twilight.ASTRONOMICAL};

    private SkyApiJson() {
    }

    /** {@code GET /sky}: the clock, the site, sidereal time, sun, moon and the coming night's twilights. */
    static ObjectNode sky(Sky sky, Instant now, double clockRate) {
        ObjectNode n = ApiJson.MAPPER.createObjectNode();
        n.put("time", now.toString());
        n.put("clock_rate", clockRate);
        n.set("site", site(sky.site()));
        n.put("sidereal_time", sky.siderealTime(now));
        n.set("sun", position(sky.sun(now)));
        ObjectNode moon = position(sky.moon(now));
        moon.put("illumination", sky.moonIllumination(now));
        n.set("moon", moon);
        ObjectNode twilight = n.putObject("twilight");
        for (Twilight t : NIGHT_TWILIGHTS) {
            twilight.set(t.id(), night(sky, t, now));
        }
        return n;
    }

    /**
     * The dusk and dawn of the night of this twilight that is under way (the sun already below its
     * altitude: the dusk that began it) or else the next one; null where there is none (polar day or night).
     */
    static ObjectNode night(Sky sky, Twilight t, Instant now) {
        Instant dusk;
        Instant dawn;
        if (sky.sun(now).altitudeDegrees() < t.sunAltitude()) {
            dawn = sky.nextTwilight(t, false, now).orElse(null);
            dusk = dawn == null ? null : sky.nextTwilight(t, true, dawn.minus(Duration.ofHours(24))).orElse(null);
        } else {
            dusk = sky.nextTwilight(t, true, now).orElse(null);
            dawn = dusk == null ? null : sky.nextTwilight(t, false, dusk).orElse(null);
        }
        ObjectNode n = ApiJson.MAPPER.createObjectNode();
        n.put("dusk", dusk == null ? null : dusk.toString());
        n.put("dawn", dawn == null ? null : dawn.toString());
        return n;
    }

    static ObjectNode site(Site site) {
        ObjectNode n = ApiJson.MAPPER.createObjectNode();
        n.put("latitude", site.latitudeDegrees());
        n.put("longitude", site.longitudeDegrees());
        n.put("elevation", site.elevationMeters());
        ArrayNode horizon = n.putArray("horizon");
        for (Horizon.Point p : site.horizon().points()) {
            horizon.addObject().put("azimuth", p.azimuthDegrees()).put("altitude", p.altitudeDegrees());
        }
        return n;
    }

    static ObjectNode position(HorizontalPosition p) {
        ObjectNode n = ApiJson.MAPPER.createObjectNode();
        n.put("altitude", p.altitudeDegrees());
        n.put("azimuth", p.azimuthDegrees());
        return n;
    }

    /** A catalog object: name, aliases, kind, J2000 {@code ra} (hours) and {@code dec} (degrees), magnitude, constellation. */
    static ObjectNode object(CatalogObject o) {
        ObjectNode n = ApiJson.MAPPER.createObjectNode();
        n.put("name", o.name());
        ArrayNode aliases = n.putArray("aliases");
        o.aliases().forEach(aliases::add);
        n.put("kind", o.kind());
        n.put("ra", o.j2000().raHours());
        n.put("dec", o.j2000().decDegrees());
        n.put("magnitude", o.magnitude());
        n.put("constellation", o.constellation());
        return n;
    }

    /** The object and, under {@code now}, where it is at {@code now}. */
    static ObjectNode objectNow(CatalogObject o, Sky sky, Instant now) {
        ObjectNode n = object(o);
        Coordinates j2000 = o.j2000();
        HorizontalPosition place = sky.horizontal(j2000, now);
        ObjectNode at = position(place);
        at.put("time", now.toString());
        at.put("hour_angle", sky.hourAngle(j2000, now));
        at.put("meridian_transit", sky.meridianTransit(j2000, now).toString());
        at.put("moon_separation", sky.moonSeparation(j2000, now));
        Coordinates apparent = sky.apparent(j2000, now);
        at.put("ra_apparent", apparent.raHours());
        at.put("dec_apparent", apparent.decDegrees());
        at.put("above_horizon", place.altitudeDegrees() >= sky.site().horizon().altitudeAt(place.azimuthDegrees()));
        n.set("now", at);
        return n;
    }
}
