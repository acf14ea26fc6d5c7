package org.orrery.store.files.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import javax.crypto.SecretKey;

import org.orrery.files.Compression;

import io.airlift.compress.zstd.ZstdInputStream;
import io.airlift.compress.zstd.ZstdOutputStream;

/**
 * Turns content into what is stored (after the header, if any: compressed, then encrypted) and
 * back. Compression comes before encryption (encrypted bytes do not compress). Unencrypted
 * compressed content is a standard gzip stream or zstd frame.
 */
final class ContentCodec {

    static final int BUFFER = 64 * 1024;

    private ContentCodec() {
    }

    /**
     * Writes {@code data} compressed as {@code compression}, and encrypted when {@code header}
     * says so, at the channel's position.
     *
     * @param header the store header written before, null when none
     * @param key the key when the header says encrypted
     * @return the content's size (bytes read from {@code data})
     */
    static long encode(FileChannel channel, Compression compression, FileHeader header, SecretKey key, InputStream data)
            throws IOException {
        long[] count = {0};
        OutputStream out = new ChannelSink(channel);
        if (header != null && header.encrypted()) {
            out = new GcmChunks.Sealing(out, key, header, () -> count[0]);
        }
        out = switch (compression) {
            case NONE -> out;
            case GZIP -> new GZIPOutputStream(out, BUFFER);
            case ZSTD -> new ZstdOutputStream(out);
        };
        byte[] buffer = new byte[BUFFER];
        int n;
        while ((n = data.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
            count[0] += n;
        }
        out.close();
        return count[0];
    }

    /** The content of {@code raw} (positioned at the form's offset), decrypted with {@code key} and decompressed. */
    static InputStream decode(InputStream raw, StoredForm form, SecretKey key) throws IOException {
        InputStream in = form.keyId() != null ? new GcmChunks.Opening(raw, key, form.header()) : raw;
        return switch (form.compression()) {
            case NONE -> in;
            case GZIP -> new GZIPInputStream(in, BUFFER);
            case ZSTD -> new ZstdInputStream(in);
        };
    }

    /** Writes to a channel at its position; closing it leaves the channel open (the caller forces and closes it). */
    private static final class ChannelSink extends OutputStream {
        private final FileChannel channel;

        ChannelSink(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }

        @Override
        public void close() {
            // the channel is the caller's
        }
    }
}
