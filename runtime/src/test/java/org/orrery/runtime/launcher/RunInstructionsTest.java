package org.orrery.runtime.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;

import org.junit.jupiter.api.Test;

class RunInstructionsTest {

    @Test
    void parsesContinuationLinesAndSkipsComments() throws IOException {
        RunInstructions parsed = RunInstructions.parse(new BufferedReader(new StringReader("""
                # comment
                -runsystempackages: \\
                \torg.slf4j;version=2.0.17,\\
                \torg.slf4j.spi;version=2.0.17

                -other: x
                """)));
        assertEquals("org.slf4j;version=2.0.17,org.slf4j.spi;version=2.0.17", parsed.systemPackages());
        assertEquals("x", parsed.instructions().get("-other"));
    }

    @Test
    void theLauncherJarCarriesTheSharedRuntimeInstructions() throws Exception {
        String packages = RunInstructions.fromClassPath().systemPackages();
        assertTrue(packages.contains("org.slf4j;version=2.0.17"), packages);
        assertTrue(packages.contains("org.slf4j;version=1.7.36"), packages);
        String capabilities = RunInstructions.fromClassPath().systemCapabilities();
        assertTrue(capabilities.contains("osgi.serviceloader.processor"), capabilities);
    }
}
