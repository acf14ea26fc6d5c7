package org.orrery.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.orrery.bench.AgentBenchmark.Phase;
import org.orrery.bench.BenchSupport.Settings;

/** The agent benchmark's report: a Markdown section for docs/benchmarks.md. */
final class AgentReport {

    static final double GOAL_TASKS_PER_SECOND = 2_000;
    static final double GOAL_CLAIM_P99_MS = 20;

    private AgentReport() {
    }

    static String markdown(Settings settings, int tasks, List<Phase> local, List<Phase> remote, String java) {
        StringBuilder out = new StringBuilder();
        int clients = settings.integer("clients", 4);
        out.append(String.format(Locale.ROOT, "## Remote agents: %s no-op tasks through %d reference clients, durable (SQLite)%n%n",
                BenchSupport.fmt(tasks), clients));
        out.append("- machine: ").append(BenchSupport.machineLine()).append("\n");
        out.append("- runtime JVM: ").append(java).append("; harness: ").append(BenchSupport.jvmLine()).append("\n");
        out.append("- clients: ").append(clients).append(" × `").append(settings.get("client.command", AgentBenchmark.CLIENT_COMMAND))
                .append("`, concurrency ").append(settings.integer("concurrency", 8)).append(", warm-up ")
                .append(settings.integer("warmup", 2_000)).append(" tasks of each kind\n\n");
        out.append("| round | run | tasks | span s | tasks/s | claims with work | tasks per claim | claim p50 ms | p99 ms | max ms"
                + " | empty claims | CPU ms per task: runtime, clients | CPU during the run |\n"
                + "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
        List<Double> claimMillis = new ArrayList<>();
        for (int r = 0; r < Math.max(local.size(), remote.size()); r++) {
            if (r < local.size()) {
                row(out, r + 1, "local `system.noop` (baseline)", local.get(r));
            }
            if (r < remote.size()) {
                row(out, r + 1, "remote agents over HTTP", remote.get(r));
                claimMillis.addAll(AgentFigures.latenciesWithWork(remote.get(r).claims()));
            }
        }
        double localRate = medianRate(local);
        double remoteRate = medianRate(remote);
        double p99 = claimMillis.isEmpty() ? Double.NaN : DashboardBenchmark.p99(claimMillis);
        out.append(String.format(Locale.ROOT, "%nMedian tasks/s: local %s, agents %s; agents / local = **%.2f×**.%n",
                BenchSupport.fmt(localRate), BenchSupport.fmt(remoteRate), remoteRate / localRate));
        out.append("\nTasks per executor (`assigned_to` of the records):");
        for (int r = 0; r < remote.size(); r++) {
            out.append(" round ").append(r + 1).append(" ").append(remote.get(r).span().byExecutor()).append(";");
        }
        out.append("\n\n| goal | result | |\n|---|---|---|\n");
        out.append(String.format(Locale.ROOT, "| ≥ 2 000 tasks/s through the agents | %s tasks/s (median of %d) | %s |%n",
                BenchSupport.fmt(remoteRate), remote.size(), BenchSupport.passMiss(remoteRate >= GOAL_TASKS_PER_SECOND)));
        out.append(String.format(Locale.ROOT, "| claim latency p99 < 20 ms | p99 %s ms over %d claims with work | %s |%n",
                BenchSupport.fmt(p99), claimMillis.size(), BenchSupport.passMiss(p99 < GOAL_CLAIM_P99_MS)));
        return out.toString();
    }

    private static void row(StringBuilder out, int round, String what, Phase p) {
        List<Double> millis = AgentFigures.latenciesWithWork(p.claims());
        boolean remote = !millis.isEmpty();
        BenchSupport.Summary s = BenchSupport.Summary.of(millis);
        int cores = Runtime.getRuntime().availableProcessors();
        int n = p.span().completed();
        out.append(String.format(Locale.ROOT, "| %d | %s | %d | %.3f | %s | %s | %s | %s | %s | %s | %s | %.2f, %.2f | %s |%n", round, what,
                p.span().completed(), p.span().duration().toNanos() / 1e9, BenchSupport.fmt(p.span().perSecond()),
                p.claims().isEmpty() ? "" : Integer.toString(millis.size()),
                remote ? BenchSupport.fmt(AgentFigures.tasksPerClaim(p.claims())) : "",
                remote ? BenchSupport.fmt(s.median()) : "", remote ? BenchSupport.fmt(DashboardBenchmark.p99(millis)) : "",
                remote ? BenchSupport.fmt(s.max()) : "", p.claims().isEmpty() ? "" : Integer.toString(p.claims().size() - millis.size()),
                p.load().millisPer(p.load().runtime(), n, cores), p.load().millisPer(p.load().clients(), n, cores), p.load()));
    }

    private static double medianRate(List<Phase> phases) {
        List<Double> rates = new ArrayList<>();
        phases.forEach(p -> rates.add(p.span().perSecond()));
        return BenchSupport.Summary.of(rates).median();
    }
}
