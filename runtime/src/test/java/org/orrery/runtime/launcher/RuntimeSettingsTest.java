package org.orrery.runtime.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeSettingsTest {

    @TempDir
    Path etc;

    private RuntimeSettings read(Map<String, String> env, String... args) throws LaunchException {
        return RuntimeSettings.read(etc, env, List.of(args));
    }

    private void file(String text) throws IOException {
        Files.writeString(etc.resolve("orrery.properties"), text);
    }

    @Test
    void aTooShortAdminPasswordStopsTheStartWithoutShowingIt() {
        LaunchException e = assertThrows(LaunchException.class, () -> read(Map.of("ORRERY_ADMIN_PASSWORD", "q")));
        assertEquals("ORRERY_ADMIN_PASSWORD holds 1 character; a password needs at least 8 (or leave it unset, and Orrery"
                + " generates one)", e.getMessage());
        assertEquals(8, RuntimeSettings.MIN_PASSWORD);
    }

    @Test
    void anAdminPasswordOfEightCharactersOrNoneIsAccepted() throws LaunchException {
        read(Map.of("ORRERY_ADMIN_PASSWORD", "12345678"));
        read(Map.of("ORRERY_ADMIN_PASSWORD", " "));
    }

    @Test
    void defaultsBindToLoopbackOn8080WithoutShell() throws LaunchException {
        RuntimeSettings s = read(Map.of());
        assertEquals("127.0.0.1", s.httpHost());
        assertEquals(8080, s.httpPort());
        assertFalse(s.shell());
        assertEquals("info", s.logLevel());
        assertTrue(s.problems().isEmpty());
    }

    @Test
    void theWrittenDefaultFileChangesNothing() throws Exception {
        RuntimeSettings.writeDefaultFile(etc);
        RuntimeSettings s = read(Map.of());
        assertEquals(8080, s.httpPort());
        assertTrue(s.problems().isEmpty());
        assertTrue(s.frameworkProperties().isEmpty());
    }

    @Test
    void fileSetsValuesAndEnvironmentWins() throws Exception {
        file("http.host=0.0.0.0\nhttp.port=9000\nlog.level=DEBUG\n");
        RuntimeSettings fromFile = read(Map.of());
        assertEquals("0.0.0.0", fromFile.httpHost());
        assertEquals(9000, fromFile.httpPort());
        assertEquals("debug", fromFile.logLevel());
        RuntimeSettings fromEnv = read(Map.of("ORRERY_HTTP_PORT", "9100", "ORRERY_HTTP_HOST", "::1"));
        assertEquals(9100, fromEnv.httpPort());
        assertEquals("::1", fromEnv.httpHost());
    }

    @Test
    void badValuesInTheFileAreReportedAndReplacedByDefaults() throws Exception {
        file("http.port=eighty\nshell=maybe\nlog.level=loud\n");
        RuntimeSettings s = read(Map.of());
        assertEquals(8080, s.httpPort());
        assertFalse(s.shell());
        assertEquals("info", s.logLevel());
        assertEquals(3, s.problems().size(), s.problems().toString());
        assertTrue(s.problems().get(0).contains("http.port='eighty'"), s.problems().get(0));
    }

    @Test
    void corruptFileIsReportedNamingTheFile() throws Exception {
        file("http.port=\\u12\n");
        RuntimeSettings s = read(Map.of());
        assertEquals(8080, s.httpPort());
        assertEquals(1, s.problems().size());
        assertTrue(s.problems().get(0).contains("orrery.properties"), s.problems().get(0));
    }

    @Test
    void badEnvironmentValuesStopTheStart() {
        LaunchException port = assertThrows(LaunchException.class, () -> read(Map.of("ORRERY_HTTP_PORT", "70000")));
        assertTrue(port.getMessage().contains("ORRERY_HTTP_PORT='70000'"), port.getMessage());
        assertThrows(LaunchException.class, () -> read(Map.of("ORRERY_SHELL", "perhaps")));
        assertThrows(LaunchException.class, () -> read(Map.of("ORRERY_LOG_LEVEL", "verbose")));
    }

    @Test
    void shellIsOffUnlessAskedFor() throws LaunchException {
        assertTrue(read(Map.of(), "--shell").shell());
        assertTrue(read(Map.of("ORRERY_SHELL", "true")).shell());
        assertFalse(read(Map.of("ORRERY_SHELL", "off")).shell());
    }

    @Test
    void frameworkPrefixedPropertiesPassThrough() throws Exception {
        file("framework.felix.fileinstall.poll=250\nframework.=ignored\nother=1\n");
        assertEquals(Map.of("felix.fileinstall.poll", "250"), read(Map.of()).frameworkProperties());
    }
}
