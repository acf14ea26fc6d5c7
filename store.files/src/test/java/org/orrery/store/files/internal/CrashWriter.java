package org.orrery.store.files.internal;

import java.nio.file.Path;
import java.util.Arrays;

import org.orrery.files.Compression;
import org.orrery.files.WriteOptions;

/**
 * The child JVM of {@link KillDuringWriteTest}: writes {@value #SIZE} bytes of one value over
 * {@code big.bin} again and again (the value counts up; odd rounds encrypted), saying
 * "writing n" on stdout before each write, until it is killed.
 */
public final class CrashWriter {

    static final int SIZE = 8 * 1024 * 1024;

    private CrashWriter() {
    }

    public static void main(String[] args) throws Exception {
        LocalFileStore store = new LocalFileStore(Path.of(args[0]), KeyRing.load(null, args[1], "k1"), 0);
        byte[] data = new byte[SIZE];
        for (int round = 1; ; round++) {
            Arrays.fill(data, (byte) round);
            System.out.println("writing " + round);
            System.out.flush();
            store.write("big.bin", data, new WriteOptions(Compression.NONE, round % 2 == 1, true));
        }
    }
}
