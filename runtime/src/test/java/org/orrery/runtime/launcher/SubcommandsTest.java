package org.orrery.runtime.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubcommandsTest {

    @TempDir
    Path tmp;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    Optional<Integer> run(String... arguments) {
        return run(Map.of(HomeFolder.ENV, tmp.resolve("home").toString()), arguments);
    }

    Optional<Integer> run(Map<String, String> environment, String... arguments) {
        return new Subcommands(environment, tmp, new PrintStream(out, true), new PrintStream(err, true)).run(List.of(arguments));
    }

    @Test
    void noSubcommandOrOnlyTheShellOptionStarts() {
        assertEquals(Optional.empty(), run());
        assertEquals(Optional.empty(), run("--shell"));
    }

    @Test
    void helpListsTheSubcommands() {
        assertEquals(Optional.of(0), run("--help"));
        assertEquals(Optional.of(0), run("help"));
        for (String command : List.of("version", "check", "backup", "restore", "reset-admin-password")) {
            assertTrue(out.toString().contains(command), command);
        }
    }

    @Test
    void anUnknownSubcommandExitsTwoWithTheList() {
        assertEquals(Optional.of(2), run("bakup", "x.zip"));
        assertTrue(err.toString().contains("unknown subcommand or option 'bakup'"), err.toString());
        assertTrue(err.toString().contains("reset-admin-password"), err.toString());
    }

    @Test
    void versionNamesOrreryTheHomeFormatJavaAndTheSystem() {
        assertEquals(Optional.of(0), run("version"));
        String text = out.toString();
        assertTrue(text.contains("Orrery " + OrreryVersion.current()), text);
        assertTrue(text.contains("Home format " + HomeFormat.CURRENT), text);
        assertTrue(text.contains("Java " + System.getProperty("java.version")), text);
        assertTrue(text.contains(System.getProperty("os.arch")), text);
    }

    @Test
    void wrongOperandsAndOptionsExitTwo() {
        assertEquals(Optional.of(2), run("backup"));
        assertTrue(err.toString().contains("needs 1 file name, found 0"), err.toString());
        assertEquals(Optional.of(2), run("restore", "a.zip", "--overwrite"));
        assertTrue(err.toString().contains("unknown option '--overwrite'"), err.toString());
        assertEquals(Optional.of(2), run("version", "now"));
    }

    @Test
    void resetAdminPasswordOfAMissingHomeExitsTwo() {
        assertEquals(Optional.of(2), run("reset-admin-password"));
        assertTrue(err.toString().contains("there is no Orrery home at"), err.toString());
    }
}
