package org.orrery.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ImageFileNamesTest {

    @Test
    void fileNamesAreLettersDigitsDotsUnderscoresAndDashesWithoutDotDot() {
        for (String ok : new String[] {"M42_1a2b3c4d_001.fits", "x_y-z_001-2.png", "-a", "_", "a.b.c"}) {
            assertTrue(ImageFileNames.isFileName(ok), ok);
        }
        for (String bad : new String[] {"", ".hidden", "x_.._y_001.png", "a+b.fits", "a/b", "a b", "..", "é.fits",
                "a".repeat(201), null}) {
            assertFalse(ImageFileNames.isFileName(bad), bad);
        }
        assertTrue(ImageFileNames.isFileName("a".repeat(200)));
    }

    @Test
    void imagePathsAreADateFolderAndAFileName() {
        assertTrue(ImageFileNames.isImagePath("2026-12-04/M42_1a2b3c4d_001.fits"));
        for (String bad : new String[] {"2026-12-04", "2026-12-04/", "x/y.fits", "2026-12-04/a/b.fits", "/2026-12-04/a",
                "2026-12-04/../users.json", null}) {
            assertFalse(ImageFileNames.isImagePath(bad), bad);
        }
    }

    @Test
    void partsJoinedByUnderscoreAreAlwaysFileNames() {
        String[] texts = {"x/../y+z", "..", ".hidden", "M 42", "ü€", "", "-", "___", "a".repeat(300), "+.+"};
        for (String a : texts) {
            for (String b : texts) {
                String name = ImageFileNames.part(a, 48, "frame") + "_" + ImageFileNames.part(b, 40, "task") + "_001.fits";
                assertTrue(ImageFileNames.isFileName(name), a + " / " + b + " gave " + name);
            }
        }
        assertEquals("x_y_z", ImageFileNames.part("x/../y+z", 48, "f"));
        assertEquals("f", ImageFileNames.part("..", 48, "f"));
        assertEquals("ab", ImageFileNames.part("ab_cd", 3, "f"));
    }
}
