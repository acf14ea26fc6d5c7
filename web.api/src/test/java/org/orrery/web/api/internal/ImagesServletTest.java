package org.orrery.web.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.security.Role;
import org.orrery.image.ImageFileNames;

import com.fasterxml.jackson.databind.JsonNode;

class ImagesServletTest {

    private final ImagesServlet servlet = new ImagesServlet(Path.of("/home/orrery/data/images"));

    @Test
    void aDateFolderAndAFileNameResolveInsideTheImagesFolder() {
        assertEquals(Path.of("/home/orrery/data/images/2026-11-23/M42_1a2b3c4d_001.fits"),
                servlet.resolve("2026-11-23/M42_1a2b3c4d_001.fits"));
    }

    @Test
    void namesThatCouldLeaveTheFolderOrAreNotImagesAreRefused() {
        for (String name : new String[] { "../etc/passwd", "2026-11-23/../../users.json", "2026-11-23/.hidden",
                "2026-11-23", "2026-11-23/sub/x.fits", "/etc/passwd", "2026-11-23/a..fits", "x/y.fits", "" }) {
            assertNull(servlet.resolve(name), name);
        }
    }

    @Test
    void aMissingImageIsA404ThatDoesNotShowTheServersPath() throws Exception {
        FakeHttp http = new FakeHttp();
        servlet.doGet(FakeHttp.request("GET", "/2026-11-23/none.fits", Role.VIEWER), http.response());
        assertEquals(404, http.status);
        assertTrue(http.body().contains("no image '2026-11-23/none.fits' under data/images/"), http.body());
        assertFalse(http.body().contains("/home/orrery"), http.body());
    }

    @Test
    void theRouteServesExactlyTheNamesOfTheOneRule() {
        for (String name : new String[] {"2026-12-04/x_y_z_1dd21d35_001.fits", "2026-12-04/M42_coll_x-1a2b3c4d_001-2.png",
                "2026-12-04/x_.._y_001.png", "2026-12-04/x_y+z_001.png", "2026-12-04/.orrery-1.part", "2026-12-04/-a"}) {
            assertEquals(ImageFileNames.isImagePath(name), servlet.resolve(name) != null, name);
        }
        assertNotNull(servlet.resolve("2026-12-04/x_y_z_1dd21d35_001.fits"), "a name the writer makes");
    }

    @Test
    void theHeaderRouteGivesTheCardsOfAFitsFileAsJson(@TempDir Path folder) throws Exception {
        Files.createDirectories(folder.resolve("2026-12-05"));
        Files.write(folder.resolve("2026-12-05/M42_1a2b3c4d_001.fits"), FitsHeaderReaderTest.fits(2, FitsHeaderReaderTest.CARDS));
        FakeHttp http = get(folder, "/2026-12-05/M42_1a2b3c4d_001.fits/header");
        assertEquals(200, http.status, http.body());
        assertEquals("application/json", http.headers.get("Content-Type"));
        JsonNode body = ApiJson.MAPPER.readTree(http.body());
        assertEquals("2026-12-05/M42_1a2b3c4d_001.fits", body.path("file").asText());
        assertEquals(FitsHeaderReaderTest.CARDS.length, body.path("cards").size());
        JsonNode object = body.path("cards").get(3);
        assertEquals("OBJECT", object.path("key").asText());
        assertEquals("M 42 'Orion'", object.path("value").asText());
        assertEquals("the target", object.path("comment").asText());
        assertTrue(body.path("cards").get(0).path("value").isBoolean());
        assertTrue(body.path("cards").get(5).path("value").isNumber(), "EXPTIME: " + body.path("cards").get(5));
    }

    @Test
    void theHeaderOfWhatIsNotAFitsImageIsRefusedNamingIt(@TempDir Path folder) throws Exception {
        Files.createDirectories(folder.resolve("2026-12-05"));
        Files.write(folder.resolve("2026-12-05/x_001.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        Files.write(folder.resolve("2026-12-05/fake_001.fits"), "not a FITS file at all".getBytes(StandardCharsets.US_ASCII));

        FakeHttp png = get(folder, "/2026-12-05/x_001.png/header");
        assertEquals(400, png.status);
        assertTrue(png.body().contains("headers are read from a FITS image (.fits, .fit or .fts)")
                && png.body().contains("found '2026-12-05/x_001.png'"), png.body());

        FakeHttp fake = get(folder, "/2026-12-05/fake_001.fits/header");
        assertEquals(422, fake.status);
        assertTrue(fake.body().contains("'2026-12-05/fake_001.fits' under data/images/ is not a FITS file: it does not"
                + " begin with the card SIMPLE = T (found 'not a FITS')"), fake.body());
        assertFalse(fake.body().contains(folder.toString()), "the server's path is not shown");

        FakeHttp missing = get(folder, "/2026-12-05/none_001.fits/header");
        assertEquals(404, missing.status);
        assertTrue(missing.body().contains("no image '2026-12-05/none_001.fits' under data/images/"), missing.body());

        FakeHttp outside = get(folder, "/2026-12-05/../../users.json/header");
        assertEquals(400, outside.status);
        assertTrue(outside.body().contains("found '2026-12-05/../../users.json/header'"), outside.body());
    }

    private static FakeHttp get(Path folder, String pathInfo) throws Exception {
        FakeHttp http = new FakeHttp();
        new ImagesServlet(folder).doGet(FakeHttp.request("GET", pathInfo, Role.VIEWER), http.response());
        return http;
    }

    @Test
    void contentTypesFollowTheExtension() {
        assertEquals("application/fits", ImagesServlet.contentType("a.fits"));
        assertEquals("image/png", ImagesServlet.contentType("a.PNG"));
        assertEquals("application/octet-stream", ImagesServlet.contentType("a.txt"));
    }
}
