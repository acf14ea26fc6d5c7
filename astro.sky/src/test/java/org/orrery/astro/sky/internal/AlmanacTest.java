package org.orrery.astro.sky.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.orrery.sky.Coordinates;
import org.orrery.sky.HorizontalPosition;
import org.orrery.sky.Sky;
import org.orrery.sky.Twilight;

/** The sky compared with published almanac figures; each test names its source. */
class AlmanacTest {

    private static final double ARCSEC = 1 / 3600.0;

    private static Sky at(double latitude, double longitude, double elevation) {
        return new SkyComponent(Map.of("latitude", latitude, "longitude", longitude, "elevation", elevation));
    }

    private static double hours(int h, int m, double s) {
        return h + m / 60.0 + s / 3600;
    }

    private static double degrees(int d, int m, double s) {
        return Math.signum(d) * (Math.abs(d) + m / 60.0 + s / 3600);
    }

    private static void assertWithin(Instant expected, Instant actual, Duration tolerance) {
        assertTrue(Duration.between(expected, actual).abs().compareTo(tolerance) <= 0,
                "expected " + expected + " ± " + tolerance + ", was " + actual);
    }

    /**
     * Apparent sidereal time at Greenwich, 1987 April 10, 0h UT: 13h10m46.1351s (J. Meeus,
     * Astronomical Algorithms, 2nd ed., example 12.a). The instant is taken as UT1.
     */
    @Test
    void greenwichApparentSiderealTimeMatchesMeeus() {
        double lst = at(51.4779, 0, 0).siderealTime(Instant.parse("1987-04-10T00:00:00Z"));
        assertEquals(hours(13, 10, 46.1351), lst, 0.1 / 3600);
    }

    /** Local sidereal time is Greenwich's plus the east longitude (Meeus 12.a at 100° W: 13h10m46.1351s − 6h40m). */
    @Test
    void localSiderealTimeAddsTheLongitude() {
        double lst = at(30, -100, 0).siderealTime(Instant.parse("1987-04-10T00:00:00Z"));
        assertEquals(hours(13, 10, 46.1351) - 100 / 15.0, lst, 0.1 / 3600);
    }

    /**
     * Apparent place of θ Persei on 2028 November 13.19 TD: α 2h46m14.390s, δ +49°21′07.45″
     * (Meeus, example 23.a; J2000 α 2h44m11.986s, δ +49°13′42.48″ moved by its proper motion of
     * +0.03425 s and −0.0895″ a year over the 28.867 years, since {@link Sky} takes no proper motion).
     */
    @Test
    void apparentPlaceMatchesMeeus() {
        double years = 28.86705;
        Coordinates j2000 = new Coordinates(hours(2, 44, 11.986 + 0.03425 * years),
                degrees(49, 13, 42.48 - 0.0895 * years));
        Instant at = Instant.parse("2028-11-13T04:33:36Z").minusMillis(69_184); // TT → UTC
        Sky sky = at(28.7606, -17.8816, 2396);

        Coordinates apparent = sky.apparent(j2000, at);

        assertEquals(hours(2, 46, 14.390), apparent.raHours(), 1.0 * ARCSEC / 15 / Math.cos(Math.toRadians(49.35)));
        assertEquals(degrees(49, 21, 7.45), apparent.decDegrees(), 1.0 * ARCSEC);
        Coordinates back = sky.j2000(apparent, at);
        assertEquals(j2000.raHours(), back.raHours(), 0.01 * ARCSEC / 15);
        assertEquals(j2000.decDegrees(), back.decDegrees(), 0.01 * ARCSEC);
    }

    /**
     * Atlanta (USNO's 33.8° N, 84.4° W), Sunday 6 September 2009, EDT (UTC−4): begin civil
     * twilight 6:50, sunrise 7:15, sun transit 13:36, sunset 19:56, end civil twilight 20:21
     * (U.S. Naval Observatory, "Sun and Moon data for one day", as quoted by PyEphem's
     * documentation, rhodesmill.org/pyephem/rise-set.html).
     */
    @Test
    void sunriseSunsetAndCivilTwilightMatchTheUsno() {
        Sky sky = at(33.8, -84.4, 0);
        Instant midnight = Instant.parse("2009-09-06T04:00:00Z");
        Duration tolerance = Duration.ofSeconds(90);

        assertWithin(Instant.parse("2009-09-06T10:50:00Z"), sky.nextTwilight(Twilight.CIVIL, false, midnight).orElseThrow(),
                tolerance);
        assertWithin(Instant.parse("2009-09-06T11:15:00Z"), sky.nextTwilight(Twilight.HORIZON, false, midnight)
                .orElseThrow(), tolerance);
        assertWithin(Instant.parse("2009-09-06T23:56:00Z"), sky.nextTwilight(Twilight.HORIZON, true, midnight)
                .orElseThrow(), tolerance);
        assertWithin(Instant.parse("2009-09-07T00:21:00Z"), sky.nextTwilight(Twilight.CIVIL, true, midnight).orElseThrow(),
                tolerance);
        HorizontalPosition noon = sky.sun(Instant.parse("2009-09-06T17:36:00Z"));
        assertEquals(180, noon.azimuthDegrees(), 1.0, "the sun is due south at its transit");
    }

    @Test
    void twilightsComeInOrderAndTheSunIsAtTheirAltitude() {
        Sky sky = at(28.7606, -17.8816, 2396);
        Instant noon = Instant.parse("2026-12-05T13:00:00Z");
        Instant previous = noon;
        for (Twilight t : Twilight.values()) {
            Instant dusk = sky.nextTwilight(t, true, noon).orElseThrow();
            assertTrue(dusk.isAfter(previous), t + " dusk " + dusk + " after " + previous);
            assertEquals(t.sunAltitude(), sky.sun(dusk).altitudeDegrees(), 0.3, t + " at " + dusk);
            previous = dusk;
        }
        for (Twilight t : Twilight.values()) {
            Instant dawn = sky.nextTwilight(t, false, noon).orElseThrow();
            assertTrue(dawn.isAfter(previous), t + " dawn " + dawn + " after the night");
            assertTrue(Duration.between(noon, dawn).toHours() < 24);
        }
    }

    @Test
    void twilightTimesAreWholeSeconds() {
        Sky sky = at(28.7606, -17.8816, 2396);
        Instant after = Instant.parse("2026-12-05T05:49:46.543189961Z");
        for (Twilight t : Twilight.values()) {
            Instant dawn = sky.nextTwilight(t, false, after.minus(Duration.ofHours(12))).orElseThrow();
            assertEquals(0, dawn.getNano(), t + " dawn " + dawn + " has no fraction of a second (suncalc's is not real)");
        }
    }

    @Test
    void noTwilightInThePolarSummer() {
        Sky sky = at(78.2, 15.6, 0); // Svalbard at midsummer: the sun never sets
        assertTrue(sky.nextTwilight(Twilight.ASTRONOMICAL, true, Instant.parse("2026-06-21T00:00:00Z")).isEmpty());
    }

    /**
     * New moon 2024 January 11 11:57 UT, full moon 2024 January 25 17:54 UT (USNO, phases of
     * the moon 2024); illuminated fraction 0.6786 on 1992 April 12, 0h TD (Meeus, example 48.a).
     */
    @Test
    void moonIlluminationMatchesPublishedPhases() {
        Sky sky = at(28.7606, -17.8816, 2396);
        assertEquals(0, sky.moonIllumination(Instant.parse("2024-01-11T11:57:00Z")), 0.01);
        assertEquals(1, sky.moonIllumination(Instant.parse("2024-01-25T17:54:00Z")), 0.01);
        assertEquals(0.6786, sky.moonIllumination(Instant.parse("1992-04-11T23:59:00Z")), 0.01);
    }

    /**
     * The total solar eclipse of 2024 April 8: greatest eclipse at 18:16:08 UT (18:17:16 TD) at
     * 25°17.4′ N, 104°08.3′ W (NASA eclipse web site, F. Espenak): the moon covers the sun, so the
     * moon's separation from the sun's position is far below the moon's radius.
     */
    @Test
    void moonCoversTheSunAtTheGreatestEclipse() {
        Sky sky = at(25.29, -104.138, 1000);
        Instant greatest = Instant.parse("2024-04-08T18:16:08Z");
        Coordinates sun = sky.j2000(equatorial(sky, sky.sun(greatest), greatest), greatest);

        assertTrue(sky.moonSeparation(sun, greatest) < 0.1, "separation " + sky.moonSeparation(sun, greatest));
        assertTrue(sky.moonSeparation(sun, greatest.plus(Duration.ofHours(3))) > 1.2);
    }

    /** Apparent RA/Dec of a place in the sky (the test's own spherical trigonometry). */
    private static Coordinates equatorial(Sky sky, HorizontalPosition p, Instant at) {
        double lat = Math.toRadians(sky.site().latitudeDegrees());
        double alt = Math.toRadians(p.altitudeDegrees());
        double az = Math.toRadians(p.azimuthDegrees());
        double dec = Math.asin(Math.sin(alt) * Math.sin(lat) + Math.cos(alt) * Math.cos(lat) * Math.cos(az));
        double ha = Math.atan2(-Math.sin(az) * Math.cos(alt), Math.sin(alt) * Math.cos(lat)
                - Math.cos(alt) * Math.sin(lat) * Math.cos(az));
        double ra = ((sky.siderealTime(at) - Math.toDegrees(ha) / 15) % 24 + 24) % 24;
        return new Coordinates(ra, Math.toDegrees(dec));
    }

    /** A star crosses the meridian due south at its highest: altitude 90° − (latitude − declination) plus refraction. */
    @Test
    void starTransitsDueSouthAtItsHighest() {
        Sky sky = at(28.7606, -17.8816, 2396);
        Coordinates sirius = new Coordinates(hours(6, 45, 8.917), degrees(-16, 42, 58.02));
        Instant after = Instant.parse("2026-12-05T20:00:00Z");

        Instant transit = sky.meridianTransit(sirius, after);

        assertTrue(!transit.isBefore(after) && transit.isBefore(after.plus(Duration.ofHours(24))));
        assertEquals(0, sky.hourAngle(sirius, transit), 1.0 / 3600);
        HorizontalPosition p = sky.horizontal(sirius, transit);
        assertEquals(180, p.azimuthDegrees(), 0.01);
        Coordinates apparent = sky.apparent(sirius, transit);
        assertEquals(90 - 28.7606 + apparent.decDegrees(), p.altitudeDegrees(), 2.0 / 60);
        assertTrue(sky.horizontal(sirius, transit.minusSeconds(600)).altitudeDegrees() < p.altitudeDegrees());
        assertTrue(sky.horizontal(sirius, transit.plusSeconds(600)).altitudeDegrees() < p.altitudeDegrees());
        assertWithin(transit, sky.meridianTransit(sirius, transit.minusSeconds(1)), Duration.ofSeconds(2));
    }

    @Test
    void hourAngleIsNegativeBeforeTheMeridianAndPositiveAfter() {
        Sky sky = at(28.7606, -17.8816, 2396);
        Coordinates m42 = new Coordinates(5.5881, -5.391);
        Instant transit = sky.meridianTransit(m42, Instant.parse("2026-12-05T12:00:00Z"));
        assertEquals(-1, sky.hourAngle(m42, transit.minus(Duration.ofMinutes(60).minusSeconds(10))), 0.01);
        assertEquals(2, sky.hourAngle(m42, transit.plus(Duration.ofMinutes(120).minusSeconds(20))), 0.01);
    }

    /** SOFA's leap-second table ends in 2017: later years still work (UTC = UT1 ± 1 s); before 1960 there was no UTC. */
    @Test
    void yearsAfterTheLeapSecondTableWorkAndBefore1960AreRefused() {
        Sky sky = at(28.7606, -17.8816, 2396);
        Coordinates vega = new Coordinates(hours(18, 36, 56.336), degrees(38, 47, 1.28));
        Instant late = Instant.parse("2099-06-01T00:00:00Z");
        double alt = sky.horizontal(vega, late).altitudeDegrees();
        assertTrue(alt > -90 && alt < 90);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> sky.horizontal(vega, Instant.parse("1950-06-01T00:00:00Z")));
        assertTrue(e.getMessage().contains("1960"), e.getMessage());
    }
}
