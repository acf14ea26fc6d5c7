package org.orrery.web.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.orrery.web.api.internal.SequenceCalls.json;
import static org.orrery.web.api.internal.SequencesServletTest.assertProblem;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.orrery.security.Role;
import org.orrery.sky.Catalog;
import org.orrery.sky.CatalogObject;
import org.orrery.sky.Coordinates;
import org.orrery.sky.Horizon;
import org.orrery.sky.HorizontalPosition;
import org.orrery.sky.Site;
import org.orrery.sky.Sky;
import org.orrery.sky.SkyClock;
import org.orrery.sky.Twilight;

import com.fasterxml.jackson.databind.JsonNode;

/** /sky on fake sky services: the shapes, the coming night, search, lookups and their refusals. */
class SkyServletTest {

    static final Instant NOON = Instant.parse("2026-12-05T12:00:00Z");
    static final Instant DUSK = Instant.parse("2026-12-05T19:00:00Z");
    static final Instant DAWN = Instant.parse("2026-12-06T06:00:00Z");

    /** A sky whose sun is down between 19:00 and 06:00 every day, whatever the twilight. */
    static final class FakeSky implements Sky {
        final Site site = new Site(28.7606, -17.8816, 2396,
                new Horizon(List.of(new Horizon.Point(0, 10), new Horizon.Point(180, 5))));

        static boolean night(Instant at) {
            int hour = at.atZone(java.time.ZoneOffset.UTC).getHour();
            return hour >= 19 || hour < 6;
        }

        @Override
        public Site site() {
            return site;
        }

        @Override
        public HorizontalPosition horizontal(Coordinates j2000, Instant at) {
            return new HorizontalPosition(42, 135);
        }

        @Override
        public Coordinates apparent(Coordinates j2000, Instant at) {
            return new Coordinates(j2000.raHours() + 0.01, j2000.decDegrees() + 0.1);
        }

        @Override
        public Coordinates j2000(Coordinates apparent, Instant at) {
            return apparent;
        }

        @Override
        public double siderealTime(Instant at) {
            return 3.5;
        }

        @Override
        public double hourAngle(Coordinates j2000, Instant at) {
            return -1.25;
        }

        @Override
        public Instant meridianTransit(Coordinates j2000, Instant after) {
            return after.plus(Duration.ofMinutes(75));
        }

        @Override
        public HorizontalPosition sun(Instant at) {
            return new HorizontalPosition(night(at) ? -30 : 30, 200);
        }

        @Override
        public HorizontalPosition moon(Instant at) {
            return new HorizontalPosition(12, 80);
        }

        @Override
        public double moonIllumination(Instant at) {
            return 0.25;
        }

        @Override
        public double moonSeparation(Coordinates j2000, Instant at) {
            return 64;
        }

        @Override
        public Optional<Instant> nextTwilight(Twilight twilight, boolean evening, Instant after) {
            Instant t = after.truncatedTo(java.time.temporal.ChronoUnit.DAYS).plus(Duration.ofHours(evening ? 19 : 6));
            return Optional.of(t.isBefore(after) ? t.plus(Duration.ofDays(1)) : t);
        }
    }

    static final CatalogObject M42 = new CatalogObject("M 42", List.of("NGC 1976", "Orion Nebula"), "nebula",
            new Coordinates(5.5879, -5.3897), 4.0, "Ori");
    static final CatalogObject M43 = new CatalogObject("M 43", List.of("NGC 1982"), "nebula",
            new Coordinates(5.5923, -5.27), 9.0, "Ori");

    static final Catalog CATALOG = new Catalog() {
        @Override
        public Optional<CatalogObject> find(String name) {
            String key = name.replace(" ", "").toLowerCase(Locale.ROOT);
            return List.of(M42, M43).stream().filter(o -> o.name().replace(" ", "").equalsIgnoreCase(key)
                    || o.aliases().stream().anyMatch(a -> a.replace(" ", "").equalsIgnoreCase(key))).findFirst();
        }

        @Override
        public List<CatalogObject> search(String text, int limit) {
            String key = text.replace(" ", "").toLowerCase(Locale.ROOT);
            return List.of(M42, M43).stream().filter(o -> (o.name() + o.aliases()).replace(" ", "").toLowerCase(Locale.ROOT)
                    .contains(key)).limit(limit).toList();
        }

        @Override
        public int size() {
            return 2;
        }
    };

    static SkyClock clock(Instant now) {
        return new SkyClock() {
            @Override
            public Instant now() {
                return now;
            }

            @Override
            public double rate() {
                return 60;
            }
        };
    }

    final SkyServlet servlet = new SkyServlet();

    SequenceCalls call(String path) {
        return SequenceCalls.call(servlet, "GET", path).as(Role.VIEWER);
    }

    void install(Instant now) {
        FakeSky sky = new FakeSky();
        servlet.sky = () -> sky;
        servlet.clock = clock(now);
        servlet.catalog = () -> CATALOG;
    }

    @Test
    void withoutTheSkyBundleEveryRouteIs503() throws Exception {
        assertProblem(call("/sky").send(), 503, "org.orrery.astro.sky");
        assertProblem(call("/sky/objects").query("q", "m42").send(), 503, "catalog");
        assertProblem(call("/sky/objects/M42").send(), 503, "org.orrery.astro.sky");
    }

    @Test
    void theSkyNowByDayShowsTheComingNight() throws Exception {
        install(NOON);
        FakeHttp http = call("/sky").send();
        assertEquals(200, http.status, http.body());
        JsonNode sky = json(http);
        assertEquals(NOON.toString(), sky.path("time").asText());
        assertEquals(60, sky.path("clock_rate").asDouble());
        assertEquals(28.7606, sky.at("/site/latitude").asDouble());
        assertEquals(-17.8816, sky.at("/site/longitude").asDouble());
        assertEquals(2396, sky.at("/site/elevation").asDouble());
        assertEquals(180, sky.at("/site/horizon/1/azimuth").asDouble());
        assertEquals(5, sky.at("/site/horizon/1/altitude").asDouble());
        assertEquals(3.5, sky.path("sidereal_time").asDouble());
        assertEquals(30, sky.at("/sun/altitude").asDouble());
        assertEquals(0.25, sky.at("/moon/illumination").asDouble());
        for (String t : List.of("civil", "nautical", "astronomical")) {
            assertEquals(DUSK.toString(), sky.at("/twilight/" + t + "/dusk").asText(), t);
            assertEquals(DAWN.toString(), sky.at("/twilight/" + t + "/dawn").asText(), t);
        }
    }

    @Test
    void duringTheNightTheTwilightsAreThoseOfTheNightUnderWay() throws Exception {
        install(Instant.parse("2026-12-06T01:00:00Z"));
        JsonNode sky = json(call("/sky").send());
        assertEquals(DUSK.toString(), sky.at("/twilight/astronomical/dusk").asText());
        assertEquals(DAWN.toString(), sky.at("/twilight/astronomical/dawn").asText());
    }

    @Test
    void searchNeedsQAndALimitInRange() throws Exception {
        install(NOON);
        JsonNode found = json(call("/sky/objects").query("q", "ngc 19").send());
        assertEquals(2, found.size());
        assertEquals("M 42", found.get(0).path("name").asText());
        assertEquals(5.5879, found.get(0).path("ra").asDouble());
        assertEquals("Orion Nebula", found.get(0).at("/aliases/1").asText());
        assertEquals(1, json(call("/sky/objects").query("q", "ngc 19").query("limit", "1").send()).size());
        assertProblem(call("/sky/objects").send(), 400, "'q'", "found none");
        assertProblem(call("/sky/objects").query("q", "m").query("limit", "0").send(), 400, "'limit'", "1 to 100", "'0'");
        assertProblem(call("/sky/objects").query("q", "m").query("sort", "name").send(), 400, "'sort'");
    }

    @Test
    void anObjectComesWithItsPlaceNow() throws Exception {
        install(NOON);
        FakeHttp http = call("/sky/objects/Orion%20Nebula".replace("%20", " ")).send();
        assertEquals(200, http.status, http.body());
        JsonNode o = json(http);
        assertEquals("M 42", o.path("name").asText());
        assertEquals("Ori", o.path("constellation").asText());
        assertEquals(4.0, o.path("magnitude").asDouble());
        assertEquals(42, o.at("/now/altitude").asDouble());
        assertEquals(135, o.at("/now/azimuth").asDouble());
        assertEquals(-1.25, o.at("/now/hour_angle").asDouble());
        assertEquals(NOON.plus(Duration.ofMinutes(75)).toString(), o.at("/now/meridian_transit").asText());
        assertEquals(64, o.at("/now/moon_separation").asDouble());
        assertTrue(o.at("/now/above_horizon").asBoolean(), o.toString()); // 42° over a horizon of 7.5° at 135°
    }

    @Test
    void anUnknownNameIs404WithSuggestions() throws Exception {
        install(NOON);
        FakeHttp http = call("/sky/objects/Orion Nebulla").send();
        assertProblem(http, 404, "'Orion Nebulla'", "did you mean M 42");
        assertEquals("M 42", json(http).at("/suggestions/0").asText());
        FakeHttp none = call("/sky/objects/Xyzzy").send();
        assertProblem(none, 404, "'Xyzzy'", "search with");
        assertEquals(0, json(none).path("suggestions").size());
        assertProblem(call("/sky/planets").send(), 404, "no such route");
    }

    @Test
    void aViewerMayReadAndABodyIsRefused() throws Exception {
        install(NOON);
        assertEquals(200, call("/sky").as(Role.VIEWER).send().status);
        assertEquals(400, call("/sky").body("application/json", "{}").send().status);
    }
}
