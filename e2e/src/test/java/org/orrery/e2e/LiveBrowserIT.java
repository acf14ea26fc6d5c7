package org.orrery.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Live and Devices pages in a real browser against the real runtime jar: a running task's
 * progress bar moves with its events and the task leaves the list when it is done, the simulated
 * mount's position follows a slew, all without a reload; the scheduler's pause is an operator's
 * (confirmed), a viewer has no such button.
 */
@Tag("browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveBrowserIT {

    DashboardRig rig;

    @BeforeAll
    void start() throws Exception {
        rig = DashboardRig.start("live");
    }

    @AfterAll
    void stop() throws Exception {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void aRunningTasksProgressBarMovesAndTheTaskLeavesTheListWhenDone() throws Exception {
        open("viewer", "live");
        String name = "<img src=x onerror=alert(1)> five frames";
        String id = rig.api.submit("{\"name\": \"<img src=x onerror=alert(1)> five frames\", \"action\": \"camera.expose\","
                + " \"parameters\": {\"exposure\": 2, \"count\": 5}}").get("id").asText();
        By row = By.cssSelector("[data-testid='running-task'][data-task-id='" + id + "']");
        double first = rig.browser.await(30, d -> d.findElements(row).stream().findFirst().map(this::progress).orElse(null));
        rig.browser.await(30, d -> d.findElements(row).stream().findFirst().map(this::progress).orElse(-1.0) > first);
        WebElement shown = rig.browser.driver.findElement(row);
        assertEquals(name, shown.findElement(Browser.testId("running-task-name")).getText(), "the name is text");
        assertEquals("camera.expose", shown.findElement(Browser.testId("running-task-action")).getText());
        assertTrue(shown.findElement(Browser.testId("running-task-message")).getText().contains("frame"),
                shown.getText());
        rig.browser.screenshot("live-desktop-day");

        rig.browser.await(60, d -> d.findElements(row).isEmpty());
        assertEquals("completed", rig.api.awaitEnd(id, Duration.ofSeconds(10)).get("status").asText());
        assertSameDocument();
    }

    @Test
    void theDevicesPageFollowsTheMountThroughASlew() throws Exception {
        open("viewer", "devices");
        rig.browser.byTestId("device-sim-mount");
        double ra = value("dv-sim-mount-ra_hours");
        double targetRa = Math.floor(ra + 3) % 24;
        // every RA the page shows from now on (the slew of 70° in Dec at 5°/s takes 14 s)
        rig.browser.script("const el = document.querySelector(\"[data-testid='dv-sim-mount-ra_hours']\");"
                + " window.__ras = new Set();"
                + " new MutationObserver(() => window.__ras.add(el.dataset.value)).observe(el, {attributes: true});");
        JsonNode slew = rig.api.submit("{\"name\": \"slew\", \"action\": \"mount.slew\", \"parameters\": {\"ra\": "
                + targetRa + ", \"dec\": 20}}");
        rig.browser.await(90, d -> Math.abs(value("dv-sim-mount-ra_hours") - targetRa) < 0.01
                && Math.abs(value("dv-sim-mount-dec_degrees") - 20) < 0.01);
        assertEquals("completed", rig.api.awaitEnd(slew.get("id").asText(), Duration.ofSeconds(30)).get("status").asText());
        long seen = ((Number) rig.browser.script("return window.__ras.size")).longValue();
        assertTrue(seen >= 5, "the page followed the mount while it slewed (it showed " + seen + " positions)");
        rig.browser.await(10, d -> "true".equals(rig.browser.byTestId("dv-sim-mount-tracking").getAttribute("data-value")));
        assertTrue(rig.browser.byTestId("dv-sim-mount-ra_hours").getText().matches("\\d\\dh \\d\\dm \\d\\d\\.\\ds"),
                rig.browser.byTestId("dv-sim-mount-ra_hours").getText());
        assertEquals("true", rig.browser.byTestId("device-sim-safety-safe").getAttribute("data-safe"));
        rig.browser.screenshot("devices-desktop-day");
        assertSameDocument();
    }

    @Test
    void aViewerSeesNoPauseButtonAndAnOperatorPausesAndResumesTheScheduler() {
        open("viewer", "live");
        rig.browser.await(10, d -> "false".equals(rig.browser.byTestId("scheduler").getAttribute("data-paused")));
        for (String control : List.of("scheduler-pause", "scheduler-pause-now", "scheduler-resume")) {
            assertTrue(rig.browser.allByTestId(control).stream().noneMatch(WebElement::isDisplayed), control + " is shown to a viewer");
        }
        try { // a pause and a resume made by someone else come as events: no task has to change for the page to see them
            rig.api.ok(rig.api.call("POST", "/scheduler/pause", null));
            rig.browser.await(10, d -> "true".equals(rig.browser.byTestId("scheduler").getAttribute("data-paused")));
            rig.api.ok(rig.api.call("POST", "/scheduler/resume", null));
            rig.browser.await(10, d -> "false".equals(rig.browser.byTestId("scheduler").getAttribute("data-paused")));
            assertSameDocument();
        } finally {
            rig.api.call("POST", "/scheduler/resume", null);
        }

        open("operator", "live");
        try {
            rig.browser.click("scheduler-pause");
            rig.browser.click("confirm-no");
            assertEquals(false, rig.api.ok(rig.api.call("GET", "/scheduler", null)).get("paused").asBoolean(),
                    "cancelling the question changes nothing");
            rig.browser.click("scheduler-pause");
            rig.browser.click("confirm-yes");
            rig.browser.await(10, d -> "true".equals(rig.browser.byTestId("scheduler").getAttribute("data-paused")));
            assertTrue(rig.api.ok(rig.api.call("GET", "/scheduler", null)).get("paused").asBoolean());
            rig.browser.click("scheduler-resume");
            rig.browser.click("confirm-yes");
            rig.browser.await(10, d -> "false".equals(rig.browser.byTestId("scheduler").getAttribute("data-paused")));
            assertEquals(false, rig.api.ok(rig.api.call("GET", "/scheduler", null)).get("paused").asBoolean());
        } finally {
            rig.api.call("POST", "/scheduler/resume", null);
        }
    }

    @Test
    void bothPagesFitAPhoneInTheRedTheme() throws Exception {
        open("operator", "live");
        rig.browser.size(Browser.PHONE).theme("red");
        try {
            rig.browser.byTestId("scheduler-pause");
            rig.browser.byTestId("device-chip-sim-mount");
            assertFalse(rig.browser.scrollsHorizontally(), "the Live page scrolls sideways on a phone");
            rig.browser.screenshot("live-phone-red");
            rig.browser.script("window.location.hash = '#/devices';");
            rig.browser.byTestId("dv-sim-mount-ra_hours");
            assertFalse(rig.browser.scrollsHorizontally(), "the Devices page scrolls sideways on a phone");
            rig.browser.screenshot("devices-phone-red");
        } finally {
            rig.browser.theme("day").size(Browser.DESKTOP);
        }
    }

    /** Signs in as {@code user}, opens the view and waits for the event stream. */
    private void open(String user, String view) {
        rig.signInAs(user);
        rig.browser.script("window.location.hash = '#/' + arguments[0]; window.__sameDocument = true;", view);
        rig.browser.byTestId("view-" + view);
        rig.browser.await(15, d -> "open".equals(rig.browser.byTestId("stream-state").getAttribute("data-state")));
    }

    private void assertSameDocument() {
        assertEquals(Boolean.TRUE, rig.browser.script("return window.__sameDocument === true"), "the page was not reloaded");
    }

    private Double progress(WebElement row) {
        String value = row.findElement(Browser.testId("progress")).getAttribute("data-value");
        return value == null ? null : Double.valueOf(value);
    }

    private double value(String testId) {
        return Double.parseDouble(rig.browser.byTestId(testId).getAttribute("data-value"));
    }
}
