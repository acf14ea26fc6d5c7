package org.orrery.web.api.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.orrery.agent.AgentInfo;
import org.orrery.task.SchedulerStatistics;
import org.orrery.task.TaskStatus;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * Orrery's metrics as Prometheus metrics: the scheduler's figures (from one
 * {@link SchedulerStatistics} value, so a scrape is consistent), the agents' ({@link MetricsAgents})
 * and the JVM's. Each scrape
 * builds a fresh registry whose callback metrics read the values given, then writes them in
 * the Prometheus text exposition format 0.0.4.
 */
final class MetricsExposition {

    /** The content type of the text exposition format. */
    static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private static final PrometheusTextFormatWriter WRITER = PrometheusTextFormatWriter.create();

    private MetricsExposition() {
    }

    /**
     * The metrics of a scheduler's statistics (none when {@code statistics} is null: the
     * scheduler is not there, and {@code orrery_scheduler_up} is 0) and of a JVM (none when
     * {@code jvm} is null).
     */
    static MetricSnapshots snapshots(SchedulerStatistics statistics, MetricsJvm jvm) {
        return snapshots(statistics, jvm, null);
    }

    /** As {@link #snapshots(SchedulerStatistics, MetricsJvm)}, with the agents' metrics (none when {@code agents} is null). */
    static MetricSnapshots snapshots(SchedulerStatistics statistics, MetricsJvm jvm, List<AgentInfo> agents) {
        PrometheusRegistry registry = new PrometheusRegistry();
        gauge(registry, "orrery_scheduler_up", "1 when the scheduler service is there and answered, else 0",
                statistics == null ? 0 : 1);
        if (statistics != null) {
            scheduler(registry, statistics);
        }
        if (agents != null) {
            MetricsAgents.register(registry, agents);
        }
        if (jvm != null) {
            jvm(registry, jvm);
        }
        return registry.scrape();
    }

    /** Writes the metrics in the text exposition format. */
    static void write(OutputStream out, SchedulerStatistics statistics, MetricsJvm jvm, List<AgentInfo> agents)
            throws IOException {
        WRITER.write(out, snapshots(statistics, jvm, agents));
    }

    /** The metrics in the text exposition format, as a string. */
    static String text(SchedulerStatistics statistics, MetricsJvm jvm) {
        return text(statistics, jvm, null);
    }

    /** The metrics with the agents' ones, as a string. */
    static String text(SchedulerStatistics statistics, MetricsJvm jvm, List<AgentInfo> agents) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(out, statistics, jvm, agents);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void scheduler(PrometheusRegistry registry, SchedulerStatistics s) {
        GaugeWithCallback.builder().name("orrery_tasks").help("Tasks the scheduler knows, by status").labelNames("status")
                .callback(cb -> {
                    for (TaskStatus status : TaskStatus.values()) {
                        cb.call(s.byStatus().getOrDefault(status, 0L), status.id());
                    }
                }).register(registry);
        gauge(registry, "orrery_queue_depth", "Tasks waiting to run: pending, ready and retrying", s.queued());
        gauge(registry, "orrery_tasks_per_minute", "Tasks finished in the last minute", s.tasksPerMinute());
        gauge(registry, "orrery_scheduler_paused", "1 when the whole scheduler is paused, else 0", s.paused() ? 1 : 0);
        gauge(registry, "orrery_execution_seconds_average", "Mean running time of the finished tasks, in seconds",
                s.averageExecutionSeconds());

        Map<String, SchedulerStatistics.Group> byAction = new TreeMap<>(s.byAction());
        GaugeWithCallback.builder().name("orrery_action_tasks_finished")
                .help("Tasks of each action that finished, by outcome (completed, failed or cancelled); goes down when a failed task is retried")
                .labelNames("action", "outcome").callback(cb -> byAction.forEach((action, g) -> {
                    cb.call(g.completed(), action, "completed");
                    cb.call(g.failed(), action, "failed");
                    cb.call(g.cancelled(), action, "cancelled");
                })).register(registry);
        GaugeWithCallback.builder().name("orrery_action_tasks_running").help("Tasks of each action running now")
                .labelNames("action").callback(cb -> byAction.forEach((action, g) -> cb.call(g.running(), action)))
                .register(registry);
        GaugeWithCallback.builder().name("orrery_action_execution_seconds_average")
                .help("Mean running time of each action's finished tasks, in seconds").labelNames("action")
                .callback(cb -> byAction.forEach((action, g) -> cb.call(g.averageExecutionSeconds(), action)))
                .register(registry);
    }

    private static void jvm(PrometheusRegistry registry, MetricsJvm jvm) {
        GaugeWithCallback.builder().name("jvm_memory_used_bytes").help("Memory in use, by area").labelNames("area")
                .callback(cb -> {
                    cb.call(jvm.heapUsed(), "heap");
                    cb.call(jvm.nonHeapUsed(), "nonheap");
                }).register(registry);
        GaugeWithCallback.builder().name("jvm_memory_committed_bytes").help("Memory committed, by area").labelNames("area")
                .callback(cb -> {
                    cb.call(jvm.heapCommitted(), "heap");
                    cb.call(jvm.nonHeapCommitted(), "nonheap");
                }).register(registry);
        GaugeWithCallback.builder().name("jvm_memory_max_bytes").help("Largest memory the area may use, where defined")
                .labelNames("area").callback(cb -> {
                    if (jvm.heapMax() >= 0) {
                        cb.call(jvm.heapMax(), "heap");
                    }
                    if (jvm.nonHeapMax() >= 0) {
                        cb.call(jvm.nonHeapMax(), "nonheap");
                    }
                }).register(registry);
        gauge(registry, "jvm_threads_current", "Live threads", jvm.threads());
        gauge(registry, "jvm_threads_daemon", "Live daemon threads", jvm.daemonThreads());
        gauge(registry, "jvm_threads_peak", "Most live threads since the start", jvm.peakThreads());
        gauge(registry, "jvm_available_processors", "Processors the JVM may use", jvm.availableProcessors());
        gauge(registry, "process_start_time_seconds", "Start time of the process, seconds since the Unix epoch",
                jvm.startTimeSeconds());
        gauge(registry, "process_uptime_seconds", "Seconds since the process started", jvm.uptimeSeconds());
        if (!Double.isNaN(jvm.processCpuSeconds())) {
            CounterWithCallback.builder().name("process_cpu_seconds").help("CPU time the process used, in seconds")
                    .callback(cb -> cb.call(jvm.processCpuSeconds())).register(registry);
        }
        Info info = Info.builder().name("jvm_runtime_info").help("The Java runtime").labelNames("runtime", "vendor", "version")
                .register(registry);
        info.setLabelValues(jvm.runtime(), jvm.vendor(), jvm.version());
    }

    private static void gauge(PrometheusRegistry registry, String name, String help, double value) {
        GaugeWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value)).register(registry);
    }
}
