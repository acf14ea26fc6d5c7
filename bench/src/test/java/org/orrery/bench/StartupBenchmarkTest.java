package org.orrery.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark's arithmetic and file editing; no timing (the benchmark itself runs only with -Pbench). */
class StartupBenchmarkTest {

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(3, StartupReport.median(List.of(5L, 1L, 3L)));
        assertEquals(3, StartupReport.median(List.of(4L, 1L, 2L, 9L)));
        assertEquals(7, StartupReport.median(List.of(7L)));
    }

    @Test
    void setPropertyReplacesCommentedOrAppends() {
        String cfg = "# comment\nsshPort = 8101\nsshHost = 0.0.0.0\n#rmiServerPort=44444\n";
        String edited = KarafSetup.setProperty(cfg, "sshPort", "12345");
        edited = KarafSetup.setProperty(edited, "sshHost", "127.0.0.1");
        edited = KarafSetup.setProperty(edited, "rmiServerPort", "2");
        edited = KarafSetup.setProperty(edited, "rmiRegistryPort", "1");
        assertEquals("# comment\nsshPort = 12345\nsshHost = 127.0.0.1\nrmiServerPort = 2\nrmiRegistryPort = 1\n", edited);
    }
}
