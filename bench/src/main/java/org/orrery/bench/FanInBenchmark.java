package org.orrery.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.orrery.core.scheduler.internal.TaskEngine;
import org.orrery.task.TaskSpec;

/**
 * {@code SchedulerBenchmark fanin}: one task that gathers {@code fanin.tasks} no-op tasks (it
 * depends on all of them), on the in-memory engine; the time from the {@code submitAll} to the
 * last completion. The gathering task's record is changed as each of its dependencies finishes
 * (its {@code waiting_for}), so work per change that grows with the number of dependencies shows
 * here as a time that grows faster than the number of tasks.
 */
final class FanInBenchmark {

    private FanInBenchmark() {
    }

    static String run(BenchSupport.Settings settings, int workers, int maxConcurrent) throws Exception {
        int n = settings.integer("fanin.tasks", 30_000);
        int warmups = settings.integer("fanin.warmups", 1);
        int rounds = settings.integer("fanin.rounds", 3);
        List<Double> seconds = new ArrayList<>();
        for (int round = 1; round <= warmups + rounds; round++) {
            List<TaskSpec> specs = new ArrayList<>(n + 1);
            TaskSpec.Builder gather = TaskSpec.builder(Contenders.NOOP).id("gather").name("gather");
            for (int i = 0; i < n; i++) {
                specs.add(TaskSpec.builder(Contenders.NOOP).id("f" + i).name("f" + i).build());
                gather.dependsOn("f" + i);
            }
            specs.add(gather.build());
            Contenders.Finish finish = new Contenders.Finish(n + 1);
            TaskEngine engine = Contenders.engine(BenchSupport.engineSettings(maxConcurrent, workers),
                    Contenders.completions(finish));
            try {
                long start = System.nanoTime();
                engine.submitAll(specs);
                long end = finish.await(Contenders.ROUND_TIMEOUT);
                Contenders.checkCompleted(engine, n + 1);
                double took = (end - start) / 1e9;
                System.out.printf(Locale.ROOT, "  %s %d fan-in of %d: all done after %6.0f ms%n",
                        round <= warmups ? "warm-up" : "round  ", round <= warmups ? round : round - warmups, n, took * 1000);
                if (round > warmups) {
                    seconds.add(took);
                }
            } finally {
                engine.close();
            }
        }
        BenchSupport.Summary s = BenchSupport.Summary.of(seconds);
        return String.format(Locale.ROOT, "### One task gathering %d no-op tasks (%d warm-up + %d measured rounds)%n%n"
                + "JVM: %s%n%n| median submit → all done | min | max |%n|---:|---:|---:|%n| **%.2f s** | %.2f s | %.2f s |%n",
                n, warmups, rounds, BenchSupport.jvmLine(), s.median(), s.min(), s.max());
    }
}
