package org.orrery.devices.common.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NASA's {@code fitsverify} (Debian package {@code fitsverify}, installed by {@code .ci/run}) on
 * a file: its one-line summary ({@code -q}), parsed.
 */
public final class FitsVerify {

    public static final Path TOOL = Path.of("/usr/bin/fitsverify");
    private static final Pattern COUNTS = Pattern.compile("(\\d+) warnings? and (\\d+) errors?");

    /** The counts of one run, and the full report for messages. */
    public record Report(int warnings, int errors, String summary, String full) {
    }

    private FitsVerify() {
    }

    public static Report check(Path file) throws IOException, InterruptedException {
        assertTrue(Files.isExecutable(TOOL), TOOL + " is missing: install Debian's fitsverify package (.ci/run does)");
        String summary = run("-q", file);
        if (summary.contains("verification OK")) {
            return new Report(0, 0, summary, summary);
        }
        String full = run(null, file);
        Matcher m = COUNTS.matcher(summary);
        assertTrue(m.find(), "fitsverify's summary has no counts: " + summary);
        return new Report(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), summary, full);
    }

    /** Fails the test unless fitsverify finds no error; returns the report (warnings may remain). */
    public static Report assertNoErrors(Path file) throws IOException, InterruptedException {
        Report r = check(file);
        assertEquals(0, r.errors(), "fitsverify found errors in " + file + ":\n" + r.full());
        return r;
    }

    private static String run(String flag, Path file) throws IOException, InterruptedException {
        ProcessBuilder pb = flag == null ? new ProcessBuilder(TOOL.toString(), file.toString())
                : new ProcessBuilder(TOOL.toString(), flag, file.toString());
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "fitsverify did not finish");
        return out;
    }
}
