package org.orrery.devices.common.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.device.Frame;
import org.orrery.devices.common.action.FrameDestination;
import org.orrery.files.Compression;
import org.orrery.files.WriteOptions;

class StoredFramesTest {

    @TempDir
    Path dir;

    private final MemoryFileStore store = new MemoryFileStore();

    private static Frame frame() {
        int w = 37;
        int h = 23;
        int[] pixels = new int[w * h];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = 1000 + (i * 7919) % 20_000;
        }
        return ImageWriterTest.frame(w, h, pixels, Map.of());
    }

    @Test
    void aGzipFrameGoesUnderItsDateAsFitsGzWithItsPreviewAndTheSameBytesAsAFitsFile() throws Exception {
        Frame frame = frame();
        List<FitsHeaders.Card> cards = FitsHeaders.cards(frame, ImageWriterTest.observation(), Instant.EPOCH);
        List<String> announced = new ArrayList<>();
        StoredFrames.Written w = StoredFrames.write(store, FrameDestination.files(Compression.GZIP, false), frame, cards,
                null, 2048, "M42_1a2b3c4d_001", (f, p) -> announced.add(f + " " + p));

        assertEquals("frames/2024-03-05/M42_1a2b3c4d_001.fits.gz", w.fits());
        assertEquals("frames/2024-03-05/M42_1a2b3c4d_001.png", w.png());
        assertEquals(List.of(w.fits() + " " + w.png()), announced, "announced before written");
        assertEquals(new WriteOptions(Compression.GZIP, false, false), store.files.get(w.fits()).options(),
                "compressed by the store, never over another file");
        assertEquals(new WriteOptions(Compression.NONE, false, false), store.files.get(w.png()).options(),
                "a PNG is not compressed again");

        Path written = dir.resolve("frame.fits");
        ImageWriter.writeFits(frame, cards, written);
        assertArrayEquals(withoutChecksumTime(Files.readAllBytes(written)),
                withoutChecksumTime(store.files.get(w.fits()).content()),
                "the stored FITS content is what the images folder gets (but the times in the checksums' comments)");
        Path stored = Files.write(dir.resolve("stored.fits"), store.files.get(w.fits()).content());
        FitsVerify.assertNoErrors(stored);
        byte[] png = store.files.get(w.png()).content();
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
    }

    /**
     * The bytes with the CHECKSUM card and DATASUM's comment blanked: their comments say when
     * they were computed (and CHECKSUM covers the comments).
     */
    private static byte[] withoutChecksumTime(byte[] fits) {
        byte[] copy = fits.clone();
        for (int card = 0; card + 80 <= 2880 * 4 && card + 80 <= copy.length; card += 80) {
            String key = new String(copy, card, 9, java.nio.charset.StandardCharsets.US_ASCII);
            if (key.equals("CHECKSUM=")) {
                java.util.Arrays.fill(copy, card, card + 80, (byte) ' ');
            } else if (key.equals("DATASUM =")) {
                java.util.Arrays.fill(copy, card + 31, card + 80, (byte) ' ');
            }
        }
        return copy;
    }

    @Test
    void anEncryptedFrameEncryptsItsPreviewTooAndATakenNameMovesThePairOn() throws Exception {
        Frame frame = frame();
        List<FitsHeaders.Card> cards = FitsHeaders.cards(frame, ImageWriterTest.observation(), Instant.EPOCH);
        store.write("frames/2024-03-05/x_001.png", new byte[] { 1 }, WriteOptions.PLAIN);
        StoredFrames.Written w = StoredFrames.write(store, FrameDestination.files(Compression.NONE, true), frame, cards,
                null, 2048, "x_001", StoredFrames.Announcement.NONE);
        assertEquals("frames/2024-03-05/x_001-2.fits", w.fits());
        assertEquals("frames/2024-03-05/x_001-2.png", w.png());
        assertTrue(store.files.get(w.fits()).options().encrypt());
        assertTrue(store.files.get(w.png()).options().encrypt());
        assertTrue(w.fitsFile().encrypted());
        assertArrayEquals(new byte[] { 1 }, store.files.get("frames/2024-03-05/x_001.png").content(), "never replaced");
        assertFalse(store.files.containsKey("frames/2024-03-05/x_001.fits"));
    }

    @Test
    void theDestinationFollowsTheParametersOverTheConfiguredDefault() {
        FrameDestination configured = new FrameDestination(false, Compression.GZIP, false);
        assertEquals(FrameDestination.IMAGES, FrameDestination.choose(null, null, null, configured), "as today");
        assertEquals(FrameDestination.files(Compression.GZIP, false),
                FrameDestination.choose("files", null, null, configured));
        assertEquals(FrameDestination.files(Compression.ZSTD, true),
                FrameDestination.choose(null, "zstd", true, configured), "asking how means the file store");
        assertEquals(FrameDestination.files(Compression.GZIP, true), FrameDestination.choose(null, null, true, configured));
        assertEquals(FrameDestination.IMAGES, FrameDestination.choose("images", "none", false, configured));
        FrameDestination storeByDefault = FrameDestination.files(Compression.NONE, true);
        assertEquals(storeByDefault, FrameDestination.choose(null, null, null, storeByDefault));
        assertEquals(FrameDestination.IMAGES, FrameDestination.choose("images", null, null, storeByDefault));

        IllegalArgumentException gzip = assertThrows(IllegalArgumentException.class,
                () -> FrameDestination.choose("images", "gzip", null, configured));
        assertTrue(gzip.getMessage().startsWith("parameter 'frame_compression' is 'gzip', but frame_store is 'images'"),
                gzip.getMessage());
        IllegalArgumentException encrypt = assertThrows(IllegalArgumentException.class,
                () -> FrameDestination.choose("images", null, true, configured));
        assertTrue(encrypt.getMessage().startsWith("parameter 'frame_encrypt' is true, but frame_store is 'images'"),
                encrypt.getMessage());
        assertEquals(".fits.gz", FrameDestination.files(Compression.GZIP, false).fitsExtension());
        assertEquals(".fits.zst", FrameDestination.files(Compression.ZSTD, false).fitsExtension());
        assertEquals(".fits", FrameDestination.files(Compression.NONE, true).fitsExtension());
    }
}
