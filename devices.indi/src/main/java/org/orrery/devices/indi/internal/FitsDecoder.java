package org.orrery.devices.indi.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.FitsException;
import nom.tam.fits.Header;
import nom.tam.fits.HeaderCard;
import nom.tam.fits.ImageHDU;
import nom.tam.image.compression.hdu.CompressedImageHDU;
import nom.tam.util.Cursor;

/** Turns the FITS an INDI camera sends into pixels and header values (nom-tam-fits). */
final class FitsDecoder {

    /** Keywords that describe the data layout, not the observation: not copied into Frame.headers. */
    private static final Set<String> STRUCTURAL = Set.of("SIMPLE", "BITPIX", "NAXIS", "EXTEND", "BZERO", "BSCALE",
            "END", "COMMENT", "HISTORY", "", "PCOUNT", "GCOUNT", "XTENSION", "ROWORDER", "CHECKSUM", "DATASUM");

    /**
     * A decoded image.
     *
     * @param pixels row by row from the top-left, scaled by BZERO/BSCALE and clamped to the bit depth
     * @param headers the observation keywords (INSTRUME, EXPTIME, CCD-TEMP, …) as String, Long, Double or Boolean
     * @param dateObs DATE-OBS, or null
     */
    record Image(int width, int height, int bitDepth, int[] pixels, Map<String, Object> headers, Instant dateObs) {
    }

    private FitsDecoder() {
    }

    /**
     * The FITS bytes of a BLOB: inflated when the format says zlib ({@code .fits.z}, older INDI);
     * an fpack'ed {@code .fits.fz} is FITS already and is decompressed by {@link #decode}.
     */
    static byte[] fitsBytes(IndiEvent.BlobData blob) throws IOException {
        String format = blob.format().trim().toLowerCase(java.util.Locale.ROOT);
        if (!format.endsWith(".z")) {
            return blob.data();
        }
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(blob.data());
            int expected = blob.size() > 0 && blob.size() < Integer.MAX_VALUE ? (int) blob.size() : blob.data().length * 4;
            ByteArrayOutputStream out = new ByteArrayOutputStream(expected);
            byte[] buffer = new byte[1 << 16];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IOException("compressed image (" + blob.format() + ") ended after " + out.size()
                            + " of " + blob.size() + " bytes");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new IOException("compressed image (" + blob.format() + ") is not valid zlib data: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    static Image decode(byte[] fits) throws IOException {
        if (fits.length < 2880 || !new String(fits, 0, 6, java.nio.charset.StandardCharsets.US_ASCII).equals("SIMPLE")) {
            throw new IOException("the image is not FITS: expected a 2880-byte header starting with SIMPLE, got "
                    + fits.length + " bytes starting with '" + printable(fits) + "'");
        }
        try (Fits f = new Fits(new ByteArrayInputStream(fits))) {
            ImageHDU image = firstImage(f);
            Header header = image.getHeader();
            int bitpix = header.getIntValue("BITPIX", 0);
            int naxis = header.getIntValue("NAXIS", 0);
            if (naxis != 2) {
                throw new IOException("expected a 2-axis (monochrome) FITS image, got NAXIS=" + naxis);
            }
            int width = header.getIntValue("NAXIS1", 0);
            int height = header.getIntValue("NAXIS2", 0);
            double bzero = header.getDoubleValue("BZERO", 0);
            double bscale = header.getDoubleValue("BSCALE", 1);
            int bitDepth = bitpix == 8 ? 8 : 16;
            int max = (1 << bitDepth) - 1;
            boolean bottomUp = "BOTTOM-UP".equalsIgnoreCase(header.getStringValue("ROWORDER", "TOP-DOWN").trim());
            Object kernel = image.getKernel();
            int[] pixels = new int[width * height];
            for (int y = 0; y < height; y++) {
                int row = (bottomUp ? height - 1 - y : y) * width;
                if (kernel instanceof short[][] k) {
                    short[] src = k[y];
                    if (bzero == 32768 && bscale == 1) {
                        for (int x = 0; x < width; x++) {
                            pixels[row + x] = src[x] + 32768;
                        }
                    } else {
                        for (int x = 0; x < width; x++) {
                            pixels[row + x] = clamp(src[x] * bscale + bzero, max);
                        }
                    }
                } else if (kernel instanceof byte[][] k) {
                    byte[] src = k[y];
                    for (int x = 0; x < width; x++) {
                        pixels[row + x] = clamp((src[x] & 0xff) * bscale + bzero, max);
                    }
                } else if (kernel instanceof int[][] k) {
                    int[] src = k[y];
                    for (int x = 0; x < width; x++) {
                        pixels[row + x] = clamp(src[x] * bscale + bzero, max);
                    }
                } else if (kernel instanceof float[][] k) {
                    float[] src = k[y];
                    for (int x = 0; x < width; x++) {
                        pixels[row + x] = clamp(src[x] * bscale + bzero, max);
                    }
                } else {
                    throw new IOException("unsupported FITS pixel type BITPIX=" + bitpix);
                }
            }
            Map<String, Object> headers = new LinkedHashMap<>();
            Instant dateObs = null;
            for (Cursor<String, HeaderCard> it = header.iterator(); it.hasNext();) {
                HeaderCard card = it.next();
                String key = card.getKey();
                if (key == null || STRUCTURAL.contains(key) || key.startsWith("NAXIS") || !card.isKeyValuePair()) {
                    continue;
                }
                Object value = value(card);
                if (value != null) {
                    headers.put(key, value);
                }
                if (key.equals("DATE-OBS") && value instanceof String s) {
                    dateObs = parseDate(s);
                }
            }
            return new Image(width, height, bitDepth, pixels, headers, dateObs);
        } catch (FitsException e) {
            throw new IOException("cannot read the FITS image: " + e.getMessage(), e);
        }
    }

    /**
     * The first HDU with image data: the primary one of a plain FITS, or the tile-compressed image
     * after the empty primary HDU of an fpack'ed one ({@code .fits.fz}, what INDI sends when
     * CCD_COMPRESSION is on), decompressed.
     */
    private static ImageHDU firstImage(Fits f) throws FitsException, IOException {
        for (int i = 0; i < 4; i++) {
            BasicHDU<?> hdu = f.readHDU();
            if (hdu == null) {
                break;
            }
            if (hdu instanceof CompressedImageHDU compressed) {
                return compressed.asImageHDU();
            }
            if (hdu instanceof ImageHDU image && image.getHeader().getIntValue("NAXIS", 0) > 0) {
                return image;
            }
        }
        throw new IOException("the FITS holds no image HDU with data");
    }

    private static int clamp(double v, int max) {
        long r = Math.round(v);
        return r < 0 ? 0 : r > max ? max : (int) r;
    }

    private static Object value(HeaderCard card) {
        String raw = card.getValue();
        if (raw == null) {
            return null;
        }
        if (card.isStringValue()) {
            return raw.trim();
        }
        String t = raw.trim();
        if (t.equals("T") || t.equals("F")) {
            return t.equals("T");
        }
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            try {
                return Double.parseDouble(t.replace('D', 'E').replace('d', 'e'));
            } catch (NumberFormatException e2) {
                return t;
            }
        }
    }

    static Instant parseDate(String text) {
        String t = text.trim();
        try {
            if (t.endsWith("Z")) {
                return Instant.parse(t);
            }
            return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String printable(byte[] data) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(16, data.length); i++) {
            char c = (char) (data[i] & 0xff);
            b.append(c >= 32 && c < 127 ? c : '.');
        }
        return b.toString();
    }
}
