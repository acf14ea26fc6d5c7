package org.orrery.astro.sky.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.orrery.sky.Horizon;
import org.orrery.sky.Site;

class SiteTest {

    @Test
    void withoutConfigurationTheSiteIsLaPalma() {
        Site site = new SkyComponent(Map.of()).site();
        assertEquals(28.7606, site.latitudeDegrees());
        assertEquals(-17.8816, site.longitudeDegrees());
        assertEquals(2396, site.elevationMeters());
        assertEquals(Horizon.FLAT, site.horizon());
    }

    @Test
    void readsEveryProperty() {
        Site site = SiteSettings.parse(Map.of("latitude", "52.5", "longitude", 13.4, "elevation", 34,
                "horizon", "0:10 90:25 180:5 270:15"));
        assertEquals(new Site(52.5, 13.4, 34, SiteSettings.horizon("0:10 90:25 180:5 270:15")), site);
        assertEquals(4, site.horizon().points().size());
    }

    @Test
    void horizonInterpolatesBetweenPointsAndWrapsRound() {
        Horizon h = SiteSettings.horizon("0:10 90:25 180:5 270:15");
        assertEquals(10, h.altitudeAt(0), 1e-9);
        assertEquals(17.5, h.altitudeAt(45), 1e-9);
        assertEquals(15, h.altitudeAt(135), 1e-9);
        assertEquals(12.5, h.altitudeAt(315), 1e-9);
        assertEquals(10.0 + 5 * 5 / 90.0, h.altitudeAt(355), 1e-9);
        assertEquals(17.5, h.altitudeAt(405), 1e-9);
        assertEquals(0, SiteSettings.horizon("").altitudeAt(123));
        assertEquals(7, SiteSettings.horizon("200:7").altitudeAt(10));
        assertEquals(SiteSettings.horizon("90:25 0:10"), SiteSettings.horizon("0:10,90:25"));
    }

    @Test
    void invalidValuesAreNamed() {
        assertEquals("'latitude' must be degrees from -90 to 90 (north positive), was '95'",
                assertThrows(IllegalArgumentException.class, () -> SiteSettings.parse(Map.of("latitude", 95)))
                        .getMessage());
        assertEquals("'longitude' must be degrees from -180 to 180 (east positive), was 'west'",
                assertThrows(IllegalArgumentException.class, () -> SiteSettings.parse(Map.of("longitude", "west")))
                        .getMessage());
        for (String horizon : new String[] {"0:10 90", "0:10 400:5", "0:10 90:95", "0:10 0:20", "a:b"}) {
            String message = assertThrows(IllegalArgumentException.class, () -> SiteSettings.horizon(horizon))
                    .getMessage();
            assertTrue(message.startsWith("'horizon' must be points 'azimuth:altitude'"), message);
            assertTrue(message.endsWith("was '" + horizon + "'"), message);
        }
    }

    @Test
    void anInvalidConfigurationKeepsThePreviousSite() {
        SkyComponent sky = new SkyComponent(Map.of("latitude", 40, "longitude", -3));
        sky.modified(Map.of("latitude", 40, "longitude", -3, "horizon", "0:10 90"));
        assertEquals(new Site(40, -3, 2396, Horizon.FLAT), sky.site());
        sky.modified(Map.of("latitude", 41));
        assertEquals(new Site(41, -17.8816, 2396, Horizon.FLAT), sky.site());
    }
}
