package org.orrery.store.files.internal;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.function.LongSupplier;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

import org.orrery.store.files.internal.FileHeader.BadFormatException;

/**
 * AES-256-GCM in chunks, so that a large file streams: the (compressed) content is cut into
 * chunks of {@value #CHUNK} bytes, each sealed on its own with a nonce derived from the file's
 * random base nonce and the chunk's index, and with additional data made of the header (without
 * its size field), the chunk's index and whether it is the last one (the last also carries the
 * content size). So a changed, dropped, reordered or truncated chunk, a changed header or a
 * wrong key fails authentication. On disk: each chunk's ciphertext followed by its 16-byte tag;
 * every chunk but the last holds exactly {@value #CHUNK} bytes of plaintext.
 */
final class GcmChunks {

    static final int CHUNK = 64 * 1024;
    static final int TAG_BYTES = 16;

    private GcmChunks() {
    }

    static byte[] nonce(byte[] base, long index) {
        byte[] n = base.clone();
        for (int i = 0; i < 8; i++) {
            n[n.length - 1 - i] ^= (byte) (index >>> (8 * i));
        }
        return n;
    }

    static byte[] aad(byte[] header, long index, boolean last, long size) {
        ByteBuffer b = ByteBuffer.allocate(header.length + 9 + (last ? 8 : 0));
        b.put(header).putLong(index).put((byte) (last ? 1 : 0));
        if (last) {
            b.putLong(size);
        }
        return b.array();
    }

    /** Seals what is written into chunks; {@link #close()} seals the last one (possibly empty). */
    static final class Sealing extends FilterOutputStream {
        private final SecretKey key;
        private final FileHeader header;
        private final byte[] headerAad;
        private final LongSupplier size;
        private final byte[] buffer = new byte[CHUNK];
        private final Cipher cipher;
        private int filled;
        private long index;
        private boolean closed;

        /**
         * @param size the content size once everything was written (before compression), for the
         *        last chunk's additional data
         */
        Sealing(OutputStream out, SecretKey key, FileHeader header, LongSupplier size) throws IOException {
            super(out);
            this.key = key;
            this.header = header;
            this.headerAad = header.additionalData();
            this.size = size;
            try {
                this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
            } catch (GeneralSecurityException e) {
                throw new IOException("AES/GCM is not available: " + e.getMessage(), e);
            }
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (filled == CHUNK) {
                    seal(false);
                }
                int n = Math.min(len, CHUNK - filled);
                System.arraycopy(b, off, buffer, filled, n);
                filled += n;
                off += n;
                len -= n;
            }
        }

        private void seal(boolean last) throws IOException {
            try {
                cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce(header.nonce(), index)));
                cipher.updateAAD(aad(headerAad, index, last, last ? size.getAsLong() : 0));
                out.write(cipher.doFinal(buffer, 0, filled));
            } catch (GeneralSecurityException e) {
                throw new IOException("encryption failed: " + e.getMessage(), e);
            }
            index++;
            filled = 0;
        }

        @Override
        public void flush() {
            // a chunk is written when it is full: nothing to flush early
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                seal(true);
                out.flush();
            }
        }
    }

    /** Opens chunks as they are read; a chunk's bytes are returned only once it was authenticated. */
    static final class Opening extends InputStream {
        private final InputStream in;
        private final SecretKey key;
        private final FileHeader header;
        private final byte[] headerAad;
        private final byte[] sealed = new byte[CHUNK + TAG_BYTES + 1];
        private final Cipher cipher;
        private int carried;
        private byte[] plain = new byte[0];
        private int position;
        private long index;
        private boolean done;

        Opening(InputStream in, SecretKey key, FileHeader header) throws IOException {
            this.in = in;
            this.key = key;
            this.header = header;
            this.headerAad = header.additionalData();
            try {
                this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
            } catch (GeneralSecurityException e) {
                throw new IOException("AES/GCM is not available: " + e.getMessage(), e);
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (position == plain.length) {
                if (done) {
                    return -1;
                }
                next();
            }
            int n = Math.min(len, plain.length - position);
            System.arraycopy(plain, position, b, off, n);
            position += n;
            return n;
        }

        /** Reads one sealed chunk (and one byte more, to know whether it is the last) and opens it. */
        private void next() throws IOException {
            int want = CHUNK + TAG_BYTES + 1;
            int have = carried;
            while (have < want) {
                int n = in.read(sealed, have, want - have);
                if (n < 0) {
                    break;
                }
                have += n;
            }
            boolean last = have < want;
            int length = last ? have : CHUNK + TAG_BYTES;
            if (length < TAG_BYTES) {
                throw new BadFormatException("the encrypted content is cut short");
            }
            try {
                cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce(header.nonce(), index)));
                cipher.updateAAD(aad(headerAad, index, last, last ? header.size() : 0));
                plain = cipher.doFinal(sealed, 0, length);
            } catch (AEADBadTagException e) {
                throw new BadFormatException("authentication failed: the file was changed or the key is wrong");
            } catch (GeneralSecurityException e) {
                throw new IOException("decryption failed: " + e.getMessage(), e);
            }
            position = 0;
            index++;
            if (last) {
                done = true;
                carried = 0;
            } else {
                sealed[0] = sealed[want - 1];
                carried = 1;
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
