package org.orrery.devices.common.image;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import org.orrery.device.Frame;
import org.orrery.devices.common.action.FrameDestination;
import org.orrery.files.Compression;
import org.orrery.files.FileStore;
import org.orrery.files.FileStoreException;
import org.orrery.files.StoredFile;
import org.orrery.files.WriteOptions;

/**
 * Writes a frame's FITS file and PNG preview into the file store ({@link FrameDestination}):
 * {@code frames/<yyyy-MM-dd>/<stem>.fits.gz} (or {@code .fits}, {@code .fits.zst}) and
 * {@code <stem>.png}, each written whole (the store's writes are atomic) and never over another
 * file: when a name is taken the pair takes the next free one, {@code <stem>-2}, … as in the images
 * folder. The content is made in memory, so an encrypted frame never touches the disk in plain.
 */
public final class StoredFrames {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** What was written: the two files' paths in the store and the FITS file as stored. */
    public record Written(String fits, String png, StoredFile fitsFile) {
    }

    /** Told the paths a frame's files are about to get, before they get them (a checkpoint). */
    @FunctionalInterface
    public interface Announcement {
        Announcement NONE = (fits, png) -> { };

        void before(String fits, String png) throws IOException;
    }

    private StoredFrames() {
    }

    /** The store folder of a frame that started at {@code startedAt}: {@code frames/<yyyy-MM-dd>}. */
    public static String folder(Instant startedAt) {
        return FrameDestination.FOLDER + "/" + DAY.format(startedAt);
    }

    /**
     * Writes the pair; {@code stem} is a file-name part ({@link ImageNames#base}); {@code stats}
     * (null: computed here) sets the preview's stretch.
     */
    public static Written write(FileStore store, FrameDestination destination, Frame frame,
            List<FitsHeaders.Card> cards, FrameStatistics stats, int previewMaxSize, String stem,
            Announcement announcement) throws IOException, FileStoreException {
        byte[] fits = ImageWriter.fitsBytes(frame, cards);
        byte[] png = ImageWriter.pngBytes(frame, stats != null ? stats : FrameStatistics.of(frame.pixels()),
                previewMaxSize);
        WriteOptions fitsOptions = new WriteOptions(destination.compression(), destination.encrypt(), false);
        WriteOptions pngOptions = new WriteOptions(Compression.NONE, destination.encrypt(), false);
        String folder = folder(frame.startedAt());
        for (int n = 1;; n++) {
            String name = folder + "/" + (n == 1 ? stem : stem + "-" + n);
            String fitsPath = name + destination.fitsExtension();
            String pngPath = name + ".png";
            if (store.stat(fitsPath).isPresent() || store.stat(pngPath).isPresent()) {
                continue; // announced only when free: an announced path is this writer's or nobody's
            }
            announcement.before(fitsPath, pngPath);
            StoredFile stored;
            try {
                stored = store.write(fitsPath, fits, fitsOptions);
            } catch (FileStoreException e) {
                if (e.reason() == FileStoreException.Reason.EXISTS) {
                    continue;
                }
                throw e;
            }
            try {
                store.write(pngPath, png, pngOptions);
                return new Written(fitsPath, pngPath, stored);
            } catch (FileStoreException e) {
                store.delete(fitsPath); // our own file: the pair moves on, or nothing of it stays
                if (e.reason() != FileStoreException.Reason.EXISTS) {
                    throw e;
                }
            }
        }
    }
}
