package org.orrery.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.WebElement;

/**
 * The dashboard's look on every page, whatever the pages hold: the views are taken from the
 * navigation the signed-in admin sees (so a view added later is checked too), plus the sign-in
 * page. For each, in the day and the red theme, on a desktop and a phone-sized window: the red
 * theme's screenshot has no pixel with more green or blue than red, a phone-sized window does not
 * scroll sideways, and every visible button, link, field and list is at least 48 px tall. The
 * screenshots are kept as {@code <view>-<desktop|phone>-<day|red>.png} under
 * {@code target/screenshots/}.
 */
@Tag("browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LookBrowserIT {

    static final int MIN_TARGET = 48;
    static final String[] THEMES = {"day", "red"};

    DashboardRig rig;

    @BeforeAll
    void start() throws Exception {
        rig = DashboardRig.start("look");
        // content for the pages: finished, failed and running tasks, a sequence, a camera frame
        rig.api.awaitEnd(rig.api.submit("{\"name\": \"look done\", \"action\": \"system.noop\"}").get("id").asText(),
                Duration.ofSeconds(20));
        rig.api.awaitEnd(rig.api.submit("{\"name\": \"look failed\", \"action\": \"system.fail\", \"parameters\":"
                + " {\"message\": \"failed on purpose\"}}").get("id").asText(), Duration.ofSeconds(20));
        rig.api.submit("{\"name\": \"look running\", \"action\": \"system.wait\", \"parameters\": {\"duration\": 3600}}");
        String frame = rig.api.submit("{\"name\": \"look frame\", \"action\": \"camera.expose\", \"parameters\":"
                + " {\"exposure\": 0.1, \"object\": \"LOOK\"}}").get("id").asText();
        assertEquals("completed", rig.api.awaitEnd(frame, Duration.ofSeconds(30)).get("status").asText(), "the frame");
        assertEquals(201, rig.api.call("POST", "/templates/BasicExposure/sequences?start=true", """
                {"targetName": "LOOKM42", "exposureTime": 0.2, "frameType": "light", "binning": 2, "gain": 100,
                 "offset": 10, "count": 2}""").statusCode());
        // a remote agent (played here over HTTP) running one task of its two slots
        rig.api.ok(rig.api.call("POST", "/agents", "{\"agent_id\": \"look-gpu\", \"agent_type\": \"gpu\", \"capabilities\":"
                + " [\"look_render\", \"code_review\"], \"concurrency\": 2, \"lease_seconds\": 3600}"));
        rig.api.submit("{\"name\": \"look render\", \"action\": \"look_render\", \"capability\": \"look_render\"}");
        assertEquals(1, rig.api.ok(rig.api.call("POST", "/agents/look-gpu/claim", "{\"max\": 1, \"wait_seconds\": 20}"))
                .path("tasks").size(), "the agent's task");
    }

    @AfterAll
    void stop() throws Exception {
        if (rig != null) {
            rig.close();
        }
    }

    /** The views as the navigation lists them for an admin (who sees every control). */
    List<String> views() {
        rig.browser.size(Browser.DESKTOP);
        rig.signInAs("admin");
        List<String> views = new ArrayList<>();
        for (WebElement link : rig.browser.driver.findElements(org.openqa.selenium.By.cssSelector("nav a[data-view]"))) {
            views.add(link.getAttribute("data-view"));
        }
        assertTrue(views.contains("live"), "the navigation lists the views: " + views);
        return views;
    }

    @TestFactory
    Stream<DynamicTest> everyViewInEveryThemeAndSize() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String view : views()) {
            for (String size : new String[] {"desktop", "phone"}) {
                for (String theme : THEMES) {
                    tests.add(DynamicTest.dynamicTest(view + "-" + size + "-" + theme, () -> check(view, size, theme)));
                }
            }
        }
        return tests.stream();
    }

    @Test
    void theSignInPage() throws IOException {
        for (String size : new String[] {"desktop", "phone"}) {
            for (String theme : THEMES) {
                rig.browser.size(size.equals("phone") ? Browser.PHONE : Browser.DESKTOP);
                rig.browser.go("/orrery/");
                rig.browser.script("sessionStorage.clear();");
                rig.browser.driver.navigate().refresh();
                rig.browser.byTestId("signin-user");
                rig.browser.theme(theme);
                // a field with a value and one with its focus ring: what a person sees while signing in
                rig.browser.byTestId("signin-user").sendKeys("someone");
                rig.browser.click("signin-password");
                looksRight("signin", size, theme);
            }
        }
    }

    /**
     * The chosen theme is on the page before the modules run (they are deferred: they run after
     * the document is "interactive"), so a person in the red theme never sees the day theme
     * flash while the page loads.
     */
    @Test
    void theChosenThemeIsSetBeforeTheModulesRun() {
        rig.browser.size(Browser.DESKTOP);
        rig.signInAs("admin");
        rig.browser.theme("red");
        Object id = rig.browser.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", java.util.Map.of("source",
                "document.addEventListener('readystatechange', () => { if (document.readyState === 'interactive')"
                        + " window.__themeWhenInteractive = document.documentElement.dataset.theme; });"))
                .get("identifier");
        try {
            rig.browser.driver.navigate().refresh();
            rig.browser.byTestId("nav");
            assertEquals("red", rig.browser.script("return window.__themeWhenInteractive"));
        } finally {
            rig.browser.driver.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument", java.util.Map.of("identifier", id));
        }
    }

    /** A modal dialog is in the top layer, above the red theme's overlay: it must be red by itself. */
    @Test
    void aDialogInTheRedThemeIsRedByItself() throws IOException {
        rig.browser.size(Browser.DESKTOP);
        rig.signInAs("admin");
        rig.browser.theme("red");
        rig.browser.script("""
                const d = document.createElement('dialog');
                d.dataset.testid = 'look-dialog';
                const p = document.createElement('p'); p.textContent = 'Stop the sequence now?';
                const input = document.createElement('input'); input.placeholder = 'a placeholder';
                const select = document.createElement('select'); select.append(new Option('one'), new Option('two'));
                const label = document.createElement('label'); const box = document.createElement('input');
                box.type = 'checkbox'; box.checked = true; label.append(box, 'checked');
                const file = document.createElement('input'); file.type = 'file';
                const actions = document.createElement('div'); actions.className = 'actions';
                const no = document.createElement('button'); no.textContent = 'Cancel';
                const yes = document.createElement('button'); yes.className = 'danger'; yes.textContent = 'Stop';
                actions.append(no, yes);
                d.append(p, input, select, label, file, actions);
                document.body.append(d);
                d.showModal();
                yes.focus();
                """);
        rig.browser.byTestId("look-dialog");
        try {
            Path shot = rig.browser.screenshot("dialog-desktop-red");
            assertOnlyRed(shot);
        } finally {
            rig.browser.script("document.querySelector('[data-testid=look-dialog]').remove();");
        }
    }

    /** The dashboard's own confirmation dialog and an error toast, in the red theme, desktop and phone. */
    @Test
    void theConfirmationDialogAndAToastInTheRedTheme() throws IOException {
        for (String size : new String[] {"desktop", "phone"}) {
            rig.browser.size(size.equals("phone") ? Browser.PHONE : Browser.DESKTOP);
            rig.signInAs("admin");
            rig.browser.theme("red");
            rig.browser.script("import('/orrery/js/app.js').then((app) => {"
                    + " app.toast('404 Not Found: no task abc', 'error');"
                    + " window.__answer = app.confirm('Halt the sequence now? Its running exposure is aborted.'); });");
            rig.browser.byTestId("confirm-dialog");
            rig.browser.byTestId("toast");
            try {
                looksRight("confirm", size, "red");
            } finally {
                rig.browser.click("confirm-no");
            }
            rig.browser.await(5, d -> rig.browser.allByTestId("confirm-dialog").isEmpty());
        }
    }

    private void check(String view, String size, String theme) throws IOException {
        rig.browser.size(size.equals("phone") ? Browser.PHONE : Browser.DESKTOP);
        if (rig.browser.allByTestId("nav").stream().noneMatch(WebElement::isDisplayed)) {
            rig.signInAs("admin");
        }
        // the theme chosen first, then the page loaded: as a person opens it at night (a chart drawn
        // before a theme change may follow it only at its next redraw)
        rig.browser.theme(theme);
        rig.browser.go("/orrery/#/" + view);
        rig.browser.driver.navigate().refresh();
        rig.browser.byTestId("view-" + view);
        settle();
        looksRight(view, size, theme);
    }

    /** The checks of one page in one theme and size; saves its screenshot. */
    private void looksRight(String page, String size, String theme) throws IOException {
        String name = page + "-" + size + "-" + theme;
        assertEquals(theme, rig.browser.script("return document.documentElement.dataset.theme"), name);
        Path shot = rig.browser.screenshot(name);
        if (theme.equals("red")) {
            assertOnlyRed(shot);
            @SuppressWarnings("unchecked")
            List<String> notRed = (List<String>) rig.browser.script(NOT_RED);
            assertTrue(notRed.isEmpty(), name + ": colours with green or blue in the red theme (the overlay hides them"
                    + " in a screenshot, not in a dialog): " + notRed);
        }
        if (size.equals("phone")) {
            assertFalse(rig.browser.scrollsHorizontally(), name + ": the page scrolls sideways ("
                    + rig.browser.script("return document.documentElement.scrollWidth") + " px wide in a "
                    + Browser.PHONE.width + " px window); widest: " + rig.browser.script(WIDEST));
        }
        @SuppressWarnings("unchecked")
        List<String> small = (List<String>) rig.browser.script(SMALL_TARGETS, MIN_TARGET);
        assertTrue(small.isEmpty(), name + ": touch targets under " + MIN_TARGET + " px: " + small);
    }

    /** Waits (at most 5 s) until the page has not changed for 300 ms: the view has drawn what it read. */
    private void settle() {
        rig.browser.driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        rig.browser.driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                let last = performance.now();
                const observer = new MutationObserver(() => { last = performance.now(); });
                observer.observe(document.body, {childList: true, subtree: true, characterData: true});
                const started = performance.now();
                (function check() {
                  const now = performance.now();
                  if (now - last >= 300 || now - started >= 5000) { observer.disconnect(); done(true); }
                  else setTimeout(check, 50);
                })();
                """);
    }

    /**
     * Fails naming the first pixel (scanning rows from the top) with more green or blue than red.
     */
    static void assertOnlyRed(Path png) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "not a PNG: " + png);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (g > r || b > r) {
                    fail(png.getFileName() + ": the pixel at (" + x + ", " + y + ") is " + String.format("#%02x%02x%02x", r, g, b)
                            + ", with more green or blue than red");
                }
            }
        }
    }

    /**
     * The elements whose own computed colours (text, background, borders, outline, SVG fill and
     * stroke) have any green or blue, described (at most 8): the red theme's colours are all
     * rgb(r, 0, 0), so only a literal colour in a rule or a style shows here.
     */
    static final String NOT_RED = """
            const out = [];
            const props = ['color', 'background-color', 'border-top-color', 'border-right-color', 'border-bottom-color',
              'border-left-color', 'outline-color', 'fill', 'stroke', 'text-decoration-color', 'caret-color'];
            const bad = (value) => {
              for (const m of value.matchAll(/rgba?\\(([^)]*)\\)/g)) {
                const [r, g, b, a] = m[1].split(/[ ,\\/]+/).map(Number);
                if (a === 0) continue;
                if (g > 0 || b > 0) return true;
              }
              return false;
            };
            for (const el of document.querySelectorAll('body *')) {
              if (!el.checkVisibility({checkVisibilityCSS: true})) continue;
              const style = getComputedStyle(el);
              for (const p of props) {
                const value = style.getPropertyValue(p);
                if (value && bad(value)) {
                  const cls = typeof el.className === 'string' && el.className ? '.' + el.className.trim().replace(/ +/g, '.') : '';
                  out.push(el.tagName.toLowerCase() + cls + (el.dataset.testid ? '[' + el.dataset.testid + ']' : '') + ' ' + p + ': ' + value);
                  break;
                }
              }
              if (out.length >= 8) break;
            }
            return out;
            """;

    /** Every visible control under the minimum height, described; a checkbox or radio counts by its label. */
    static final String SMALL_TARGETS = """
            const min = arguments[0];
            const out = [];
            for (const el of document.querySelectorAll('button, a[href], input:not([type=hidden]), select, textarea, summary')) {
              if (!el.checkVisibility({checkVisibilityCSS: true, checkOpacity: true})) continue;
              let target = el;
              if (el.matches('input[type=checkbox], input[type=radio]')) target = el.closest('label') || el;
              const r = target.getBoundingClientRect();
              if (r.width <= 1 || r.height <= 1) continue; // not drawn (a visually hidden field behind its label)
              if (r.height + 0.5 < min) {
                const id = el.dataset.testid ? '[data-testid=' + el.dataset.testid + ']' : '';
                const text = (el.textContent || el.value || el.name || '').trim().slice(0, 30);
                out.push(el.tagName.toLowerCase() + id + ' "' + text + '" ' + Math.round(r.height) + ' px');
              }
            }
            return out;
            """;

    /** The elements that reach past the window's right edge, for the message of a failure. */
    static final String WIDEST = """
            const out = [];
            const clipped = (el) => { // inside something that scrolls or clips sideways (the navigation, .table-wrap)
              for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
                if (getComputedStyle(a).overflowX !== 'visible') return true;
              }
              return false;
            };
            for (const el of document.body.querySelectorAll('*')) {
              const r = el.getBoundingClientRect();
              if (r.right > window.innerWidth + 0.5 && out.length < 5 && !clipped(el)) {
                out.push(el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).replace(/ /g, '.') : '')
                  + (el.dataset.testid ? '[' + el.dataset.testid + ']' : '') + ' right=' + Math.round(r.right));
              }
            }
            return out.join(', ');
            """;
}
