package org.orrery.runtime.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * The format version of a home, recorded in {@code etc/home.version}: which Orrery wrote it
 * last, and in which format. A home without the file is format 1 (the homes of the Orrery
 * before the file existed). A start upgrades an older home (configuration files: {@link
 * LegacyConfigurations}; the task database migrates itself in the store) and then records
 * {@link #CURRENT}; a home of a newer format is refused, since this Orrery would not know what
 * its newer files mean.
 */
final class HomeFormat {

    /** The format this Orrery writes. Raise it when a home written by it could not be read by the one before. */
    static final int CURRENT = 2;
    static final String FILE_NAME = "home.version";

    /** What a home's file says: its format and the Orrery version that wrote it (or "unknown"). */
    record Recorded(int format, String writtenBy) {
    }

    private HomeFormat() {
    }

    /** The home's recorded format; format 1 when the home has no file (or no {@code etc/} at all). */
    static Recorded read(Path etc) throws LaunchException {
        Path file = etc.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return new Recorded(1, "unknown");
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new LaunchException(file + " cannot be read (" + HomeFolder.describe(e) + ")");
        }
        String format = properties.getProperty("format", "").trim();
        try {
            return new Recorded(Integer.parseInt(format), properties.getProperty("written.by", "unknown").trim());
        } catch (NumberFormatException e) {
            throw new LaunchException(file + ": format='" + format + "' is not a number");
        }
    }

    /**
     * Refuses a home of a newer format than this Orrery's.
     *
     * @return what the home records
     */
    static Recorded requireKnown(Path etc) throws LaunchException {
        Recorded recorded = read(etc);
        if (recorded.format() > CURRENT) {
            throw new LaunchException("the home " + etc.getParent() + " has format " + recorded.format()
                    + " (written by Orrery " + recorded.writtenBy() + "), but this Orrery " + OrreryVersion.current()
                    + " knows formats up to " + CURRENT + ": run the newer Orrery that wrote it, or restore a backup"
                    + " made by this version into another folder");
        }
        return recorded;
    }

    /**
     * Records {@link #CURRENT} and this Orrery's version, if the file does not say so already.
     *
     * @param fresh the home was created by this start (so nothing was upgraded)
     * @return what changed, for the log
     */
    static Optional<String> record(Path etc, boolean fresh) throws IOException, LaunchException {
        Recorded before = read(etc);
        if (before.format() == CURRENT && before.writtenBy().equals(OrreryVersion.current())) {
            return Optional.empty();
        }
        String text = "# Written by Orrery at every start that changes it: the format of this home. Do not edit.\n"
                + "format=" + CURRENT + "\nwritten.by=" + OrreryVersion.current() + "\n";
        Path file = etc.resolve(FILE_NAME);
        Path temp = etc.resolve(FILE_NAME + ".tmp");
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        OwnerOnly.restrict(temp);
        Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return Optional.of(before.format() == CURRENT || fresh ? "format " + CURRENT + ", written by Orrery "
                + OrreryVersion.current() : "upgraded from format " + before.format() + " to " + CURRENT);
    }
}
