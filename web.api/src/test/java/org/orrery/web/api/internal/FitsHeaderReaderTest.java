package org.orrery.web.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class FitsHeaderReaderTest {

    /** A FITS file: these cards, END, padding to a block, then {@code dataBlocks} blocks of data. */
    static byte[] fits(int dataBlocks, String... cards) {
        StringBuilder text = new StringBuilder();
        for (String card : cards) {
            text.append(String.format("%-80s", card));
        }
        text.append(String.format("%-80s", "END"));
        while (text.length() % 2880 != 0) {
            text.append(' ');
        }
        byte[] header = text.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[header.length + dataBlocks * 2880];
        System.arraycopy(header, 0, all, 0, header.length);
        return all;
    }

    static final String[] CARDS = {
        "SIMPLE  =                    T / conforms to FITS standard",
        "BITPIX  =                   16 / bits per pixel",
        "NAXIS   =                    2",
        "OBJECT  = 'M 42 ''Orion'''     / the target",
        "DATE-OBS= '2026-12-05T01:02:03.456' / UTC start of the exposure",
        "EXPTIME =                  2.5 / [s]",
        "HFR     =              1.23D+0",
        "BIG     =  123456789012345678901234567890",
        "CPLX    = (1.0, 2.0)",
        "UNDEF   =",
        "COMMENT written by Orrery / not a value",
        "HISTORY   flat-fielded",
        "",
    };

    static List<Map<String, Object>> read(byte[] bytes) throws Exception {
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            return FitsHeaderReader.read(in);
        }
    }

    static Map<String, Object> card(List<Map<String, Object>> cards, String key) {
        return cards.stream().filter(c -> key.equals(c.get("key"))).findFirst().orElseThrow(() -> new AssertionError(key));
    }

    @Test
    void everyCardUpToEndWithItsTypedValueAndComment() throws Exception {
        List<Map<String, Object>> cards = read(fits(3, CARDS));
        assertEquals(CARDS.length, cards.size(), "every card but END, in file order");
        assertEquals("SIMPLE", cards.get(0).get("key"));
        assertEquals(true, cards.get(0).get("value"));
        assertEquals("conforms to FITS standard", cards.get(0).get("comment"));
        assertEquals(BigInteger.valueOf(16), card(cards, "BITPIX").get("value"));
        assertNull(card(cards, "NAXIS").get("comment"));
        assertEquals("M 42 'Orion'", card(cards, "OBJECT").get("value"), "'' is a quote; trailing blanks go");
        assertEquals("the target", card(cards, "OBJECT").get("comment"));
        assertEquals("2026-12-05T01:02:03.456", card(cards, "DATE-OBS").get("value"));
        assertEquals(new BigDecimal("2.5"), card(cards, "EXPTIME").get("value"));
        assertEquals("[s]", card(cards, "EXPTIME").get("comment"));
        assertEquals(0, new BigDecimal("1.23").compareTo((BigDecimal) card(cards, "HFR").get("value")), "a D exponent");
        assertEquals(new BigInteger("123456789012345678901234567890"), card(cards, "BIG").get("value"));
        assertEquals("(1.0, 2.0)", card(cards, "CPLX").get("value"));
        assertNull(card(cards, "UNDEF").get("value"));
        assertNull(card(cards, "COMMENT").get("value"));
        assertEquals("written by Orrery / not a value", card(cards, "COMMENT").get("comment"), "commentary is all text");
        assertEquals("flat-fielded", card(cards, "HISTORY").get("comment"));
        assertEquals("", cards.get(cards.size() - 1).get("key"));
    }

    @Test
    void aHeaderOfSeveralBlocksIsReadToItsEndAndTheDataNot() throws Exception {
        String[] many = new String[80];
        many[0] = CARDS[0];
        for (int i = 1; i < many.length; i++) {
            many[i] = String.format("KEY%-5d= %20d", i, i);
        }
        byte[] bytes = fits(1, many);
        bytes[bytes.length - 1] = (byte) 0xff; // data, never read as a card
        assertEquals(80, read(bytes).size());
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        FitsHeaderReader.read(in);
        assertEquals(2880, in.available(), "the data block is left unread");
    }

    @Test
    void whatIsNotFitsIsRefusedSayingWhy() {
        byte[] png = new byte[4000];
        png[0] = (byte) 0x89;
        png[1] = 'P';
        png[2] = 'N';
        png[3] = 'G';
        assertTrue(assertThrows(FitsHeaderReader.NotFits.class, () -> read(png)).getMessage()
                .startsWith("it does not begin with the card SIMPLE = T (found '?PNG"));
        assertTrue(assertThrows(FitsHeaderReader.NotFits.class, () -> read(new byte[0])).getMessage()
                .contains("found ''"));
        byte[] cut = java.util.Arrays.copyOf(fits(0, CARDS), 800);
        assertEquals("its header ends after 800 bytes without an END card",
                assertThrows(FitsHeaderReader.NotFits.class, () -> read(cut)).getMessage());
        byte[] binary = fits(0, CARDS);
        binary[85] = 0;
        assertEquals("header card 2 holds a character that is not printable ASCII",
                assertThrows(FitsHeaderReader.NotFits.class, () -> read(binary)).getMessage());
    }

    @Test
    void aHeaderWithoutEndIsNotReadForever() {
        StringBuilder card = new StringBuilder(String.format("%-80s", CARDS[0]));
        while (card.length() < 2880 * (FitsHeaderReader.MAX_BLOCKS + 2)) {
            card.append(String.format("%-80s", "COMMENT x"));
        }
        byte[] bytes = card.toString().getBytes(StandardCharsets.US_ASCII);
        assertEquals("no END card in its first 100 header blocks",
                assertThrows(FitsHeaderReader.NotFits.class, () -> read(bytes)).getMessage());
    }
}
