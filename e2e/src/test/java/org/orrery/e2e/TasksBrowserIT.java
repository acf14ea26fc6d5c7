package org.orrery.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The Tasks and Timeline pages in a real browser against the real runtime jar: a name is text,
 * never markup; cancel and retry from a task's page; rows follow the event stream without a
 * reload; the timeline draws a completed device task as a bar on its device's lane.
 */
@Tag("browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TasksBrowserIT {

    static final String XSS = "<img src=x onerror=alert(1)>";

    DashboardRig rig;

    @BeforeAll
    void start() throws Exception {
        rig = DashboardRig.start("tasks-browser");
    }

    @AfterAll
    void stop() throws Exception {
        if (rig != null) {
            rig.close();
        }
    }

    private void open(String hash) {
        rig.browser.script("location.hash = arguments[0];", hash);
    }

    private WebElement row(String id) {
        return rig.browser.await(15, d -> d.findElements(By.cssSelector("[data-testid='task-row'][data-task-id='" + id + "']"))
                .stream().findFirst().orElse(null));
    }

    /** The text of the element with this test id now (the page redraws it, so no element is kept). */
    private String text(String testId) {
        Object text = rig.browser.script("const e = document.querySelector(\"[data-testid='\" + arguments[0] + \"']\");"
                + " return e ? e.textContent : '';", testId);
        return String.valueOf(text);
    }

    private String waitingTask(String name) {
        String notBefore = Instant.now().plus(Duration.ofHours(2)).toString();
        return rig.api.submit("{\"name\": \"" + name + "\", \"action\": \"system.noop\", \"not_before\": \"" + notBefore + "\"}")
                .get("id").asText();
    }

    @Test
    void aTaskNamedLikeMarkupShowsAsThoseCharactersInTheListAndOnItsPage() throws Exception {
        String id = rig.api.submit("{\"name\": \"" + XSS.replace("\"", "\\\"") + "\", \"action\": \"system.noop\"}").get("id").asText();
        rig.api.awaitEnd(id, Duration.ofSeconds(20));
        rig.signInAs("operator");
        rig.browser.script("window.__alerted = false; window.alert = () => { window.__alerted = true; };");
        open("#/tasks");
        WebElement name = row(id).findElement(By.cssSelector("[data-testid='task-name']"));
        assertEquals(XSS, name.getText());
        assertEquals(0L, rig.browser.script("return document.querySelectorAll('main img').length;"));
        rig.browser.screenshot("tasks-desktop-day");

        name.click();
        rig.browser.await(10, d -> XSS.equals(text("task-title")));
        assertEquals(0L, rig.browser.script("return document.querySelectorAll('main img').length;"));
        assertEquals(Boolean.FALSE, rig.browser.script("return window.__alerted;"));
        assertTrue(rig.browser.allByTestId("timeline-entry").size() >= 3, "created, started and finished are on the timeline");
    }

    @Test
    void aWaitingTaskIsCancelledFromItsPageAfterConfirmationAndItsRowSaysSoWithoutAReload() {
        String id = waitingTask("waits for two hours");
        String other = waitingTask("cancelled elsewhere");
        rig.signInAs("operator");
        rig.browser.script("window.__sameDocument = true;");
        open("#/tasks");
        rig.browser.await(10, d -> "pending".equals(row(other).getAttribute("data-status")));

        rig.api.ok(rig.api.call("POST", "/tasks/" + other + "/cancel", null));
        rig.browser.await(10, d -> "cancelled".equals(row(other).getAttribute("data-status"))
                && row(other).getText().contains("cancelled"));

        open("#/tasks/" + id);
        rig.browser.await(10, d -> text("task-status").contains("pending"));
        rig.browser.click("task-cancel");
        rig.browser.click("confirm-no");
        assertEquals("pending", rig.api.ok(rig.api.call("GET", "/tasks/" + id, null)).get("status").asText(),
                "no cancel without a yes");
        rig.browser.click("task-cancel");
        rig.browser.click("confirm-yes");
        rig.browser.await(10, d -> text("task-status").contains("cancelled"));
        assertEquals("cancelled", rig.api.ok(rig.api.call("GET", "/tasks/" + id, null)).get("status").asText());

        rig.browser.click("back-to-tasks");
        rig.browser.await(10, d -> row(id).getText().contains("cancelled"));
        assertEquals(Boolean.TRUE, rig.browser.script("return window.__sameDocument === true"), "the page was not reloaded");
    }

    @Test
    void aFailedTaskIsRetriedFromItsPage() {
        String id = rig.api.submit("{\"name\": \"fails\", \"action\": \"system.fail\", \"parameters\": {\"message\": \"shutter\","
                + " \"retryable\": false}}").get("id").asText();
        assertEquals("failed", rig.api.awaitEnd(id, Duration.ofSeconds(20)).get("status").asText());
        rig.signInAs("operator");
        open("#/tasks/" + id);
        rig.browser.await(10, d -> text("task-error").contains("shutter"));
        assertTrue(text("task-attempts").startsWith("1"));
        rig.browser.click("task-retry");
        rig.browser.await(20, d -> text("task-attempts").startsWith("2")
                && text("task-status").contains("failed"));
        assertEquals(2, rig.api.ok(rig.api.call("GET", "/tasks/" + id, null)).get("attempts").asInt());
    }

    @Test
    void aViewerSeesNoCancelOrRetry() {
        String id = waitingTask("viewer looks");
        rig.signInAs("viewer");
        open("#/tasks/" + id);
        rig.browser.byTestId("task-title");
        assertTrue(rig.browser.allByTestId("task-cancel").stream().noneMatch(WebElement::isDisplayed));
        assertTrue(rig.browser.allByTestId("task-retry").stream().noneMatch(WebElement::isDisplayed));
    }

    @Test
    void theTimelineDrawsACompletedDeviceTaskAsABarOnItsDevicesLane() throws Exception {
        String id = rig.api.submit("{\"name\": \"flat\", \"action\": \"camera.expose\", \"parameters\": {\"exposure\": 0.1}}")
                .get("id").asText();
        assertEquals("completed", rig.api.awaitEnd(id, Duration.ofSeconds(60)).get("status").asText());
        rig.signInAs("viewer");
        open("#/timeline");
        WebElement bar = rig.browser.await(15, d -> d.findElements(By.cssSelector("[data-testid='timeline-bar'][data-task-id='" + id + "']"))
                .stream().findFirst().orElse(null));
        assertEquals("completed", bar.getAttribute("data-status"));
        assertEquals("camera", bar.getAttribute("data-lane"));
        rig.browser.screenshot("timeline-desktop-day");
    }

    @Test
    void aTasksPageShowsItsParametersResultAndDependencies() throws Exception {
        String first = rig.api.submit("{\"name\": \"echo\", \"action\": \"system.echo\", \"parameters\": {\"say\": \"hello\"}}")
                .get("id").asText();
        String second = rig.api.submit("{\"name\": \"after echo\", \"action\": \"system.noop\", \"depends_on\": [\"" + first + "\"]}")
                .get("id").asText();
        rig.api.awaitEnd(second, Duration.ofSeconds(20));
        rig.signInAs("viewer");
        open("#/tasks/" + second);
        rig.browser.byTestId("task-deps").findElement(By.linkText(first)).click();
        rig.browser.await(10, d -> text("task-parameters").contains("hello"));
        assertTrue(text("task-status").contains("completed"));
        rig.browser.screenshot("task-desktop-day");
    }

    @Test
    void theListAndTheTimelineFitAPhoneInTheRedTheme() throws Exception {
        rig.api.awaitEnd(rig.api.submit("{\"name\": \"a rather long task name that must wrap on a phone screen\","
                + " \"action\": \"system.noop\"}").get("id").asText(), Duration.ofSeconds(20));
        rig.signInAs("viewer");
        try {
            rig.browser.theme("red").size(Browser.PHONE);
            open("#/tasks");
            rig.browser.await(10, d -> !rig.browser.allByTestId("task-row").isEmpty());
            assertTrue(!rig.browser.scrollsHorizontally(), "the task list scrolls sideways on a phone");
            rig.browser.screenshot("tasks-phone-red");
            open("#/timeline");
            rig.browser.await(15, d -> !d.findElements(By.cssSelector("[data-testid='timeline'][data-loaded='true'] svg")).isEmpty());
            assertTrue(!rig.browser.scrollsHorizontally(), "the timeline scrolls sideways on a phone");
            rig.browser.screenshot("timeline-phone-red");
        } finally {
            rig.browser.theme("day").size(Browser.DESKTOP);
        }
    }

    @Test
    void aNewTaskThatMatchesTheFilterComesAtTheTopWithoutAReload() {
        rig.signInAs("viewer");
        rig.browser.script("window.__sameDocument = true;");
        open("#/tasks");
        rig.browser.byTestId("task-table");
        rig.browser.byTestId("filter-tag").sendKeys("flats");
        rig.browser.await(10, d -> text("task-summary").startsWith("0 of 0"));
        String untagged = rig.api.submit("{\"name\": \"untagged\", \"action\": \"system.noop\"}").get("id").asText();
        String tagged = rig.api.submit("{\"name\": \"tagged\", \"action\": \"system.noop\", \"tags\": [\"flats\"]}")
                .get("id").asText();
        rig.browser.await(10, d -> tagged.equals(rig.browser.script(
                "const r = document.querySelector(\"[data-testid='task-row']\"); return r ? r.dataset.taskId : null;")));
        rig.browser.await(10, d -> row(tagged).getText().contains("completed"));
        assertTrue(rig.browser.allByTestId("task-row").stream().noneMatch(r -> untagged.equals(r.getAttribute("data-task-id"))));

        rig.browser.byTestId("filter-tag").clear();
        rig.browser.await(10, d -> !d.findElements(By.cssSelector("[data-task-id='" + untagged + "']")).isEmpty());
        String newcomer = rig.api.submit("{\"name\": \"newcomer\", \"action\": \"system.noop\"}").get("id").asText();
        rig.browser.await(10, d -> newcomer.equals(rig.browser.script(
                "const r = document.querySelector(\"[data-testid='task-row']\"); return r ? r.dataset.taskId : null;")));
        assertEquals(Boolean.TRUE, rig.browser.script("return window.__sameDocument === true"), "the page was not reloaded");
    }

    /** The names in the list now, top to bottom. */
    @SuppressWarnings("unchecked")
    private List<String> names() {
        return (List<String>) rig.browser.script(
                "return [...document.querySelectorAll(\"[data-testid='task-name']\")].map((a) => a.textContent);");
    }

    private void batch(String tag, String prefix, int n) {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            body.append(i == 0 ? "" : ",").append("{\"name\": \"").append(prefix).append(' ').append(i)
                    .append("\", \"action\": \"system.noop\", \"tags\": [\"").append(tag).append("\"]}");
        }
        rig.api.ok(rig.api.call("POST", "/tasks/batch", body.append(']').toString()));
    }

    @Test
    void theListHoldsOnePageWhileNewTasksComeAndLoadMoreStillReachesTheOlderOnes() {
        rig.signInAs("viewer");
        open("#/tasks");
        rig.browser.byTestId("task-table");
        for (int b = 0; b < 5; b++) { // in five batches: the tasks of one batch are created at the same instant
            batch("paging", "old " + b, 50);
        }
        rig.browser.byTestId("filter-tag").sendKeys("paging");
        rig.browser.await(15, d -> names().size() == 200 && text("task-summary").contains("Load more"));

        batch("paging", "new", 30); // at the top; the 30 oldest rows are let go of, not kept below
        rig.browser.await(15, d -> names().stream().filter(n -> n.startsWith("new ")).count() == 30);
        List<String> page = names();
        assertEquals(200, page.size(), "rows held");
        assertTrue(page.subList(0, 30).stream().allMatch(n -> n.startsWith("new ")), "the new ones come first: " + page);

        rig.browser.click("load-more");
        rig.browser.await(30, d -> names().size() == 280); // 15 s were once too few on a loaded machine
        assertEquals(280, new HashSet<>(names()).size(), "every task once");
        assertEquals(Boolean.TRUE, rig.browser.script("return document.querySelector(\"[data-testid='load-more']\").hidden;"),
                "nothing older is left to load");
    }
}
