package org.orrery.web.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

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
    void contentTypesFollowTheExtension() {
        assertEquals("application/fits", ImagesServlet.contentType("a.fits"));
        assertEquals("image/png", ImagesServlet.contentType("a.PNG"));
        assertEquals("application/octet-stream", ImagesServlet.contentType("a.txt"));
    }
}
