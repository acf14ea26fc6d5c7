package org.orrery.astro.sky.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.orrery.sky.Horizon;
import org.orrery.sky.Site;

/**
 * The site's configuration ({@code org.orrery.sky.site}): latitude, longitude, elevation and a
 * horizon written {@code "az:alt az:alt …"} (degrees; empty: flat). Without a value the default
 * site is the simulated mount's: Roque de los Muchachos, La Palma.
 */
final class SiteSettings {

    static final double LATITUDE = 28.7606;
    static final double LONGITUDE = -17.8816;
    static final double ELEVATION = 2396;
    static final Site DEFAULT = new Site(LATITUDE, LONGITUDE, ELEVATION, Horizon.FLAT);

    private SiteSettings() {
    }

    /** Reads the properties; an invalid one is an {@link IllegalArgumentException} naming it, what was expected and what was found. */
    static Site parse(Map<String, ?> properties) {
        double latitude = Settings.number(properties, "latitude", LATITUDE, "degrees from -90 to 90 (north positive)");
        if (!(latitude >= -90 && latitude <= 90)) {
            throw Settings.invalid("latitude", "degrees from -90 to 90 (north positive)", properties.get("latitude"));
        }
        double longitude = Settings.number(properties, "longitude", LONGITUDE,
                "degrees from -180 to 180 (east positive)");
        if (!(longitude >= -180 && longitude <= 180)) {
            throw Settings.invalid("longitude", "degrees from -180 to 180 (east positive)", properties.get("longitude"));
        }
        double elevation = Settings.number(properties, "elevation", ELEVATION, "meters above sea level");
        return new Site(latitude, longitude, elevation, horizon(Settings.text(properties, "horizon", "")));
    }

    /** {@code "0:10 90:25 180:5 270:15"} (azimuth:altitude in degrees, by spaces or commas); empty: flat. */
    static Horizon horizon(String text) {
        String expected = "points 'azimuth:altitude' in degrees separated by spaces, azimuth 0 to 360 (360 excluded), "
                + "altitude -90 to 90, each azimuth once (\"0:10 90:25 180:5 270:15\")";
        List<Horizon.Point> points = new ArrayList<>();
        for (String point : text.trim().split("[\\s,;]+")) {
            if (point.isEmpty()) {
                continue;
            }
            String[] parts = point.split(":");
            try {
                if (parts.length != 2) {
                    throw new IllegalArgumentException();
                }
                Horizon.Point p = new Horizon.Point(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]));
                if (points.stream().anyMatch(q -> q.azimuthDegrees() == p.azimuthDegrees())) {
                    throw new IllegalArgumentException();
                }
                points.add(p);
            } catch (IllegalArgumentException e) {
                throw Settings.invalid("horizon", expected + "; '" + point + "' is not one", text);
            }
        }
        return points.isEmpty() ? Horizon.FLAT : new Horizon(points);
    }
}
