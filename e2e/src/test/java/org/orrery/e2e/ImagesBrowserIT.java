package org.orrery.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Images page in a real browser against the real runtime jar: frames the simulated camera
 * takes (camera.expose submitted through the API) appear without a reload as the preview with
 * its HFR and FITS headers, in the gallery and as points of the HFR chart; a frame picked in the
 * gallery is shown until the person asks for the newest again.
 */
@Tag("browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImagesBrowserIT {

    DashboardRig rig;

    @BeforeAll
    void start() throws Exception {
        rig = DashboardRig.start("images");
    }

    @AfterAll
    void stop() throws Exception {
        if (rig != null) {
            rig.close();
        }
    }

    /**
     * Opens the Images page signed in as a viewer, with the event stream open and the night's
     * frames read (the frames of this class's earlier tests: a gallery counted before that would
     * grow by them); marks the page to see it is not reloaded.
     */
    private void openImages() {
        rig.signInAs("viewer");
        rig.browser.go("/orrery/#/images");
        rig.browser.byTestId("view-images");
        rig.browser.await(15, d -> "open".equals(rig.browser.byTestId("stream-state").getAttribute("data-state")));
        rig.browser.await(30, d -> "true".equals(rig.browser.byTestId("view-images").getAttribute("data-loaded")));
        rig.browser.script("window.notReloaded = true;");
    }

    private JsonNode expose(String object, int count) {
        String id = rig.api.submit("{\"action\": \"camera.expose\", \"parameters\": {\"exposure\": 1, \"count\": " + count
                + ", \"object\": \"" + object + "\"}}").get("id").asText();
        JsonNode task = rig.api.awaitEnd(id, Duration.ofSeconds(90));
        assertEquals("completed", task.path("status").asText(), task.toString());
        return task;
    }

    @SuppressWarnings("unchecked")
    private List<String> galleryKeys() {
        return (List<String>) rig.browser.script(
                "return [...document.querySelectorAll(\"[data-testid='gallery-item']\")].map(e => e.dataset.key);");
    }

    /** No pixel of the screenshot has more green or blue than red (the red theme, the frames included). */
    static void assertOnlyRed(Path screenshot) throws IOException {
        BufferedImage image = ImageIO.read(screenshot.toFile());
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                assertTrue(g <= r && b <= r, "pixel " + x + "," + y + " of " + screenshot + " is " + Integer.toHexString(rgb));
            }
        }
    }

    /** The shown frame's API path ("/images/<date>/<file>"), or null before one is shown (read at once: the facts are redrawn). */
    private String shownFile() {
        Object file = rig.browser.script("const f = document.querySelector(\"[data-testid='frame'] [data-testid='frame-file']\");"
                + " return f && f.offsetParent !== null ? f.textContent : null;");
        return file == null ? null : "/images/" + file;
    }

    /** The value of the shown frame's FITS header card {@code key}, or null. */
    private String card(String key) {
        return (String) rig.browser.script("const row = document.querySelector(\"[data-testid='fits-card'][data-key='\" + arguments[0]"
                + " + \"']\"); return row ? row.querySelector('td').textContent : null;", key);
    }

    @Test
    void aNewFrameShowsWithItsHfrAndHeadersInTheGalleryAndOnTheChartWithoutAReload() throws Exception {
        openImages();
        int before = galleryKeys().size();
        JsonNode task = expose("M 42", 2);
        JsonNode frames = task.at("/result/frames");
        JsonNode last = frames.get(1);
        String lastFits = "/images/" + last.path("fits").asText().substring("data/images/".length());

        rig.browser.await(30, d -> lastFits.equals(shownFile()));
        rig.browser.await(30, d -> (Boolean) rig.browser.script(
                "const i = document.querySelector(\"[data-testid='frame-preview']\"); return i.complete && i.naturalWidth > 0;"));
        assertTrue(((String) rig.browser.script("return document.querySelector(\"[data-testid='frame-preview']\").src"))
                .startsWith("blob:"), "the preview is fetched with the token, shown from an object URL");
        assertTrue(last.path("hfr").isNumber(), "the simulated camera's frame has stars: " + last);
        assertEquals(String.format(Locale.ROOT, "%.2f px", last.path("hfr").asDouble()), rig.browser.byTestId("frame-hfr").getText());
        assertEquals(last.path("stars").asText(), rig.browser.byTestId("frame-stars").getText());
        assertEquals(last.path("width").asInt() + " × " + last.path("height").asInt() + " px",
                rig.browser.byTestId("frame-size").getText());

        rig.browser.await(15, d -> card("DATE-OBS") != null);
        assertEquals("M 42", card("OBJECT"));
        assertTrue(last.path("date_obs").asText().startsWith(card("DATE-OBS")), card("DATE-OBS") + " vs " + last);
        assertEquals(last.path("hfr").asDouble(), Double.parseDouble(card("HFR")), 1e-9);

        rig.browser.await(15, d -> galleryKeys().size() == before + 2);
        List<String> keys = galleryKeys();
        assertEquals(lastFits, keys.get(0), "newest first");
        assertEquals("/images/" + frames.get(0).path("fits").asText().substring("data/images/".length()), keys.get(1));
        rig.browser.await(15, d -> (Boolean) rig.browser.script("return [...document.querySelectorAll("
                + "\"[data-testid='gallery-item'] img\")].slice(0, 2).every(i => i.complete && i.naturalWidth > 0);"));
        assertEquals(Integer.toString(before + 2), rig.browser.byTestId("hfr-chart").getAttribute("data-points"),
                "a point per measured frame");
        assertEquals(Boolean.TRUE, rig.browser.script("return document.querySelector(\"[data-testid='hfr-chart'] .uplot canvas\") !== null;"),
                "uPlot drew the chart");
        assertEquals(Boolean.TRUE, rig.browser.script("return window.notReloaded === true;"), "no reload");
        rig.browser.screenshot("images-desktop-day");
        String dayStroke = rig.browser.byTestId("hfr-chart").getAttribute("data-stroke");
        assertOnlyRed(rig.browser.theme("red").screenshot("images-desktop-red"));
        rig.browser.await(10, d -> "#ff0000".equals(rig.browser.byTestId("hfr-chart").getAttribute("data-stroke")));
        rig.browser.theme("day");
        rig.browser.await(10, d -> dayStroke.equals(rig.browser.byTestId("hfr-chart").getAttribute("data-stroke")));
        assertEquals("#1f5fbf", dayStroke, "the day theme's accent");
        rig.browser.script("document.querySelector(\"[data-testid='hfr-chart']\").scrollIntoView();");
        rig.browser.screenshot("images-desktop-day-chart");
        rig.browser.size(Browser.PHONE);
        rig.browser.await(10, d -> !rig.browser.scrollsHorizontally());
        rig.browser.script("window.scrollTo(0, 0);");
        rig.browser.screenshot("images-phone-day");
        rig.browser.size(Browser.DESKTOP);

        HttpResponse<String> header = rig.api.call("GET", lastFits + "/header", null);
        assertEquals(200, header.statusCode(), header.body());
        HttpResponse<String> png = rig.api.call("GET", "/images/" + last.path("png").asText().substring("data/images/".length())
                + "/header", null);
        assertEquals(400, png.statusCode(), png.body());
        assertTrue(png.body().contains("headers are read from a FITS image"), png.body());
    }

    @Test
    void aFramePickedInTheGalleryStaysShownUntilTheNewestIsAskedFor() {
        openImages();
        JsonNode first = expose("NGC 7000", 1);
        String firstFits = "/images/" + first.at("/result/frames/0/fits").asText().substring("data/images/".length());
        rig.browser.await(30, d -> galleryKeys().contains(firstFits));
        JsonNode second = expose("M 31", 1);
        String secondFits = "/images/" + second.at("/result/frames/0/fits").asText().substring("data/images/".length());
        rig.browser.await(30, d -> secondFits.equals(shownFile()));

        rig.browser.allByTestId("gallery-item").stream().filter(e -> firstFits.equals(e.getAttribute("data-key")))
                .findFirst().orElseThrow().click();
        rig.browser.await(10, d -> firstFits.equals(shownFile()));
        rig.browser.await(15, d -> "NGC 7000".equals(card("OBJECT")));
        assertEquals("Chosen frame", rig.browser.byTestId("frame-title").getText());

        JsonNode third = expose("M 33", 1);
        String thirdFits = "/images/" + third.at("/result/frames/0/fits").asText().substring("data/images/".length());
        rig.browser.await(30, d -> galleryKeys().contains(thirdFits));
        assertEquals(firstFits, shownFile(), "the chosen frame stays");

        rig.browser.click("frame-latest");
        rig.browser.await(10, d -> thirdFits.equals(shownFile()));
        rig.browser.await(15, d -> "M 33".equals(card("OBJECT")));
        assertEquals("Last frame", rig.browser.byTestId("frame-title").getText());
        assertEquals(Boolean.TRUE, rig.browser.script("return window.notReloaded === true;"), "no reload");
    }

    @Test
    void eachFrameOfASeriesShowsWhenItIsWrittenBeforeTheTaskEnds() {
        openImages();
        int before = galleryKeys().size();
        String id = rig.api.submit("{\"action\": \"camera.expose\", \"parameters\": {\"exposure\": 5, \"count\": 2,"
                + " \"object\": \"IC 434\"}}").get("id").asText();
        rig.browser.await(60, d -> galleryKeys().size() == before + 1);
        assertEquals("running", rig.api.ok(rig.api.call("GET", "/tasks/" + id, null)).path("status").asText(),
                "the first frame came from the running task's checkpoint");
        rig.browser.await(15, d -> "IC 434".equals(card("OBJECT")));
        JsonNode task = rig.api.awaitEnd(id, Duration.ofSeconds(60));
        String second = "/images/" + task.at("/result/frames/1/fits").asText().substring("data/images/".length());
        rig.browser.await(30, d -> second.equals(shownFile()));
        assertEquals(before + 2, galleryKeys().size());
    }
}
