package org.orrery.devices.alpaca.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ImageDecoderTest {

    /** 3 wide, 2 high; pixel (x, y) = 10·y + x, sent [x][y] (height fastest). */
    private static ByteBuffer imageBytes(int transmission, int size) {
        ByteBuffer b = ByteBuffer.allocate(44 + 6 * size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(1).putInt(0).putInt(7).putInt(9).putInt(44).putInt(ImageDecoder.INT32).putInt(transmission)
                .putInt(2).putInt(3).putInt(2).putInt(0);
        for (int x = 0; x < 3; x++) {
            for (int y = 0; y < 2; y++) {
                int v = 10 * y + x;
                switch (size) {
                    case 1 -> b.put((byte) v);
                    case 2 -> b.putShort((short) v);
                    case 4 -> b.putInt(v);
                    default -> b.putLong(v);
                }
            }
        }
        return b;
    }

    @Test
    void imageBytesAreReadColumnByColumnAndTransposedToRows() throws Exception {
        for (int[] t : new int[][] {{ImageDecoder.BYTE, 1}, {ImageDecoder.INT16, 2}, {ImageDecoder.UINT16, 2},
                {ImageDecoder.INT32, 4}, {ImageDecoder.UINT32, 4}, {ImageDecoder.INT64, 8}}) {
            AlpacaImage image = ImageDecoder.imageBytes(imageBytes(t[0], t[1]).array());
            assertEquals(3, image.width(), ImageDecoder.typeName(t[0]));
            assertEquals(2, image.height(), ImageDecoder.typeName(t[0]));
            assertArrayEquals(new int[] {0, 1, 2, 10, 11, 12}, image.rowMajor(65535), ImageDecoder.typeName(t[0]));
        }
    }

    @Test
    void unsignedSixteenBitValuesAboveInt16StayPositive() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(44 + 2).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(1).putInt(0).putInt(1).putInt(1).putInt(44).putInt(2).putInt(ImageDecoder.UINT16).putInt(2).putInt(1)
                .putInt(1).putInt(0).putShort((short) 65000);
        assertEquals(65000, ImageDecoder.imageBytes(b.array()).at(0, 0));
    }

    @Test
    void imageBytesErrorCarriesNumberAndUtf8Message() {
        byte[] message = "Keine Belichtung – no image".getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(44 + message.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(1).putInt(0x40B).putInt(1).putInt(1).putInt(44).putInt(0).putInt(0).putInt(0).putInt(0).putInt(0)
                .putInt(0).put(message);
        ImageDecoder.ReplyError e = assertThrows(ImageDecoder.ReplyError.class, () -> ImageDecoder.imageBytes(b.array()));
        assertEquals(0x40B, e.errorNumber());
        assertEquals("Keine Belichtung – no image", e.getMessage());
    }

    @Test
    void truncatedOrUnknownImageBytesAreProtocolErrors() {
        ImageDecoder.ReplyError shortOne = assertThrows(ImageDecoder.ReplyError.class,
                () -> ImageDecoder.imageBytes(new byte[10]));
        assertEquals(0, shortOne.errorNumber());
        assertTrue(shortOne.getMessage().contains("44"), shortOne.getMessage());
        byte[] cut = java.util.Arrays.copyOf(imageBytes(ImageDecoder.INT32, 4).array(), 50);
        ImageDecoder.ReplyError truncated = assertThrows(ImageDecoder.ReplyError.class, () -> ImageDecoder.imageBytes(cut));
        assertTrue(truncated.getMessage().contains("needs 24 bytes"), truncated.getMessage());
        ByteBuffer unknown = imageBytes(ImageDecoder.INT32, 4);
        unknown.putInt(24, 42);
        assertThrows(ImageDecoder.ReplyError.class, () -> ImageDecoder.imageBytes(unknown.array()));
    }

    @Test
    void jsonImageIsTransposedAndItsErrorsAreFound() throws Exception {
        String json = "{\"Type\":2,\"Rank\":2,\"Value\":[[0,10],[1,11],[2,12]],\"ClientTransactionID\":1,"
                + "\"ServerTransactionID\":2,\"ErrorNumber\":0,\"ErrorMessage\":\"\"}";
        AlpacaImage image = ImageDecoder.json(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        assertEquals(3, image.width());
        assertEquals(2, image.height());
        assertArrayEquals(new int[] {0, 1, 2, 10, 11, 12}, image.rowMajor(65535));

        String error = "{\"ClientTransactionID\":1,\"ServerTransactionID\":2,\"ErrorNumber\":1035,"
                + "\"ErrorMessage\":\"no image\"}";
        ImageDecoder.ReplyError e = assertThrows(ImageDecoder.ReplyError.class,
                () -> ImageDecoder.json(new ByteArrayInputStream(error.getBytes(StandardCharsets.UTF_8))));
        assertEquals(0x40B, e.errorNumber());
        assertEquals("no image", e.getMessage());

        String ragged = "{\"Rank\":2,\"Value\":[[0,10],[1]],\"ErrorNumber\":0,\"ErrorMessage\":\"\"}";
        assertThrows(ImageDecoder.ReplyError.class,
                () -> ImageDecoder.json(new ByteArrayInputStream(ragged.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void colourImageBecomesTheMeanOfItsPlanes() throws Exception {
        String json = "{\"Type\":2,\"Rank\":3,\"Value\":[[[3,6,9],[30,60,90]]],\"ErrorNumber\":0,\"ErrorMessage\":\"\"}";
        AlpacaImage image = ImageDecoder.json(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        assertEquals(3, image.planes());
        assertArrayEquals(new int[] {6, 60}, image.rowMajor(65535));
    }

    @Test
    void valuesAreClampedToTheFrameRange() {
        AlpacaImage image = new AlpacaImage(2, 1, 1, new int[] {-5, 70000});
        assertArrayEquals(new int[] {0, 65535}, image.rowMajor(65535));
    }
}
