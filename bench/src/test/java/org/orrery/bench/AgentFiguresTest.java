package org.orrery.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent benchmark's arithmetic: spans from task records, claim logs. */
class AgentFiguresTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void theSpanRunsFromTheEarliestStartToTheLatestCompletionOfTheCompletedTasks() throws Exception {
        JsonNode records = MAPPER.readTree("""
                [{"status": "completed", "started_at": "2026-12-05T10:00:00.500Z", "completed_at": "2026-12-05T10:00:01Z", "assigned_to": "a1"},
                 {"status": "completed", "started_at": "2026-12-05T10:00:00.250Z", "completed_at": "2026-12-05T10:00:00.300Z", "assigned_to": "a2"},
                 {"status": "completed", "started_at": "2026-12-05T10:00:00.900Z", "completed_at": "2026-12-05T10:00:01.250Z", "assigned_to": "a1"},
                 {"status": "failed", "started_at": "2026-12-05T09:00:00Z", "completed_at": "2026-12-05T11:00:00Z", "assigned_to": "a3"},
                 {"status": "completed", "started_at": "2026-12-05T10:00:01Z", "completed_at": "2026-12-05T10:00:01.1Z", "assigned_to": null}]
                """);
        AgentFigures.Span span = AgentFigures.Span.of(records);
        assertEquals(Instant.parse("2026-12-05T10:00:00.250Z"), span.first());
        assertEquals(Instant.parse("2026-12-05T10:00:01.250Z"), span.last());
        assertEquals(Duration.ofSeconds(1), span.duration());
        assertEquals(4, span.completed());
        assertEquals(1, span.notCompleted());
        assertEquals(4.0, span.perSecond(), 1e-9);
        assertEquals(Map.of("a1", 2, "a2", 1, "(none)", 1), span.byExecutor());
    }

    @Test
    void anEmptySpanHasNoRate() {
        AgentFigures.Span span = AgentFigures.Span.of(List.of());
        assertEquals(Duration.ZERO, span.duration());
        assertTrue(Double.isNaN(span.perSecond()));
    }

    @Test
    void onlyClaimsThatBroughtWorkCountForTheLatency(@TempDir Path dir) throws IOException {
        Path log = Files.writeString(dir.resolve("claims.txt"), """
                # sent_epoch_ms latency_ms tasks
                1764928800000.5 1.25 3

                1764928800002 30000.0 0
                1764928800003 2.5 1
                """);
        List<AgentFigures.Claim> claims = AgentFigures.readClaims(log);
        assertEquals(3, claims.size());
        assertEquals(List.of(1.25, 2.5), AgentFigures.latenciesWithWork(claims));
        assertEquals(2.0, AgentFigures.tasksPerClaim(claims), 1e-9);
        assertTrue(Double.isNaN(AgentFigures.tasksPerClaim(List.of(claims.get(1)))));
    }

    @Test
    void aMalformedClaimLineNamesTheFileAndTheLine(@TempDir Path dir) throws IOException {
        Path log = Files.writeString(dir.resolve("claims.txt"), "1 2 3\n1 2\n");
        IOException e = assertThrows(IOException.class, () -> AgentFigures.readClaims(log));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("claims.txt"), e.getMessage());
    }

    @Test
    void cpuPerTaskIsTheShareOfTheMachineOverThePhase() {
        CpuShare share = new CpuShare(90, 50, 25, 5, 4.0); // 4 s on 2 cores: 8 CPU-seconds of capacity
        assertEquals(10.0, share.other(), 1e-9);
        assertEquals(2.0, share.millisPer(share.runtime(), 2_000, 2), 1e-9); // 4 CPU-seconds over 2 000 tasks
        assertEquals(1.0, share.millisPer(share.clients(), 2_000, 2), 1e-9);
        assertTrue(Double.isNaN(share.millisPer(50, 0, 2)));
    }

    @Test
    void theReportNamesTheRatesTheLatencyAndTheGoals() {
        AgentFigures.Span local = new AgentFigures.Span(Instant.parse("2026-12-05T10:00:00Z"), Instant.parse("2026-12-05T10:00:02Z"),
                4_000, 0, Map.of("local", 4_000));
        AgentFigures.Span remote = new AgentFigures.Span(Instant.parse("2026-12-05T10:01:00Z"), Instant.parse("2026-12-05T10:01:04Z"),
                4_000, 0, Map.of("a1", 2_000, "a2", 2_000));
        List<AgentFigures.Claim> claims = List.of(new AgentFigures.Claim(0, 3, 2), new AgentFigures.Claim(0, 30, 0));
        CpuShare load = new CpuShare(90, 50, 25, 5, 4.0);
        String report = AgentReport.markdown(new BenchSupport.Settings(Map.of()), 4_000,
                List.of(new AgentBenchmark.Phase(local, List.of(), load)), List.of(new AgentBenchmark.Phase(remote, claims, load)),
                "java");
        assertTrue(report.contains("| 1 | local `system.noop` (baseline) | 4000 | 2.000 | 2 000 |"), report);
        assertTrue(report.contains("| 1 | remote agents over HTTP | 4000 | 4.000 | 1 000 | 1 | 2.00 | 3.00 |"), report);
        assertTrue(report.contains("agents / local = **0.50×**"), report);
        assertTrue(report.contains("| ≥ 2 000 tasks/s through the agents | 1 000 tasks/s (median of 1) | **MISS** |"), report);
        assertTrue(report.contains("| claim latency p99 < 20 ms | p99 3.00 ms over 1 claims with work | PASS |"), report);
    }
}
