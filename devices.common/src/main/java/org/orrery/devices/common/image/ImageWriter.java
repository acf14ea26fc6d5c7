package org.orrery.devices.common.image;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

import org.orrery.device.Frame;

import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.FitsException;
import nom.tam.fits.Header;
import nom.tam.fits.header.Standard;
import nom.tam.fits.utilities.FitsCheckSum;

/**
 * Writes a frame as a FITS file (nom-tam-fits; 16-bit unsigned data as BITPIX 16 with BZERO 32768,
 * CHECKSUM and DATASUM) and as a stretched 8-bit grey PNG preview. Files are private to their
 * owner, written beside their final name and given it only if it is free ({@link PrivateFiles}):
 * a reader never sees half a file and no frame is ever replaced.
 */
public final class ImageWriter {

    /** Offset between unsigned 16-bit pixel values and the signed shorts FITS stores. */
    public static final int BZERO = 32768;

    /** What was written. */
    public record Written(Path fits, Path png, FrameStatistics statistics) {
    }

    private ImageWriter() {
    }

    /**
     * Told the names a frame's files are about to get, before they get them: the caller records
     * them durably (a checkpoint), so that after a crash it knows which files are its own.
     */
    @FunctionalInterface
    public interface Announcement {
        Announcement NONE = (fits, png) -> { };

        void before(Path fits, Path png) throws IOException;
    }

    /**
     * Writes {@code <stem>.fits} and {@code <stem>.png} into {@code folder} (created, private, as
     * is {@code images} above it); when a file of that name is there already, the pair takes the
     * next free name, {@code <stem>-2}, {@code <stem>-3}, …. {@code previewMaxSize} bounds the
     * PNG's longest side.
     */
    public static Written write(Frame frame, List<FitsHeaders.Card> cards, Path images, Path folder, String stem,
            int previewMaxSize, FrameStatistics statistics) throws IOException {
        return write(frame, cards, images, folder, stem, previewMaxSize, statistics, Announcement.NONE);
    }

    /**
     * As {@link #write(Frame, List, Path, Path, String, int, FrameStatistics)}, telling
     * {@code announcement} each free pair of names before the files get them (again for the next
     * pair should another writer take one of them in between).
     */
    public static Written write(Frame frame, List<FitsHeaders.Card> cards, Path images, Path folder, String stem,
            int previewMaxSize, FrameStatistics statistics, Announcement announcement) throws IOException {
        FrameStatistics stats = statistics != null ? statistics : FrameStatistics.of(frame.pixels());
        PrivateFiles.folder(images, folder);
        Path fitsPart = PrivateFiles.part(folder);
        Path pngPart = null;
        try {
            writeFitsTo(frame, cards, fitsPart);
            pngPart = PrivateFiles.part(folder);
            writePngTo(frame, stats, pngPart, previewMaxSize);
            for (int n = 1;; n++) {
                String name = n == 1 ? stem : stem + "-" + n;
                Path fits = folder.resolve(name + ".fits");
                Path png = folder.resolve(name + ".png");
                if (Files.exists(fits, LinkOption.NOFOLLOW_LINKS) || Files.exists(png, LinkOption.NOFOLLOW_LINKS)) {
                    continue; // announced only when free: an announced name is this writer's or nobody's
                }
                announcement.before(fits, png);
                if (!PrivateFiles.publish(fitsPart, fits)) {
                    continue;
                }
                if (PrivateFiles.publish(pngPart, png)) {
                    return new Written(fits, png, stats);
                }
                Files.delete(fits); // our own link: the pair moves on to the next name
            }
        } finally {
            Files.deleteIfExists(fitsPart);
            if (pngPart != null) {
                Files.deleteIfExists(pngPart);
            }
        }
    }

    /** Writes the FITS file {@code file}, which must not exist yet (its folder is created). */
    public static void writeFits(Frame frame, List<FitsHeaders.Card> cards, Path file) throws IOException {
        writeNew(file, part -> writeFitsTo(frame, cards, part));
    }

    /** Writes the PNG preview {@code file}, which must not exist yet (its folder is created). */
    public static void writePng(Frame frame, FrameStatistics stats, Path file, int maxSize) throws IOException {
        writeNew(file, part -> writePngTo(frame, stats, part, maxSize));
    }

    private interface Content {
        void writeTo(Path part) throws IOException;
    }

    private static void writeNew(Path file, Content content) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        PrivateFiles.folder(folder, folder);
        Path part = PrivateFiles.part(folder);
        try {
            content.writeTo(part);
            if (!PrivateFiles.publish(part, file)) {
                throw new FileAlreadyExistsException(file.toString(), null, "an image file is never replaced");
            }
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /** The FITS file of a frame as bytes, as {@link #writeFits} writes it (for a file store). */
    public static byte[] fitsBytes(Frame frame, List<FitsHeaders.Card> cards) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(frame.width() * frame.height() * 2 + 8640);
        try (Fits fits = fits(frame, cards); nom.tam.util.FitsOutputStream out = new nom.tam.util.FitsOutputStream(bytes)) {
            fits.write(out);
        } catch (FitsException e) {
            throw new IOException("could not write FITS data: " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    /** The FITS file: a primary image HDU with the given cards after the structural ones. */
    private static void writeFitsTo(Frame frame, List<FitsHeaders.Card> cards, Path part) throws IOException {
        try (Fits fits = fits(frame, cards)) {
            fits.write(part.toFile()); // into the existing private file (nom-tam opens it "rw")
        } catch (FitsException e) {
            throw new IOException("could not write FITS data: " + e.getMessage(), e);
        }
    }

    private static Fits fits(Frame frame, List<FitsHeaders.Card> cards) throws IOException {
        int w = frame.width();
        int h = frame.height();
        int[] pixels = frame.pixels();
        short[][] data = new short[h][w];
        // the data as FITS stores it (big-endian), for its checksum: nom-tam's BasicHDU.setChecksum()
        // serialises the whole image through its stream classes again, which took ~35 ms of the
        // ~50 ms a full 1280x1024 frame took to write; the sum over these bytes takes ~3 ms
        // (docs/benchmarks.md, INDI task benchmark)
        // (whole 4-byte words, as the checksum takes them: the zero tail is the start of the FITS padding)
        byte[] bigEndian = new byte[(w * h * 2 + 3) / 4 * 4];
        int k = 0;
        for (int y = 0; y < h; y++) {
            short[] row = data[y];
            int base = y * w;
            for (int x = 0; x < w; x++) {
                short v = (short) (FrameStatistics.clamp(pixels[base + x]) - BZERO);
                row[x] = v;
                bigEndian[k++] = (byte) (v >> 8);
                bigEndian[k++] = (byte) v;
            }
        }
        long datasum = FitsCheckSum.checksum(bigEndian); // the zero padding after the data adds nothing
        Fits fits = new Fits();
        try {
            BasicHDU<?> hdu = Fits.makeHDU(data);
            Header header = hdu.getHeader();
            header.addValue(Standard.BZERO, BZERO);
            header.addValue(Standard.BSCALE, 1);
            for (FitsHeaders.Card card : cards) {
                add(header, card);
            }
            FitsCheckSum.setDatasum(header, datasum); // DATASUM, and CHECKSUM over the header with it
            fits.addHDU(hdu);
            return fits;
        } catch (FitsException e) {
            throw new IOException("could not write FITS data: " + e.getMessage(), e);
        }
    }

    private static void add(Header header, FitsHeaders.Card card) throws FitsException {
        String comment = card.comment() == null ? "" : card.comment();
        Object v = card.value();
        if (v instanceof String s) {
            header.addValue(card.keyword(), s, comment);
        } else if (v instanceof Boolean b) {
            header.addValue(card.keyword(), b, comment);
        } else if (v instanceof Long l) {
            header.addValue(card.keyword(), l, comment);
        } else if (v instanceof Number n) {
            header.addValue(card.keyword(), n.doubleValue(), comment);
        }
    }

    /**
     * Writes the PNG preview: a midtone transfer stretch whose black point is 2.8 robust sigmas
     * (1.4826 × MAD) under the median and whose midtone puts the median at 25% grey; frames larger
     * than {@code maxSize} are averaged down by a whole factor first.
     */
    private static void writePngTo(Frame frame, FrameStatistics stats, Path part, int maxSize) throws IOException {
        // through a stream: ImageIO.write(…, File) deletes the file and makes a new one the umask decides
        try (OutputStream out = Files.newOutputStream(part)) {
            writePng(frame, stats, maxSize, out);
        }
    }

    /** The PNG preview as bytes, as {@link #writePng} writes it (for a file store). */
    public static byte[] pngBytes(Frame frame, FrameStatistics stats, int maxSize) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        writePng(frame, stats, maxSize, bytes);
        return bytes.toByteArray();
    }

    private static void writePng(Frame frame, FrameStatistics stats, int maxSize, OutputStream out) throws IOException {
        int factor = Math.max(1, (int) Math.ceil(Math.max(frame.width(), frame.height()) / (double) Math.max(1, maxSize)));
        int w = Math.max(1, frame.width() / factor);
        int h = Math.max(1, frame.height() / factor);
        int[] lut = stretch(stats, frame.maxValue());
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = image.getRaster();
        int[] pixels = frame.pixels();
        int fw = frame.width();
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                long sum = 0;
                for (int dy = 0; dy < factor; dy++) {
                    int base = (y * factor + dy) * fw + x * factor;
                    for (int dx = 0; dx < factor; dx++) {
                        sum += FrameStatistics.clamp(pixels[base + dx]);
                    }
                }
                row[x] = lut[(int) (sum / ((long) factor * factor))];
            }
            raster.setPixels(0, y, w, 1, row);
        }
        if (!ImageIO.write(image, "png", out)) {
            throw new IOException("no PNG writer in this Java runtime");
        }
    }

    /** The grey level (0–255) of every 16-bit value under the auto stretch of {@link #writePng}. */
    public static int[] stretch(FrameStatistics stats, int maxValue) {
        double range = Math.max(1, Math.max(maxValue, stats.max()));
        double median = stats.median() / range;
        double sigma = 1.4826 * stats.mad() / range;
        double black = Math.max(stats.min() / range, median - 2.8 * sigma);
        double white = Math.max(stats.max() / range, black + 1e-9);
        double m = clamp01((median - black) / (white - black));
        double midtone = mtf(0.25, m); // the midtone that maps m to 0.25
        int[] lut = new int[65536];
        for (int v = 0; v < lut.length; v++) {
            double x = clamp01((v / range - black) / (white - black));
            lut[v] = (int) Math.round(255 * mtf(midtone, x));
        }
        return lut;
    }

    /** The midtone transfer function: 0 → 0, 1 → 1, {@code m} → 0.5. */
    public static double mtf(double m, double x) {
        if (x <= 0) {
            return 0;
        }
        if (x >= 1) {
            return 1;
        }
        if (m <= 0) {
            return 1;
        }
        if (m >= 1) {
            return 0;
        }
        return (m - 1) * x / ((2 * m - 1) * x - m);
    }

    private static double clamp01(double d) {
        return d < 0 ? 0 : Math.min(1, d);
    }
}
