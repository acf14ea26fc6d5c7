package org.orrery.store.files.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;

import javax.crypto.SecretKey;

import org.orrery.files.Compression;
import org.orrery.store.files.internal.FileHeader.BadFormatException;

/** A stored file's content read whole into one array (the store's {@code read}). */
final class WholeRead {

    /** The most a whole read returns (the largest array). */
    private static final int MAX_WHOLE = Integer.MAX_VALUE - 16;

    private WholeRead() {
    }

    /**
     * The content of the file open in {@code channel}, positioned at the form's offset.
     *
     * @param key the key when the form says encrypted
     */
    static byte[] of(FileChannel channel, StoredForm form, SecretKey key) throws IOException {
        if (form.keyId() == null && form.compression() == Compression.NONE) {
            return readPlain(channel, form);
        }
        return readDecoded(channel, form, key);
    }

    /** Plain content straight into an array, as {@code Files.readAllBytes} does. */
    private static byte[] readPlain(FileChannel channel, StoredForm form) throws IOException {
        long size = channel.size() - form.offset();
        if (form.header() != null && size != form.size()) {
            throw new BadFormatException("the file's size differs from the header's");
        }
        byte[] content = new byte[checkedLength(size)];
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new BadFormatException("the file is cut short");
            }
        }
        return content;
    }

    /** Compressed or encrypted content, decoded; the header's size (where there is one) is checked. */
    private static byte[] readDecoded(FileChannel channel, StoredForm form, SecretKey key) throws IOException {
        try (InputStream in = ContentCodec.decode(Channels.newInputStream(channel), form, key)) {
            if (form.header() == null) {
                byte[] content = in.readNBytes(MAX_WHOLE + 1);
                checkedLength(content.length);
                return content;
            }
            byte[] content = new byte[checkedLength(form.size())];
            if (in.readNBytes(content, 0, content.length) != content.length || in.read() >= 0) {
                throw new BadFormatException("the content's size differs from the header's");
            }
            return content;
        }
    }

    private static int checkedLength(long size) throws IOException {
        if (size < 0 || size > MAX_WHOLE) {
            throw new TooLargeException("the content is too large to read whole (" + (size < 0 ? "unknown size" : size
                    + " bytes") + "): open it as a stream");
        }
        return (int) size;
    }

    /** Content too large for one array: {@code IO}, not {@code TAMPERED}. */
    static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(String message) {
            super(message);
        }
    }

}
