package org.orrery.runtime.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;

/** A test of what is written to an empty {@code etc} folder of its own. */
abstract class EtcFolderTest {

    @TempDir
    Path etc;

    /** The names of the files in {@code etc}, sorted. */
    List<String> files() throws IOException {
        try (Stream<Path> list = Files.list(etc)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
