package org.orrery.agents.process.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.task.TaskParameterException;

/** {@code Agent.validate}: what the process agent refuses at submission, and what it says. */
class ValidateTest {

    @TempDir
    Path dir;

    private Programs programs;

    @BeforeEach
    void allow() {
        programs = new Programs(dir, Programs.settings(dir), AllowedProgram.of("solve-field", Path.of("/usr/bin/true")),
                AllowedProgram.of("stack", Path.of("/usr/bin/true"), "stacks", "tmp/stacks"),
                AllowedProgram.of("quick", Path.of("/usr/bin/true")).withTimeLimit(1000));
    }

    @AfterEach
    void close() {
        programs.close();
    }

    private void refused(String taskType, Map<String, Object> parameters, String... mentions) {
        TaskParameterException e = assertThrows(TaskParameterException.class,
                () -> programs.agent.validate(taskType, parameters));
        for (String m : mentions) {
            assertTrue(e.getMessage().contains(m), "'" + e.getMessage() + "' should mention " + m);
        }
    }

    @Test
    void aProgramNotOnTheListIsRefusedNamingTheAllowedOnes() {
        refused("process.run", Map.of("program", "rm"), "'program'", "quick, solve-field, stack", "found 'rm'");
        refused("process.run", Map.of(), "'program'", "found nothing");
        refused("rm", Map.of(), "'program'", "found 'rm'");
        assertDoesNotThrow(() -> programs.agent.validate("process.run", Map.of("program", "solve-field")));
        assertDoesNotThrow(() -> programs.agent.validate("solve-field", Map.of()));
    }

    @Test
    void argumentsMustBeAnArrayOfStrings() {
        refused("solve-field", Map.of("args", "--help"), "'args'", "array", "found '--help'");
        refused("solve-field", Map.of("args", List.of("a", 2)), "'args[1]'", "string", "found 2");
        refused("solve-field", Map.of("args", List.of("a\0b")), "'args[0]'", "NUL");
        assertDoesNotThrow(() -> programs.agent.validate("solve-field", Map.of("args", List.of("--scale", "1.2", ""))));
    }

    @Test
    void aWorkingFolderThatEscapesTheRootIsRefused() {
        refused("solve-field", Map.of("working_dir", "../outside"), "'working_dir'", "under the working root",
                "found '../outside'");
        refused("solve-field", Map.of("working_dir", "a/../../.."), "'working_dir'");
        refused("solve-field", Map.of("working_dir", "/etc"), "'working_dir'", "found '/etc'");
        refused("solve-field", Map.of("working_dir", 3), "'working_dir'");
        assertDoesNotThrow(() -> programs.agent.validate("solve-field", Map.of("working_dir", "plates/./m31")));
        assertDoesNotThrow(() -> programs.agent.validate("solve-field",
                Map.of("working_dir", dir.resolve("work/abs").toString())));
    }

    @Test
    void aProgramWithWorkingFoldersRunsOnlyInThem() {
        refused("stack", Map.of("working_dir", "plates"), "'working_dir'", "[stacks, tmp/stacks]", "'stack'");
        refused("stack", Map.of("working_dir", "stacks-other"), "'working_dir'");
        assertDoesNotThrow(() -> programs.agent.validate("stack", Map.of("working_dir", "stacks/m31")));
        assertDoesNotThrow(() -> programs.agent.validate("stack", Map.of("working_dir", "tmp/stacks")));
    }

    @Test
    void aTimeLimitAboveTheMaximumIsRefused() {
        refused("solve-field", Map.of("time_limit_seconds", 121), "'time_limit_seconds'", "at most 120 s", "found 121");
        refused("solve-field", Map.of("time_limit_seconds", 0), "'time_limit_seconds'", "above 0");
        refused("solve-field", Map.of("time_limit_seconds", "10"), "'time_limit_seconds'");
        assertDoesNotThrow(() -> programs.agent.validate("solve-field", Map.of("time_limit_seconds", 120)));
    }

    @Test
    void variablesOnTheDenyListAreRefused() {
        refused("solve-field", Map.of("env", Map.of("LD_PRELOAD", "/tmp/evil.so")), "'env'", "LD_PRELOAD", "deny list");
        refused("solve-field", Map.of("env", Map.of("ld_library_path", "/tmp")), "'env'", "ld_library_path");
        refused("solve-field", Map.of("env", Map.of("BASH_ENV", "/tmp/x")), "BASH_ENV");
        refused("solve-field", Map.of("env", Map.of(ProcessTree.MARK, "x")), ProcessTree.MARK);
        refused("solve-field", Map.of("env", Map.of("1X", "y")), "'env'", "found '1X'");
        refused("solve-field", Map.of("env", Map.of("X", 1)), "'env.X'", "string");
        assertDoesNotThrow(() -> programs.agent.validate("solve-field", Map.of("env", Map.of("OMP_NUM_THREADS", "2"))));
    }

    @Test
    void unknownParametersAndBadStdinAreRefused() {
        refused("solve-field", Map.of("shell", true), "'shell'", "args, env, program, stdin, time_limit_seconds, working_dir");
        refused("solve-field", Map.of("stdin", List.of()), "'stdin'", "text");
        char[] big = new char[ProcessSettings.STDIN_LIMIT + 1];
        Arrays.fill(big, 'x');
        refused("solve-field", Map.of("stdin", new String(big)), "'stdin'", "at most 1048576 bytes");
    }
}
