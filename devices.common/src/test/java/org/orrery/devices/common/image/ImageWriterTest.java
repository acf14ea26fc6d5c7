package org.orrery.devices.common.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.device.ExposureSettings;
import org.orrery.device.Frame;
import org.orrery.device.FrameType;
import org.orrery.device.Mount;
import org.orrery.devices.common.action.Fakes;

import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.Header;

class ImageWriterTest {

    @TempDir
    Path dir;

    static Frame frame(int w, int h, int[] pixels, Map<String, Object> headers) {
        return new Frame(w, h, 16, pixels, Instant.parse("2024-03-05T21:30:15.250Z"),
                new ExposureSettings(30, FrameType.LIGHT, 2, 2, 120.0, 30), headers);
    }

    static FitsHeaders.Observation observation() {
        return new FitsHeaders.Observation("M 42", "CCD Simulator", "Telescope Simulator", -9.5, 3.76, "Ha", 31500,
                11.25, 5.5883, -5.391, new Mount.Site(52.5, -13.25, 35), List.of());
    }

    @Test
    void writesAFitsFileThatFitsverifyAcceptsAndReadsBackTheSamePixelsAndHeaders() throws Exception {
        int w = 37;
        int h = 23; // odd sizes: rows and columns cannot be swapped unnoticed
        int[] pixels = new int[w * h];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (i * 2_654_435_761L % 65_536 < 0 ? 0 : (int) (i * 2_654_435_761L % 65_536));
        }
        pixels[0] = 0;
        pixels[1] = 65_535;
        pixels[2] = 32_768;
        pixels[3] = 32_767;
        Frame frame = frame(w, h, pixels, Map.of("PIXSIZE1", 7.52, "CCD-TEMP", -10.25, "bad key!", "x",
                "OBJECT", "Unknown", "FILTER", "Red", "EQUINOX", 2000.0));
        Path fits = dir.resolve("a/b/frame.fits");
        Path png = dir.resolve("a/b/frame.png");

        ImageWriter.Written written = ImageWriter.write(frame,
                FitsHeaders.cards(frame, observation(), Instant.parse("2024-03-05T21:31:00Z")), dir, dir.resolve("a/b"),
                "frame", 2048, null);

        assertEquals(fits, written.fits());
        assertEquals(png, written.png());
        try (var left = Files.list(dir.resolve("a/b"))) {
            assertEquals(List.of("frame.fits", "frame.png"), left.map(p -> p.getFileName().toString()).sorted().toList(),
                    "the part files are gone");
        }
        FitsVerify.Report report = FitsVerify.assertNoErrors(fits);
        assertEquals(0, report.warnings(), report.full());

        try (Fits read = new Fits(fits.toFile())) {
            BasicHDU<?> hdu = read.readHDU();
            Header header = hdu.getHeader();
            assertEquals(16, header.getIntValue("BITPIX"));
            assertEquals(2, header.getIntValue("NAXIS"));
            assertEquals(w, header.getIntValue("NAXIS1"));
            assertEquals(h, header.getIntValue("NAXIS2"));
            assertEquals(32768.0, header.getDoubleValue("BZERO"));
            assertEquals(1.0, header.getDoubleValue("BSCALE"));
            short[][] raw = (short[][]) hdu.getKernel();
            int[] back = new int[w * h];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    back[y * w + x] = raw[y][x] + 32768;
                }
            }
            assertArrayEquals(pixels, back);

            assertEquals("2024-03-05T21:30:15.250", header.getStringValue("DATE-OBS"));
            assertEquals(30.0, header.getDoubleValue("EXPTIME"));
            assertEquals("Light Frame", header.getStringValue("IMAGETYP"));
            assertEquals("M 42", header.getStringValue("OBJECT"));
            assertEquals(2, header.getIntValue("XBINNING"));
            assertEquals(2, header.getIntValue("YBINNING"));
            assertEquals(120.0, header.getDoubleValue("GAIN"));
            assertEquals(30, header.getIntValue("OFFSET"));
            assertEquals(-10.25, header.getDoubleValue("CCD-TEMP"), "the driver's own value wins");
            assertEquals(7.52, header.getDoubleValue("PIXSIZE1"), "the driver's extra header is kept");
            assertEquals(7.52, header.getDoubleValue("XPIXSZ"), 1e-9);
            assertEquals("Ha", header.getStringValue("FILTER"), "the wheel Orrery used, not the one the driver watches");
            assertEquals(null, header.getStringValue("EQUINOX"), "no J2000 equinox beside the mount's JNow coordinates");
            assertEquals(31500, header.getIntValue("FOCUSPOS"));
            assertEquals(5.5883 * 15, header.getDoubleValue("RA"), 1e-9);
            assertEquals(-5.391, header.getDoubleValue("DEC"), 1e-9);
            assertEquals("05 35 17.88", header.getStringValue("OBJCTRA"));
            assertEquals("-05 23 27.6", header.getStringValue("OBJCTDEC"));
            assertEquals(52.5, header.getDoubleValue("SITELAT"));
            assertEquals(-13.25, header.getDoubleValue("SITELONG"));
            assertEquals("CCD Simulator", header.getStringValue("INSTRUME"));
            assertEquals("Telescope Simulator", header.getStringValue("TELESCOP"));
            assertEquals("TOP-DOWN", header.getStringValue("ROWORDER"));
            assertNotNull(header.getStringValue("CHECKSUM"));
            assertFalse(header.containsKey("BAD KEY!"));
        }

        BufferedImage preview = ImageIO.read(png.toFile());
        assertEquals(w, preview.getWidth());
        assertEquals(h, preview.getHeight());
    }

    /** DATASUM is summed by ImageWriter itself over whole 4-byte words: an odd pixel count ends in half a word. */
    @Test
    void theChecksumsOfAFrameWithAnOddPixelCountAreRight() throws Exception {
        int[] pixels = Fakes.FakeCamera.pixels(Fakes.Image.NOISE, 5, 3);
        Frame frame = new Frame(5, 3, 16, pixels, Instant.now(), ExposureSettings.light(0.001), null);
        Path fits = dir.resolve("odd.fits");
        ImageWriter.writeFits(frame, FitsHeaders.cards(frame, FitsHeaders.Observation.none(), Instant.now()), fits);
        FitsVerify.Report report = FitsVerify.assertNoErrors(fits);
        assertEquals(0, report.warnings(), "fitsverify checks CHECKSUM and DATASUM (a mismatch is a warning): "
                + report.full());
    }

    @Test
    void aFrameWithFewHeadersIsStillValid() throws Exception {
        int[] pixels = Fakes.FakeCamera.pixels(Fakes.Image.NOISE, 16, 8);
        Frame frame = new Frame(16, 8, 12, pixels, Instant.now(), ExposureSettings.light(0.001), null);
        Path fits = dir.resolve("plain.fits");
        ImageWriter.writeFits(frame, FitsHeaders.cards(frame, FitsHeaders.Observation.none(), Instant.now()), fits);
        FitsVerify.Report report = FitsVerify.assertNoErrors(fits);
        assertEquals(0, report.warnings(), report.full());
    }

    @Test
    void fitsverifyReallyCountsErrors() throws Exception {
        Path broken = dir.resolve("broken.fits");
        Files.write(broken, "SIMPLE  = F / not a FITS file at all".getBytes());
        FitsVerify.Report report = FitsVerify.check(broken);
        assertTrue(report.errors() > 0, report.full());
    }

    @Test
    void thePreviewPutsTheMedianNearQuarterGreyAndKeepsTheBrightestWhite() throws Exception {
        int w = 100;
        int h = 50;
        int[] pixels = new int[w * h];
        java.util.Random random = new java.util.Random(1);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = 2000 + (int) Math.round(random.nextGaussian() * 30);
        }
        pixels[w * 25 + 50] = 60000; // a star
        Frame frame = frame(w, h, pixels, Map.of());
        FrameStatistics stats = FrameStatistics.of(pixels);
        int[] lut = ImageWriter.stretch(stats, 65535);
        assertEquals(64, lut[stats.median()], 3, "median maps to 25% grey");
        assertEquals(255, lut[60000]);
        assertEquals(0, lut[stats.min()]);

        Path png = dir.resolve("p.png");
        ImageWriter.writePng(frame, stats, png, 2048);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(255, image.getRaster().getSample(50, 25, 0));
    }

    @Test
    void largeFramesAreBinnedDownForThePreview() throws Exception {
        int[] pixels = Fakes.FakeCamera.pixels(Fakes.Image.NOISE, 300, 200);
        Frame frame = frame(300, 200, pixels, Map.of());
        Path png = dir.resolve("small.png");
        ImageWriter.writePng(frame, FrameStatistics.of(pixels), png, 100);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(100, image.getWidth());
        assertEquals(66, image.getHeight());
    }

    @Test
    void aSecondFrameUnderTheSameNameTakesTheNextFreeNameAndTheFirstStays() throws Exception {
        Frame first = frame(4, 2, new int[] {1, 2, 3, 4, 5, 6, 7, 8}, Map.of());
        Frame second = frame(4, 2, new int[] {8, 7, 6, 5, 4, 3, 2, 1}, Map.of());
        Path folder = dir.resolve("2026-12-04");
        ImageWriter.Written a = ImageWriter.write(first, FitsHeaders.cards(first, FitsHeaders.Observation.none(),
                Instant.now()), dir, folder, "M42_coll_x_001", 2048, null);
        byte[] bytes = Files.readAllBytes(a.fits());
        ImageWriter.Written b = ImageWriter.write(second, FitsHeaders.cards(second, FitsHeaders.Observation.none(),
                Instant.now()), dir, folder, "M42_coll_x_001", 2048, null);
        assertEquals(folder.resolve("M42_coll_x_001-2.fits"), b.fits());
        assertEquals(folder.resolve("M42_coll_x_001-2.png"), b.png());
        assertArrayEquals(bytes, Files.readAllBytes(a.fits()), "the first frame is untouched");
        assertThrows(java.nio.file.FileAlreadyExistsException.class,
                () -> ImageWriter.writeFits(second, List.of(), a.fits()), "writing never replaces a frame");
        assertArrayEquals(bytes, Files.readAllBytes(a.fits()));
    }

    @Test
    void filesAreTheOwnersOnlyAndSoAreTheFolders() throws Exception {
        Frame frame = frame(4, 2, new int[] {1, 2, 3, 4, 5, 6, 7, 8}, Map.of());
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        ImageWriter.Written w = ImageWriter.write(frame, FitsHeaders.cards(frame, FitsHeaders.Observation.none(),
                Instant.now()), dir, dir.resolve("2026-12-04"), "x", 2048, null);
        for (Path file : List.of(w.fits(), w.png())) {
            assertEquals("rw-------", perms(file), file.toString());
        }
        assertEquals("rwx------", perms(dir.resolve("2026-12-04")));
        assertEquals("rwx------", perms(dir), "the images folder too");
    }

    private static String perms(Path p) throws java.io.IOException {
        return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
