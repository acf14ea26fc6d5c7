package org.orrery.store.files.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

import org.orrery.files.Compression;

/**
 * What a stored file is, told from its first bytes: a store header ({@code ORFS}: encrypted, or
 * plain content that itself begins with one of the magics), a standard gzip stream
 * ({@code 1f 8b}), a standard zstd frame ({@code 28 b5 2f fd}), or else plain content as is.
 *
 * @param compression how the content is compressed
 * @param size the content's size: the header's, the file's for plain, gzip's ISIZE trailer, zstd's
 *     frame content size; -1 when not known without decoding
 * @param header the store header, null when the file has none
 */
record StoredForm(Compression compression, long size, FileHeader header) {

    static final byte[] GZIP = {0x1f, (byte) 0x8b};
    static final byte[] ZSTD = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd};
    /** Bytes enough to tell any magic. */
    static final int MAGIC_LENGTH = 4;
    private static final long FOUR_GIB = 1L << 32;

    /** Where the content (or the compressed stream) starts. */
    long offset() {
        return header == null ? 0 : header.length();
    }

    String keyId() {
        return header == null ? null : header.keyId();
    }

    /** Whether content beginning with {@code first} (its first bytes, fewer for short content) needs a header to read back as is. */
    static boolean needsHeader(byte[] first) {
        return startsWith(first, FileHeader.MAGIC) || startsWith(first, GZIP) || startsWith(first, ZSTD);
    }

    private static boolean startsWith(byte[] bytes, byte[] magic) {
        if (bytes.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (bytes[i] != magic[i]) {
                return false;
            }
        }
        return true;
    }

    /** Tells the form of the file open in {@code channel}; leaves the channel at {@link #offset()}. */
    static StoredForm of(FileChannel channel) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(FileHeader.MAX_LENGTH);
        readAt(channel, b, 0);
        byte[] first = new byte[Math.min(MAGIC_LENGTH, b.limit())];
        b.get(0, first);
        StoredForm form;
        if (startsWith(first, FileHeader.MAGIC)) {
            FileHeader header = FileHeader.parse(b);
            form = new StoredForm(header.compression(), header.size(), header);
        } else if (startsWith(first, GZIP)) {
            form = new StoredForm(Compression.GZIP, gzipSize(channel), null);
        } else if (startsWith(first, ZSTD)) {
            form = new StoredForm(Compression.ZSTD, zstdContentSize(b), null);
        } else {
            form = new StoredForm(Compression.NONE, channel.size(), null);
        }
        channel.position(form.offset());
        return form;
    }

    /** Fills {@code b} from {@code position} as far as the file goes, then flips it. */
    private static void readAt(FileChannel channel, ByteBuffer b, long position) throws IOException {
        long at = position;
        int n;
        while (b.hasRemaining() && (n = channel.read(b, at)) >= 0) {
            at += n;
        }
        b.flip();
    }

    /** gzip's ISIZE (the last member's content size mod 2^32): trusted only for a stored file under 4 GiB. */
    private static long gzipSize(FileChannel channel) throws IOException {
        long stored = channel.size();
        if (stored < 18 || stored >= FOUR_GIB) {
            return -1;
        }
        ByteBuffer trailer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        readAt(channel, trailer, stored - 4);
        return trailer.remaining() == 4 ? Integer.toUnsignedLong(trailer.getInt()) : -1;
    }

    /** The first frame's Frame_Content_Size when its header has one (RFC 8878, 3.1.1.1), else -1. */
    static long zstdContentSize(ByteBuffer start) {
        if (start.limit() < 5) {
            return -1;
        }
        int descriptor = start.get(4) & 0xff;
        int fcsFlag = descriptor >>> 6;
        boolean singleSegment = (descriptor & 0x20) != 0;
        int dictionaryBytes = new int[] {0, 1, 2, 4}[descriptor & 0x03];
        int fcsBytes = fcsFlag == 0 ? (singleSegment ? 1 : 0) : 1 << fcsFlag;
        if (fcsBytes == 0) {
            return -1;
        }
        int at = 5 + (singleSegment ? 0 : 1) + dictionaryBytes;
        if (start.limit() < at + fcsBytes) {
            return -1;
        }
        long value = 0;
        for (int i = fcsBytes - 1; i >= 0; i--) {
            value = value << 8 | (start.get(at + i) & 0xff);
        }
        value = fcsBytes == 2 ? value + 256 : value;
        return value < 0 ? -1 : value;
    }
}
