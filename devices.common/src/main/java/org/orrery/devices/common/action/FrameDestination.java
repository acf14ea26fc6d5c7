package org.orrery.devices.common.action;

import org.orrery.files.Compression;

/**
 * Where a series' frames go: the images folder as files of their own ({@link #IMAGES}, the
 * default), or the file store ({@code org.orrery.files.FileStore}) under
 * {@code frames/<yyyy-MM-dd>/}, compressed and/or encrypted. A gzip-compressed FITS file is named
 * {@code .fits.gz}, a zstd one {@code .fits.zst}; the PNG preview beside it is stored encrypted when
 * the frame is, never compressed again. A configured default may name a compression and encryption
 * while sending frames to the images folder: they are what the file store gets when a task asks for
 * it without saying how.
 *
 * @param fileStore whether the frames go into the file store
 * @param compression how the FITS file is compressed there
 * @param encrypt whether both files are encrypted there
 */
public record FrameDestination(boolean fileStore, Compression compression, boolean encrypt) {

    /** The images folder, as files of their own: what Orrery always did. */
    public static final FrameDestination IMAGES = new FrameDestination(false, Compression.NONE, false);

    /** The folder of the file store that frames go under. */
    public static final String FOLDER = "frames";

    /** The name of the store in task results and parameters. */
    public static final String FILES = "files";

    /** The name of the images folder in task results and parameters. */
    public static final String IMAGES_NAME = "images";

    public FrameDestination {
        java.util.Objects.requireNonNull(compression, "compression");
    }

    /** The file store, with this compression and encryption. */
    public static FrameDestination files(Compression compression, boolean encrypt) {
        return new FrameDestination(true, compression, encrypt);
    }

    /** The extension of the FITS file: {@code .fits}, {@code .fits.gz} or {@code .fits.zst}. */
    public String fitsExtension() {
        return switch (compression) {
            case GZIP -> ".fits.gz";
            case ZSTD -> ".fits.zst";
            default -> ".fits";
        };
    }

    /**
     * Where a task's frames go: parameters {@code frame_store} ({@code images} or {@code files}),
     * {@code frame_compression} ({@code none}, {@code gzip}, {@code zstd}) and {@code frame_encrypt}
     * (each null when not given), over the configured default. Asking for a compression or
     * encryption without naming the store means the file store; asking for them with the images
     * folder is refused (its frames are plain files).
     *
     * @throws IllegalArgumentException naming the parameter, what it is and what it may be
     */
    public static FrameDestination choose(String store, String compression, Boolean encrypt, FrameDestination configured) {
        boolean files = store != null ? store.equals(FILES) : compression != null || encrypt != null || configured.fileStore();
        Compression c = compression != null ? Compression.parse(compression) : configured.compression();
        if (!files) {
            if (compression != null && c != Compression.NONE) {
                throw new IllegalArgumentException("parameter 'frame_compression' is '" + compression + "', but"
                        + " frame_store is 'images', whose frames are plain FITS files: ask for frame_store 'files'"
                        + " (the file store) to compress them");
            }
            if (Boolean.TRUE.equals(encrypt)) {
                throw new IllegalArgumentException("parameter 'frame_encrypt' is true, but frame_store is 'images',"
                        + " whose frames are plain FITS files: ask for frame_store 'files' (the file store) to"
                        + " encrypt them");
            }
            return IMAGES;
        }
        return files(c, encrypt != null ? encrypt : configured.encrypt());
    }
}
