package org.orrery.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the agent benchmark computes from what it collected: the span of a run from its task
 * records, and the claim latencies from the clients' claim logs. No HTTP, no processes: the
 * harness's arithmetic, unit-tested.
 */
final class AgentFigures {

    private AgentFigures() {
    }

    /**
     * A run as its task records tell it: from the earliest {@code started_at} to the latest
     * {@code completed_at} of its completed tasks, and how many each executor
     * ({@code assigned_to}) ran.
     */
    record Span(Instant first, Instant last, int completed, int notCompleted, Map<String, Integer> byExecutor) {

        Duration duration() {
            return first == null ? Duration.ZERO : Duration.between(first, last);
        }

        /** Completed tasks per second over the span; NaN when it is empty. */
        double perSecond() {
            double seconds = duration().toNanos() / 1e9;
            return seconds <= 0 ? Double.NaN : completed / seconds;
        }

        /** The span of some task records (the JSON of {@code GET /tasks}: an array of tasks). */
        static Span of(Iterable<JsonNode> tasks) {
            Instant first = null;
            Instant last = null;
            int completed = 0;
            int other = 0;
            Map<String, Integer> byExecutor = new TreeMap<>();
            for (JsonNode task : tasks) {
                if (!"completed".equals(task.path("status").asText())) {
                    other++;
                    continue;
                }
                Instant started = Instant.parse(task.path("started_at").asText());
                Instant ended = Instant.parse(task.path("completed_at").asText());
                first = first == null || started.isBefore(first) ? started : first;
                last = last == null || ended.isAfter(last) ? ended : last;
                completed++;
                JsonNode executor = task.path("assigned_to");
                byExecutor.merge(executor.isTextual() ? executor.asText() : "(none)", 1, Integer::sum);
            }
            return new Span(first, last, completed, other, byExecutor);
        }
    }

    /** One claim as a client logged it: when it was sent (epoch ms), how long until its answer was read, how many tasks came. */
    record Claim(double sentEpochMillis, double millis, int tasks) {
    }

    /**
     * Reads a claim log: one line per claim, {@code <sent epoch ms> <latency ms> <tasks>},
     * separated by white space; blank lines and lines starting with {@code #} are skipped.
     */
    static List<Claim> readClaims(Path log) throws IOException {
        List<Claim> claims = new ArrayList<>();
        int number = 0;
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            number++;
            String text = line.trim();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            String[] f = text.split("\\s+");
            try {
                if (f.length != 3) {
                    throw new NumberFormatException("3 fields expected, found " + f.length);
                }
                claims.add(new Claim(Double.parseDouble(f[0]), Double.parseDouble(f[1]), Integer.parseInt(f[2])));
            } catch (NumberFormatException e) {
                throw new IOException(log + " line " + number + ": '" + line + "' is not '<sent epoch ms> <latency ms> <tasks>' ("
                        + e.getMessage() + ")", e);
            }
        }
        return claims;
    }

    /**
     * The claim latencies that count: claims that brought work (at least one task). A claim that
     * came back empty waited for work that was not there (the end of the run) and says nothing
     * about how fast work is handed out.
     */
    static List<Double> latenciesWithWork(List<Claim> claims) {
        List<Double> out = new ArrayList<>();
        for (Claim c : claims) {
            if (c.tasks() > 0) {
                out.add(c.millis());
            }
        }
        return out;
    }

    /** Tasks per claim that brought work; NaN when none did. */
    static double tasksPerClaim(List<Claim> claims) {
        long tasks = 0;
        long withWork = 0;
        for (Claim c : claims) {
            if (c.tasks() > 0) {
                tasks += c.tasks();
                withWork++;
            }
        }
        return withWork == 0 ? Double.NaN : (double) tasks / withWork;
    }
}
