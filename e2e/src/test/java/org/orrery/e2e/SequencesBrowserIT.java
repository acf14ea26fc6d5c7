package org.orrery.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Sequences pages in a real browser against the real runtime jar: an operator starts
 * BasicExposure from its template's form and watches it on Live until it completes, skips a
 * long sequence to its end (after confirming), a document's problem is shown at its line, and
 * a viewer has no controls and is refused a forged request.
 */
@Tag("browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SequencesBrowserIT {

    static final String LONG = """
            {"name": "a long wait", "main": [{"type": "wait", "id": "long_wait", "seconds": 3600},
              {"type": "task", "id": "after", "action": "system.noop"}],
             "end": [{"type": "task", "id": "farewell", "action": "system.noop"}]}""";

    DashboardRig rig;

    @BeforeAll
    void start() throws Exception {
        rig = DashboardRig.start("sequences-browser");
    }

    @AfterAll
    void stop() throws Exception {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void anOperatorStartsBasicExposureFromItsFormAndLiveFollowsItToTheEnd() {
        Browser browser = rig.signInAs("operator");
        browser.go("/orrery/#/sequences");
        browser.await(10, d -> !d.findElements(By.cssSelector("[data-testid='template-choice'] option[value='BasicExposure']")).isEmpty());
        new Select(browser.byTestId("template-choice")).selectByVisibleText("BasicExposure");
        type(browser.byTestId("param-targetName"), "BROWSERM42");
        type(browser.byTestId("param-exposureTime"), "-1");
        browser.click("template-submit");
        String problem = browser.await(10, d -> {
            String text = browser.byTestId("problem-exposureTime").getText();
            return text.isEmpty() ? null : text;
        });
        assertTrue(problem.contains("minimum"), "the server's problem is shown beside its field: " + problem);
        assertEquals("", browser.driver.findElement(Browser.testId("problem-targetName")).getText(), "and beside no other");

        type(browser.byTestId("param-exposureTime"), "1");
        type(browser.byTestId("param-count"), "5");
        browser.click("template-submit");
        browser.await(10, d -> d.getCurrentUrl().contains("#/sequences/"));
        String id = browser.driver.getCurrentUrl().replaceAll(".*#/sequences/", "");
        browser.byTestId("sequence-tree");
        browser.script("window.__sameDocument = true;");

        browser.click("nav-live");
        String card = "[data-testid='running-sequence'][data-id='" + id + "']";
        List<Double> seen = new ArrayList<>();
        List<?> last = browser.await(60, d -> { // read in one script: the card is redrawn as events arrive
            Object read = browser.script("const c = document.querySelector(arguments[0]); return c && [c.dataset.state,"
                    + " c.querySelector(\"[data-testid='progress']\").dataset.value, c.textContent];", card);
            if (!(read instanceof List<?> card3)) {
                return null;
            }
            seen.add(Double.parseDouble(card3.get(1).toString()));
            return "completed".equals(card3.get(0)) ? card3 : null;
        });
        assertTrue(seen.stream().anyMatch(v -> v > 0 && v < 1), "the bar moved while the frames were taken: " + seen);
        assertEquals("1.0000", last.get(1), "a completed sequence's bar is full");
        assertTrue(last.get(2).toString().contains("completed"), "its state is said in words: " + last.get(2));
        assertEquals(Boolean.TRUE, browser.script("return window.__sameDocument === true"), "the page was not reloaded");
        assertEquals("completed", sequence(id).get("state").asText());
    }

    @Test
    void skipToEndAsksFirstThenEndsTheSequence() throws Exception {
        String id = started(LONG);
        Browser browser = rig.signInAs("operator");
        browser.go("/orrery/#/sequences/" + id);
        browser.await(20, d -> !d.findElements(By.cssSelector("[data-step-id='long_wait'][data-state='running']")).isEmpty());
        browser.screenshot("sequence-desktop-day");

        browser.click("sequence-skip-to-end");
        browser.click("confirm-no");
        assertEquals("running", sequence(id).get("state").asText(), "cancelled: nothing happens");

        browser.click("sequence-skip-to-end");
        browser.click("confirm-yes");
        browser.await(30, d -> "completed".equals(browser.byTestId("view-sequences").getAttribute("data-state")));
        browser.await(10, d -> "completed".equals(stepState(browser, "farewell")));
        assertEquals("skipped", stepState(browser, "after"));
        assertEquals("completed", sequence(id).get("state").asText());

        browser.click("sequence-delete");
        browser.click("confirm-yes");
        browser.byTestId("sequences-table");
        assertEquals(404, rig.api.call("GET", "/sequences/" + id, null).statusCode(), "deleted");
    }

    @Test
    void pauseNowThenResumeThenHaltAfterConfirming() throws Exception {
        String id = started(LONG);
        Browser browser = rig.signInAs("operator");
        browser.go("/orrery/#/sequences/" + id);
        browser.click("sequence-pause-now");
        browser.await(20, d -> "paused".equals(browser.byTestId("view-sequences").getAttribute("data-state")));
        assertEquals("paused", sequence(id).get("state").asText());
        browser.click("sequence-resume");
        browser.await(20, d -> "running".equals(browser.byTestId("view-sequences").getAttribute("data-state")));
        browser.click("sequence-halt");
        browser.click("confirm-yes");
        browser.await(20, d -> "halted".equals(browser.byTestId("view-sequences").getAttribute("data-state")));
        browser.await(10, d -> "skipped".equals(stepState(browser, "farewell"))); // a halt runs not even the end steps
    }

    @Test
    void anInvalidYamlDocumentShowsItsProblemAtItsLine() throws Exception {
        Browser browser = rig.signInAs("operator");
        browser.go("/orrery/#/sequences");
        WebElement text = browser.byTestId("document-text");
        text.sendKeys("name: broken\nmain:\n  - type: wait\n    id: pause\n    seconds: -5\n");
        browser.click("document-validate");
        WebElement bad = browser.byTestId("document-line-bad");
        assertEquals("5", bad.getAttribute("data-line"), "the line of `seconds: -5` is marked");
        assertTrue(bad.getText().contains("seconds: -5"), bad.getText());
        assertEquals(1, browser.allByTestId("document-line-bad").size());
        WebElement listed = browser.byTestId("document-problem");
        assertTrue(listed.getText().contains("line 5") && listed.getText().contains("/main/0/seconds"), listed.getText());
        browser.screenshot("sequences-desktop-day");

        browser.click("document-convert");
        browser.await(10, d -> text.getAttribute("value").trim().startsWith("{"));
        assertTrue(text.getAttribute("value").contains("\"seconds\""), "converted to JSON: " + text.getAttribute("value"));
    }

    @Test
    void aDocumentFromAFileIsCreatedAndStarted() throws Exception {
        Path file = Files.createTempFile("from-a-file-", ".yaml");
        try {
            Files.writeString(file, "name: from a file\nmain:\n  - type: wait\n    id: short\n    seconds: 1\n");
            Browser browser = rig.signInAs("operator");
            browser.go("/orrery/#/sequences");
            browser.byTestId("document-file").sendKeys(file.toString());
            browser.await(10, d -> browser.byTestId("document-text").getAttribute("value").contains("from a file"));
            browser.click("document-create-start");
            browser.await(10, d -> d.getCurrentUrl().contains("#/sequences/"));
            browser.await(30, d -> "completed".equals(browser.byTestId("view-sequences").getAttribute("data-state")));
            assertEquals("from a file", browser.byTestId("sequence-title").getText());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void aViewerSeesNoControlsAndAForgedPostIsRefused() throws Exception {
        String id = started(LONG);
        Browser browser = rig.signInAs("viewer");
        browser.go("/orrery/#/sequences/" + id);
        browser.await(20, d -> !d.findElements(By.cssSelector("[data-step-id='long_wait'][data-state='running']")).isEmpty());
        for (String control : new String[] {"sequence-pause", "sequence-pause-now", "sequence-stop", "sequence-skip-to-end",
                "sequence-halt"}) {
            List<WebElement> found = browser.allByTestId(control);
            assertEquals(1, found.size(), control + " is on the page for an operator");
            assertTrue(!found.get(0).isDisplayed(), control + " is hidden from a viewer");
        }
        browser.go("/orrery/#/sequences");
        browser.byTestId("document-validate");
        assertTrue(!browser.byTestId("view-sequences").findElement(Browser.testId("template-start")).isDisplayed(),
                "no template form for a viewer");
        assertTrue(!browser.driver.findElement(Browser.testId("document-create-start")).isDisplayed());

        Object status = browser.driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const token = JSON.parse(sessionStorage.getItem('orrery.session')).token;
                fetch('/api/v1/sequences/' + arguments[0] + '/halt', {method: 'POST', headers: {Authorization: 'Bearer ' + token}})
                    .then(r => done(r.status), e => done(String(e)));""", id);
        assertEquals(403L, status, "the server refuses what the page hides");
        assertEquals("running", sequence(id).get("state").asText());
        rig.api.ok(rig.api.call("POST", "/sequences/" + id + "/halt", null));
    }

    /** The state the page shows of a step (read in one script: the tree is redrawn as events arrive). */
    private static Object stepState(Browser browser, String stepId) {
        return browser.script("const s = document.querySelector(\"[data-step-id='\" + arguments[0] + \"']\"); return s && s.dataset.state;",
                stepId);
    }

    private static void type(WebElement field, String value) {
        field.clear();
        field.sendKeys(value);
    }

    private String started(String document) {
        HttpResponse<String> made = rig.api.call("POST", "/sequences?start=true", document);
        assertEquals(201, made.statusCode(), made.body());
        return InstrumentApi.json(made).get("id").asText();
    }

    private JsonNode sequence(String id) {
        return rig.api.ok(rig.api.call("GET", "/sequences/" + id, null));
    }
}
