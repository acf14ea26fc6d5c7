package org.orrery.web.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.orrery.security.Role;
import org.orrery.image.ImageFileNames;

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
    void contentTypesFollowTheExtension() {
        assertEquals("application/fits", ImagesServlet.contentType("a.fits"));
        assertEquals("image/png", ImagesServlet.contentType("a.PNG"));
        assertEquals("application/octet-stream", ImagesServlet.contentType("a.txt"));
    }
}
