package org.orrery.store.files.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.files.StoredFile;

/**
 * kill -9 of a JVM that writes a large file over an existing one: afterwards the file is a
 * whole old or a whole new content, and no temporary file is visible.
 */
class KillDuringWriteTest {

    @TempDir
    Path home;

    @Test
    void aKilledWriteLeavesTheOldOrTheNewFileWhole() throws Exception {
        Path root = home.resolve("files");
        for (int kill = 0; kill < 3; kill++) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), CrashWriter.class.getName(), root.toString(),
                    LocalFileStoreTest.KEY_1).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                // kill during a write after at least one whole write, at a different point each time
                int target = 2 + kill;
                String line;
                while ((line = out.readLine()) != null && !line.equals("writing " + target)) {
                    // wait for the child to start that write
                }
                assertEquals("writing " + target, line, "the child died before it was killed");
            } finally {
                child.destroyForcibly(); // SIGKILL
                assertTrue(child.waitFor(60, TimeUnit.SECONDS));
            }

            LocalFileStore store = new LocalFileStore(root, KeyRing.load(null, LocalFileStoreTest.KEY_1, "k1"), 0);
            byte[] content = store.read("big.bin", false);
            assertEquals(CrashWriter.SIZE, content.length);
            byte first = content[0];
            for (byte b : content) {
                if (b != first) {
                    throw new AssertionError("the file mixes two contents: " + first + " and " + b);
                }
            }
            List<String> listed = store.list("", true, 0, 10).files().stream().map(StoredFile::path).toList();
            assertEquals(List.of("big.bin"), listed);
            try (Stream<Path> onDisk = Files.list(root)) {
                assertEquals(List.of("big.bin"), onDisk.map(p -> p.getFileName().toString()).toList(),
                        "the temporary file was removed at start");
            }
        }
    }

}
