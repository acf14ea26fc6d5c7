package org.orrery.core.scheduler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.orrery.task.TaskExecution;

/** The bound of an attempt's log lines: the first and the last kept, what fell between counted. */
class AttemptLogTest {

    private final AttemptLog log = new AttemptLog(() -> Instant.parse("2026-12-05T12:00:00Z"));

    @Test
    void fewLinesAreKeptAsTheyCame() {
        log.add("INFO", "one");
        log.add("WARN", "two");
        log.add("ERROR", null);
        List<TaskExecution.LogLine> lines = log.lines();
        assertEquals(List.of("one", "two", ""), lines.stream().map(TaskExecution.LogLine::message).toList());
        assertEquals(List.of("INFO", "WARN", "ERROR"), lines.stream().map(TaskExecution.LogLine::level).toList());
    }

    @Test
    void manyLinesKeepTheFirstAndTheLastWithinTwoHundredLines() {
        for (int i = 0; i < 1000; i++) {
            log.add("INFO", "line " + i);
        }
        List<TaskExecution.LogLine> lines = log.lines();
        assertEquals(AttemptLog.MAX_LINES, lines.size());
        assertEquals("line 0", lines.get(0).message());
        assertEquals("line 99", lines.get(99).message());
        assertTrue(lines.get(100).message().contains("801 line(s) left out"), lines.get(100).message());
        assertEquals("line 901", lines.get(101).message());
        assertEquals("line 999", lines.get(199).message());
    }

    @Test
    void longLinesAreCutAndTheWholeStaysWithin64KiB() {
        String big = "x".repeat(10_000);
        for (int i = 0; i < 300; i++) {
            log.add("INFO", i + " " + big);
        }
        List<TaskExecution.LogLine> lines = log.lines();
        int bytes = lines.stream().mapToInt(l -> l.message().getBytes(StandardCharsets.UTF_8).length).sum();
        assertTrue(bytes <= AttemptLog.MAX_BYTES, bytes + " bytes");
        assertTrue(lines.get(0).message().startsWith("0 x"), "the first line kept");
        assertTrue(lines.get(0).message().endsWith("more characters)"), "a long line says it was cut");
        assertTrue(lines.get(lines.size() - 1).message().startsWith("299 "), "the last line kept");
        assertTrue(lines.stream().anyMatch(l -> l.message().contains("left out")));
    }
}
