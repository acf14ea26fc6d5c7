package org.orrery.runtime.launcher;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.RollingFileAppender;

/**
 * A rolling log file readable by its owner only: each time Logback opens the file (at start
 * and after every roll-over) the file, and the rolled archives beside it, get mode 0600.
 */
final class OwnerOnlyFileAppender extends RollingFileAppender<ILoggingEvent> {

    @Override
    public void openFile(String fileName) throws IOException {
        super.openFile(fileName);
        Path file = Path.of(fileName).toAbsolutePath();
        OwnerOnly.restrict(file);
        String prefix = file.getFileName().toString().replaceFirst("\\.log$", "");
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(file.getParent(), prefix + ".*")) {
            siblings.forEach(OwnerOnly::restrict);
        }
    }
}
