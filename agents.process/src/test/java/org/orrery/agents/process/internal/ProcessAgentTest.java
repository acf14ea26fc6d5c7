package org.orrery.agents.process.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.task.Severity;
import org.orrery.task.TaskException;
import org.orrery.task.TaskExecution.ResourceUsage;
import org.orrery.testsupport.FakeActionContext;

/** The process agent with real processes: /bin/sh scripts the test writes are its allowed programs. */
class ProcessAgentTest {

    @TempDir
    Path dir;

    private Programs programs;

    private Programs programs(ProcessSettings settings) {
        programs = new Programs(dir, settings);
        return programs;
    }

    private Programs programs() {
        return programs(Programs.settings(dir));
    }

    @AfterEach
    void close() {
        if (programs != null) {
            programs.close();
        }
    }

    private static TaskException failure(CompletableFuture<?> stage) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> stage.get(30, TimeUnit.SECONDS));
        return assertInstanceOf(TaskException.class, FakeActionContext.unwrap(e));
    }

    @Test
    void aProgramThatSucceedsGivesItsOutputExitCodeAndUsage() throws Exception {
        Programs p = programs();
        p.script("hello", "echo out; echo err >&2");
        FakeActionContext context = p.context("process.run", Map.of("program", "hello"));
        Map<String, Object> result = p.run(context).get(30, TimeUnit.SECONDS);
        assertEquals(0, result.get("exit_code"));
        assertEquals("out\n", result.get("stdout"));
        assertEquals("err\n", result.get("stderr"));
        assertEquals(false, result.get("truncated"));
        assertTrue(((BigDecimal) result.get("duration")).signum() >= 0, result.toString());
        assertNotNull(context.reportedUsage, "the usage is reported to the execution record");
        assertTrue(context.logged.stream().anyMatch(l -> l.startsWith("INFO started program 'hello'")), context.logged.toString());
        assertTrue(context.logged.stream().anyMatch(l -> l.contains("ended with exit code 0")), context.logged.toString());
    }

    @Test
    void theTaskTypeNamesTheProgramWhenNoParameterDoes() throws Exception {
        Programs p = programs();
        p.script("greet", "echo hi");
        assertEquals("hi\n", p.runToEnd("greet", Map.of()).get("stdout"));
    }

    @Test
    void aNonZeroExitFailsNotRetryableWithTheEndOfStderr() throws Exception {
        Programs p = programs();
        p.script("boom", "echo 'it went wrong' >&2; exit 3");
        TaskException e = failure(p.run(p.context("boom", Map.of())));
        assertTrue(e.getMessage().contains("exited with code 3") && e.getMessage().contains("it went wrong"), e.getMessage());
        assertFalse(e.retryable());
    }

    @Test
    void anExitCodeOnTheRetryListFailsRetryable() throws Exception {
        Programs p = programs(Programs.settings(dir).withRetryOnExitCodes(Set.of(75)));
        p.script("busy", "exit 75");
        assertTrue(failure(p.run(p.context("busy", Map.of()))).retryable());
    }

    @Test
    void argumentsArriveVerbatimWithoutAShell() throws Exception {
        Programs p = programs();
        p.script("args", "for a in \"$@\"; do printf '[%s]\\n' \"$a\"; done");
        List<String> args = List.of("two words", "it's \"quoted\"", "$HOME", "*", "", "a;b|c && d", "`id`", "new\nline");
        Map<String, Object> result = p.runToEnd("args", Map.of("args", args));
        assertEquals(args.stream().map(a -> "[" + a + "]\n").collect(Collectors.joining()), result.get("stdout"));
    }

    @Test
    void outputBeyondTheLimitKeepsHeadAndTailAndSaysHowMuchWasLeftOut() throws Exception {
        Programs p = programs(Programs.settings(dir).withOutputLimit(1000));
        p.allow("seq", "/usr/bin/seq");
        Map<String, Object> result = p.runToEnd("seq", Map.of("args", List.of("1", "20000")));
        String out = (String) result.get("stdout");
        long total = ((Number) result.get("stdout_bytes")).longValue();
        assertEquals(108894, total, "seq 1 20000 writes 108894 bytes");
        assertEquals(true, result.get("truncated"));
        assertTrue(out.startsWith("1\n2\n3\n"), out);
        assertTrue(out.endsWith("19999\n20000\n"), out);
        assertTrue(out.contains("[… " + (total - 1000) + " bytes left out …]"), out);
    }

    @Test
    void theTimeLimitEndsTheProgram() throws Exception {
        Programs p = programs();
        p.script("slow", "echo $$ > slow.pid; exec sleep 300");
        CompletableFuture<Map<String, Object>> run = p.run(p.context("slow", Map.of("time_limit_seconds", 0.5)));
        TaskException e = failure(run);
        assertTrue(e.getMessage().contains("time limit of 0.5 s"), e.getMessage());
        assertFalse(e.retryable());
        assertTrue(Programs.gone(p.pid("slow.pid")));
    }

    @Test
    void cancellingEndsTheWholeTreeAlsoAParentThatIgnoresSigterm() throws Exception {
        Programs p = programs();
        p.script("tree", "trap '' TERM; echo $$ > parent.pid; sleep 300 & echo $! > child.pid; wait; wait");
        FakeActionContext context = p.context("tree", Map.of());
        CompletableFuture<Map<String, Object>> run = p.run(context);
        long parent = p.pid("parent.pid");
        long child = p.pid("child.pid");
        assertFalse(Programs.gone(parent) || Programs.gone(child), "both run before the cancel");
        TaskException why = new TaskException("cancelled by alice", Severity.LOW, false);
        context.cancel(why);
        assertSame(why, failure(run), "the stage fails with the cancellation's reason");
        Programs.await("the parent and its child are gone", () -> Programs.gone(parent) && Programs.gone(child));
        // the grace timer's SIGKILL says so once kill() returned, which may be just after the processes are gone
        Programs.await("SIGKILL was needed and said so",
                () -> context.logged.stream().anyMatch(l -> l.contains("killed")));
    }

    @Test
    void cancellingEndsAProcessThatAlreadyLeftTheTree() throws Exception {
        // no usage sampling: only the run's mark in the environment can find the orphan
        Programs p = programs(Programs.settings(dir).withSampleInterval(Duration.ZERO));
        p.script("orphan", "sh -c 'sleep 300 & echo $! > orphan.pid'; echo $$ > main.pid; exec sleep 300");
        FakeActionContext context = p.context("orphan", Map.of());
        CompletableFuture<Map<String, Object>> run = p.run(context);
        long main = p.pid("main.pid");
        long orphan = p.pid("orphan.pid");
        assertTrue(ProcessHandle.of(main).orElseThrow().descendants().noneMatch(d -> d.pid() == orphan),
                "the orphan is no descendant of the program any more");
        context.cancel(new TaskException("cancelled", Severity.LOW, false));
        failure(run);
        Programs.await("the program and the orphan are gone", () -> Programs.gone(main) && Programs.gone(orphan));
    }

    @Test
    void processesTheProgramLeavesBehindAreEndedAndDoNotHoldTheResult() throws Exception {
        Programs p = programs(Programs.settings(dir).withSampleInterval(Duration.ZERO));
        p.script("daemon", "sleep 300 & echo $! > left.pid; echo started");
        FakeActionContext context = p.context("daemon", Map.of());
        Map<String, Object> result = p.run(context).get(30, TimeUnit.SECONDS);
        assertEquals("started\n", result.get("stdout"));
        long left = p.pid("left.pid");
        Programs.await("the process left behind is gone", () -> Programs.gone(left));
        assertTrue(context.logged.stream().anyMatch(l -> l.contains("left 1 process(es) behind")), context.logged.toString());
    }

    @Test
    void deactivationEndsEveryRunningTreeAndTheAgentsThreads() throws Exception {
        Programs p = programs();
        p.script("long", "echo $$ > long.pid; sleep 300 & echo $! > long-child.pid; wait");
        CompletableFuture<Map<String, Object>> run = p.run(p.context("long", Map.of()));
        long parent = p.pid("long.pid");
        long child = p.pid("long-child.pid");
        p.agent.deactivate();
        assertTrue(failure(run).getMessage().contains("stopped while the program ran"));
        assertTrue(Programs.gone(parent) && Programs.gone(child), "no process left behind");
        Programs.await("the agent's threads ended", () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("process-agent-process-test")));
        assertTrue(p.agent.running().isEmpty());
    }

    @Test
    void theEnvironmentIsTheInheritedListPlusTheTasksAndNothingElse() throws Exception {
        Programs p = programs();
        p.allow("env", "/usr/bin/env");
        Map<String, Object> result = p.runToEnd("env", Map.of("env", Map.of("GREETING", "hello world")));
        Set<String> names = Arrays.stream(((String) result.get("stdout")).split("\n"))
                .map(line -> line.substring(0, line.indexOf('='))).collect(Collectors.toCollection(TreeSet::new));
        assertTrue(((String) result.get("stdout")).contains("GREETING=hello world\n"), result.toString());
        names.removeAll(ProcessSettings.DEFAULT_ENV_INHERIT);
        assertEquals(Set.of("GREETING", ProcessTree.MARK), names);
    }

    @Test
    void stdinIsWrittenToTheProgram() throws Exception {
        Programs p = programs();
        p.allow("cat", "/bin/cat");
        assertEquals("line one\nline two", p.runToEnd("cat", Map.of("stdin", "line one\nline two")).get("stdout"));
    }

    @Test
    void theProgramRunsInItsWorkingFolderUnderTheRoot() throws Exception {
        Programs p = programs();
        p.allow("pwd", "/bin/pwd");
        Map<String, Object> result = p.runToEnd("pwd", Map.of("working_dir", "plates/night-1"));
        assertEquals(p.root.resolve("plates/night-1").toRealPath() + "\n", result.get("stdout"));
    }

    @Test
    void aWorkingFolderThatLeavesTheRootThroughALinkIsRefusedWhenItRuns() throws Exception {
        Programs p = programs();
        p.allow("pwd", "/bin/pwd");
        Files.createDirectories(p.root);
        Files.createSymbolicLink(p.root.resolve("out"), dir);
        p.agent.validate("pwd", Map.of("working_dir", "out"));
        TaskException e = assertThrows(TaskException.class, () -> p.run(p.context("pwd", Map.of("working_dir", "out"))));
        assertTrue(e.getMessage().contains("working_dir") && e.getMessage().contains("leads to"), e.getMessage());
    }

    @Test
    void cpuTimeAndPeakMemoryAreMeasured() throws Exception {
        Programs p = programs();
        p.script("busy", "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done");
        FakeActionContext context = p.context("busy", Map.of());
        Map<String, Object> result = p.run(context).get(60, TimeUnit.SECONDS);
        assertTrue(((BigDecimal) result.get("cpu_seconds")).signum() > 0, result.toString());
        assertTrue(((Long) result.get("peak_memory_bytes")) > 0, result.toString());
        assertEquals(result.get("peak_memory_bytes"), context.reportedUsage.peakMemoryBytes());
        assertNotNull(context.reportedUsage.cpuTime());
    }

    @Test
    void usageNotMeasuredIsLeftOutOfTheResultWhichHoldsNoNull() throws Exception {
        Programs p = programs(Programs.settings(dir).withSampleInterval(Duration.ZERO));
        p.script("quick", "echo done");
        FakeActionContext context = p.context("quick", Map.of());
        Map<String, Object> result = p.run(context).get(30, TimeUnit.SECONDS);
        assertEquals(result, Map.copyOf(result), "a task record copies its result with Map.copyOf");
        assertFalse(result.containsKey("cpu_seconds") || result.containsKey("peak_memory_bytes"), result.toString());
        assertEquals(new ResourceUsage(null, null), context.reportedUsage);
    }

    @Test
    void safeToRerunOnlyForTheConfiguredTaskTypes() {
        Programs p = programs();
        assertTrue(p.agent.safeToRerun("safe"));
        assertFalse(p.agent.safeToRerun("process.run"));
    }
}
