package org.orrery.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The dashboard's shell in a real browser against the real runtime jar: it is served with a
 * strict Content-Security-Policy, a person signs in with Orrery's users, the page follows the
 * event stream without a reload, and a wrong password is said so.
 */
@Tag("browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserIT {

    DashboardRig rig;

    @BeforeAll
    void start() throws Exception {
        rig = DashboardRig.start("dashboard");
    }

    @AfterAll
    void stop() throws Exception {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void thePagesAreServedWithAStrictContentSecurityPolicyAndNothingElse() {
        HttpResponse<String> page = rig.runtime.send(HttpRequest.newBuilder(rig.runtime.uri("/orrery/")).GET().build());
        assertEquals(200, page.statusCode());
        String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("default-src 'self'") && csp.contains("script-src 'self'")
                && csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"), csp);
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertFalse(page.body().contains("<script>"), "no inline script");
        assertEquals(301, rig.runtime.send(HttpRequest.newBuilder(rig.runtime.uri("/orrery")).GET().build()).statusCode());
        HttpResponse<String> uplot = rig.runtime.send(HttpRequest.newBuilder(rig.runtime.uri("/orrery/vendor/uplot/uPlot.esm.js")).GET().build());
        assertEquals(200, uplot.statusCode(), "uPlot is copied from its WebJar into the bundle");
        assertTrue(uplot.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
        // (a ".." is resolved by Jetty before any servlet: "/orrery/../x" is "/x", no file of the dashboard)
        for (String path : new String[] {"/orrery/js/../../x.js", "/orrery/.hidden.js", "/orrery/nothing.js",
                "/orrery/OSGI-INF/x.xml", "/orrery/META-INF/MANIFEST.MF", "/orrery/vendor/uplot/LICENSE"}) {
            int status = rig.runtime.send(HttpRequest.newBuilder(rig.runtime.uri(path)).GET().build()).statusCode();
            assertTrue(status == 404 || status == 400, path + " answered " + status);
        }
    }

    @Test
    void aWrongPasswordIsSaidSoAndTheRightOneSignsIn() {
        rig.browser.go("/orrery/");
        rig.browser.script("sessionStorage.clear(); location.reload();");
        rig.browser.byTestId("signin-user").sendKeys("operator");
        rig.browser.byTestId("signin-password").sendKeys("not-the-password");
        rig.browser.click("signin-submit");
        rig.browser.await(10, d -> rig.browser.byTestId("signin-error").getText().contains("Wrong user name or password"));
        assertTrue(rig.browser.allByTestId("nav").stream().noneMatch(e -> e.isDisplayed()));

        rig.signInAs("operator");
        assertTrue(rig.browser.byTestId("who").getText().contains("operator"));
        assertTrue(rig.browser.script("return Object.keys(sessionStorage).join(',')").toString().contains("orrery.session"),
                "the token is kept in sessionStorage");
        assertEquals("", rig.browser.script("return document.cookie"), "no cookie holds a credential");
    }

    @Test
    void theCountsFollowTheEventStreamWithoutAReload() {
        rig.signInAs("viewer");
        rig.browser.await(15, d -> "open".equals(rig.browser.byTestId("stream-state").getAttribute("data-state")));
        long before = Long.parseLong(rig.browser.byTestId("count-completed").getAttribute("data-count"));
        rig.browser.script("window.__sameDocument = true;");
        rig.api.awaitEnd(rig.api.submit("{\"name\": \"counted\", \"action\": \"system.noop\"}").get("id").asText(),
                Duration.ofSeconds(20));
        rig.browser.await(10, d -> Long.parseLong(rig.browser.byTestId("count-completed").getAttribute("data-count")) > before);
        assertEquals(Boolean.TRUE, rig.browser.script("return window.__sameDocument === true"), "the page was not reloaded");
    }

    @Test
    void eachStatusCountIsThatStatusAloneNotSeed003sPending() {
        rig.signInAs("operator");
        String id = rig.api.submit("{\"name\": \"held\", \"action\": \"system.noop\","
                + " \"not_before\": \"2150-01-01T00:00:00Z\"}").get("id").asText();
        rig.api.ok(rig.api.call("POST", "/tasks/" + id + "/pause", null));
        com.fasterxml.jackson.databind.JsonNode stats = rig.api.ok(rig.api.call("GET", "/scheduler/statistics", null));
        long paused = stats.get("by_status").get("paused").asLong();
        long pending = stats.get("by_status").get("pending").asLong();
        assertTrue(stats.get("pending").asLong() >= pending + paused, "seed 003's pending holds the paused task: " + stats);
        rig.browser.await(10, d -> Long.toString(paused).equals(rig.browser.byTestId("count-paused").getAttribute("data-count"))
                && Long.toString(pending).equals(rig.browser.byTestId("count-pending").getAttribute("data-count")));
        rig.api.ok(rig.api.call("POST", "/tasks/" + id + "/cancel", null));
    }
}
