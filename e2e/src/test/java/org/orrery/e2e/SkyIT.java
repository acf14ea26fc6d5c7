package org.orrery.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The sky of the real runtime: the clock and the site configured in {@code etc/} (a night at La
 * Palma, the clock at 10×), {@code GET /api/v1/sky}, the catalog's search and lookup, and 503
 * while the sky bundle is stopped.
 */
class SkyIT {

    static final Instant START = Instant.parse("2026-12-05T22:00:00Z");

    static InstrumentApi api;

    @BeforeAll
    static void start() throws Exception {
        Path home = RuntimeLifecycleIT.WORK.resolve("sky-" + UUID.randomUUID());
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/org.orrery.sky.clock.cfg"), "start=" + START + "\nrate=10\n");
        Files.writeString(home.resolve("etc/org.orrery.sky.site.cfg"),
                "latitude=28.7606\nlongitude=-17.8816\nelevation=2396\nhorizon=0:10 90:25 180:5 270:15\n");
        api = new InstrumentApi(RuntimeProcess.start(Path.of(System.getProperty("java.home")), home,
                RuntimeProcess.freePort()).awaitReady());
        api.runtime.await("the configured sky clock", Duration.ofSeconds(30), () -> {
            HttpResponse<String> sky = api.call("GET", "/sky", null);
            return sky.statusCode() == 200 && InstrumentApi.json(sky).path("clock_rate").asDouble() == 10
                    && InstrumentApi.json(sky).path("site").path("horizon").size() == 4;
        });
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (api != null) {
            api.runtime.close();
        }
    }

    @Test
    void theSkyIsTheConfiguredNightAtLaPalma() {
        JsonNode sky = api.ok(api.call("GET", "/sky", null));
        Instant time = Instant.parse(sky.path("time").asText());
        assertTrue(!time.isBefore(START) && time.isBefore(START.plus(Duration.ofHours(3))), "clock time " + time);
        assertEquals(10, sky.path("clock_rate").asDouble());
        assertEquals(28.7606, sky.at("/site/latitude").asDouble());
        assertEquals(-17.8816, sky.at("/site/longitude").asDouble());
        assertEquals(2396, sky.at("/site/elevation").asDouble());
        assertEquals(90, sky.at("/site/horizon/1/azimuth").asDouble());
        assertEquals(25, sky.at("/site/horizon/1/altitude").asDouble());
        double lst = sky.path("sidereal_time").asDouble();
        assertTrue(lst >= 0 && lst < 24, "sidereal time " + lst);
        assertTrue(sky.at("/sun/altitude").asDouble() < -18, "the sun at midnight: " + sky.path("sun"));
        double illumination = sky.at("/moon/illumination").asDouble();
        assertTrue(illumination >= 0 && illumination <= 1, sky.path("moon").toString());
        for (String t : new String[] {"civil", "nautical", "astronomical"}) {
            Instant dusk = Instant.parse(sky.at("/twilight/" + t + "/dusk").asText());
            Instant dawn = Instant.parse(sky.at("/twilight/" + t + "/dawn").asText());
            assertTrue(dusk.isBefore(time) && dawn.isAfter(time), t + ": the night under way, " + dusk + " to " + dawn);
        }
        Instant duskAstro = Instant.parse(sky.at("/twilight/astronomical/dusk").asText());
        assertTrue(duskAstro.isAfter(Instant.parse(sky.at("/twilight/civil/dusk").asText())));
        // December at La Palma: astronomical night from about 19:50 to 06:05 UTC
        assertTrue(duskAstro.isAfter(Instant.parse("2026-12-05T19:20:00Z"))
                && duskAstro.isBefore(Instant.parse("2026-12-05T20:20:00Z")), "astronomical dusk " + duskAstro);
    }

    @Test
    void anObjectIsFoundByAnyOfItsNamesWithItsPlaceNow() {
        JsonNode m42 = api.ok(api.call("GET", "/sky/objects/" + URLEncoder.encode("Orion Nebula", StandardCharsets.UTF_8)
                .replace("+", "%20"), null));
        assertEquals("M 42", m42.path("name").asText());
        assertEquals("nebula", m42.path("kind").asText());
        assertEquals(5.5879, m42.path("ra").asDouble(), 0.001);
        assertEquals(-5.39, m42.path("dec").asDouble(), 0.01);
        JsonNode now = m42.path("now");
        Instant time = Instant.parse(now.path("time").asText());
        Instant transit = Instant.parse(now.path("meridian_transit").asText());
        double hoursToTransit = Duration.between(time, transit).toMillis() / 3_600_000.0;
        // before midnight in December, M 42 is east of the meridian and climbing
        assertTrue(hoursToTransit > 0 && hoursToTransit < 4, "transit " + transit + " after " + time);
        assertEquals(-hoursToTransit * 1.0027379, now.path("hour_angle").asDouble(), 0.02);
        assertTrue(now.path("altitude").asDouble() > 20 && now.path("azimuth").asDouble() > 90
                && now.path("azimuth").asDouble() < 180, now.toString());
        double separation = now.path("moon_separation").asDouble();
        assertTrue(separation >= 0 && separation <= 180, now.toString());

        assertEquals("M 42", api.ok(api.call("GET", "/sky/objects/m42", null)).path("name").asText());
        assertEquals("M 42", api.ok(api.call("GET", "/sky/objects/NGC1976", null)).path("name").asText());
        JsonNode found = api.ok(api.call("GET", "/sky/objects?q=andromeda&limit=3", null));
        assertEquals("M 31", found.get(0).path("name").asText());

        HttpResponse<String> missing = api.call("GET", "/sky/objects/Andromeda%20Galaxxy", null);
        assertEquals(404, missing.statusCode());
        assertEquals("application/problem+json", missing.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        JsonNode problem = InstrumentApi.json(missing);
        assertTrue(problem.path("detail").asText().contains("'Andromeda Galaxxy'"), missing.body());
        assertEquals("M 31", problem.at("/suggestions/0").asText(), missing.body());

        HttpResponse<String> noQuery = api.call("GET", "/sky/objects", null);
        assertEquals(400, noQuery.statusCode());
        assertTrue(noQuery.body().contains("'q'"), noQuery.body());
    }

    @Test
    void withoutTheSkyBundleTheRoutesAre503() {
        long id = api.bundleId("org.orrery.astro.sky");
        api.bundleAction(id, "stop");
        try {
            api.runtime.await("503 while the sky bundle is stopped", Duration.ofSeconds(20),
                    () -> api.call("GET", "/sky", null).statusCode() == 503);
            HttpResponse<String> answer = api.call("GET", "/sky/objects/M42", null);
            assertEquals(503, answer.statusCode());
            assertTrue(answer.body().contains("org.orrery.astro.sky"), answer.body());
        } finally {
            api.bundleAction(id, "start");
        }
        api.runtime.await("the sky again", Duration.ofSeconds(20), () -> api.call("GET", "/sky", null).statusCode() == 200);
    }
}
