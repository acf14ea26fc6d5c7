package org.orrery.bench;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.eclipse.jetty.client.StringRequestContent;

/**
 * The event stream part of {@link ApiBenchmark}: WebSocket clients on {@code /api/v1/ws} while
 * batches of no-op tasks make about a given number of events per second; the latency of each
 * event from its timestamp to its arrival at each client, overall, by tenth of the run, by event
 * type and for the slowest 100 ms stretches (with their wall-clock time, to find them in a flight
 * recording or a GC log).
 */
final class EventStreamLoad {

    static final String TIMESTAMP_FIELD = "\"timestamp\":\"";

    /** Where {@code part} first occurs in {@code text}, or -1. */
    static int indexOf(CharSequence text, String part) {
        for (int i = 0, last = text.length() - part.length(); i <= last; i++) {
            if (startsWith(text, i, part)) {
                return i;
            }
        }
        return -1;
    }

    /** The task events a no-op task makes, in the order it makes them; anything else is counted as "other". */
    static final List<String> TASK_EVENT_TYPES = List.of("task_scheduled", "task_ready", "task_started", "task_completed");

    private static final String TYPE_PREFIX = "{\"type\":\"";
    /** {@link #TASK_EVENT_TYPES} with their closing quote, made once: this runs for every delivery. */
    private static final List<String> QUOTED_TYPES = TASK_EVENT_TYPES.stream().map(type -> type + '"').toList();

    /** The index in {@link #TASK_EVENT_TYPES} of the frame's {@code "type"} (the first field), or its size for another. */
    static int eventType(CharSequence frame) {
        if (!startsWith(frame, 0, TYPE_PREFIX)) {
            return TASK_EVENT_TYPES.size();
        }
        for (int t = 0; t < QUOTED_TYPES.size(); t++) {
            if (startsWith(frame, TYPE_PREFIX.length(), QUOTED_TYPES.get(t))) {
                return t;
            }
        }
        return TASK_EVENT_TYPES.size();
    }

    private static boolean startsWith(CharSequence text, int at, String part) {
        if (text.length() < at + part.length()) {
            return false;
        }
        for (int i = 0; i < part.length(); i++) {
            if (text.charAt(at + i) != part.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** One client's latencies: those of events stamped in the warm-up, and those measured. */
    static final class Samples {
        final long[] warm;
        final long[] measured;
        /** The type of each measured sample ({@link #eventType}). */
        final byte[] measuredTypes;
        /** When each measured sample's event was stamped, in microseconds after the measurement began. */
        final int[] measuredStamps;
        final AtomicLong warmCount = new AtomicLong();
        final AtomicLong measuredCount = new AtomicLong();

        Samples(int capacity) {
            warm = new long[capacity];
            measured = new long[capacity];
            measuredTypes = new byte[capacity];
            measuredStamps = new int[capacity];
        }

        void add(long stampedNanos, long latencyNanos, long measureFrom, int type) {
            boolean isWarm = stampedNanos < measureFrom;
            long i = (isWarm ? warmCount : measuredCount).getAndIncrement();
            long[] into = isWarm ? warm : measured;
            if (i < into.length) {
                into[(int) i] = latencyNanos;
                if (!isWarm) {
                    measuredTypes[(int) i] = (byte) type;
                    measuredStamps[(int) i] = (int) ((stampedNanos - measureFrom) / 1_000);
                }
            }
        }

        /** The measured samples of one type. */
        long[] measured(int type) {
            int n = (int) Math.min(measuredCount.get(), measured.length);
            return java.util.stream.IntStream.range(0, n).filter(i -> measuredTypes[i] == type).mapToLong(i -> measured[i])
                    .toArray();
        }

        long[] warm() {
            return Arrays.copyOf(warm, (int) Math.min(warmCount.get(), warm.length));
        }

        long[] measured() {
            return Arrays.copyOf(measured, (int) Math.min(measuredCount.get(), measured.length));
        }
    }

    /**
     * Connects {@code clients} WebSocket clients, then submits batches of no-op tasks so that
     * about {@code eventsPerSecond} events flow for {@code warmup} and then {@code seconds}
     * seconds; every client records, for every event, arrival time minus the event's timestamp,
     * apart for the events stamped in the warm-up and those stamped after it (measured).
     *
     * The CPU time that the runtime's process and this JVM (the clients) spent in the measured
     * seconds is printed per event: a figure that the machine's other load disturbs less than the
     * latencies.
     *
     * @return of the measured events: p50, p99, max (ms), the events per second achieved, the
     *         number of deliveries, and the clients dropped for falling behind
     */
    static double[] webSocketLatency(String base, int port, String auth, int clients, int eventsPerSecond,
            int warmup, int seconds, ProcessHandle runtime, String clientLibrary) throws Exception {
        List<Samples> samples = new ArrayList<>();
        AtomicLong fellBehind = new AtomicLong();
        // the epoch nanosecond from which events are measured; warm-up before it
        AtomicLong measureFrom = new AtomicLong(Long.MAX_VALUE);
        int capacity = (int) Math.min(4_000_000, 2L * eventsPerSecond * (warmup + seconds + 5));
        List<Consumer<CharSequence>> receivers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Samples mine = new Samples(capacity);
            samples.add(mine);
            receivers.add(frame -> {
                Instant now = Instant.now();
                int at = indexOf(frame, TIMESTAMP_FIELD);
                if (at >= 0) {
                    // not Instant.parse: its formatter cost the one selector more than the frames
                    long stamped = epochNanos(frame, at + TIMESTAMP_FIELD.length());
                    mine.add(stamped, now.getEpochSecond() * 1_000_000_000L + now.getNano() - stamped, measureFrom.get(),
                            eventType(frame));
                }
            });
        }
        URI stream = URI.create("ws://127.0.0.1:" + port + "/api/v1/ws");
        try (StreamClients connected = switch (clientLibrary) {
            case "jdk" -> StreamClients.jdk(stream, auth, receivers, fellBehind::incrementAndGet);
            case "jetty" -> StreamClients.jetty(stream, auth, receivers, fellBehind::incrementAndGet);
            case "nio" -> NioStreamClients.connect(stream, auth, receivers, fellBehind::incrementAndGet);
            default -> throw new IllegalArgumentException("ws.client: expected nio, jetty or jdk, found " + clientLibrary);
        }) {
            // the clients' sample arrays (~90 MB) and read buffers are each below G1's humongous size:
            // young objects that every young collection of this JVM copied (330 ms pauses seen during
            // the measured seconds); a full collection moves them to the old generation once, before
            // any event flows
            System.gc();
            return measure(base, auth, eventsPerSecond, warmup, seconds, runtime, samples, measureFrom, fellBehind, clients);
        }
    }

    /**
     * Submits the batches (with Jetty's HTTP client: on 2 cores, {@code java.net.http} completed each
     * asynchronous send on a new thread, {@code CompletableFuture}'s thread-per-task executor) and
     * gathers the figures.
     */
    private static double[] measure(String base, String auth, int eventsPerSecond, int warmup, int seconds,
            ProcessHandle runtime, List<Samples> samples, AtomicLong measureFrom, AtomicLong fellBehind, int clients)
            throws Exception {
        org.eclipse.jetty.client.HttpClient submitter = new org.eclipse.jetty.client.HttpClient();
        submitter.start();
        URI batchUri = URI.create(base + "/tasks/batch");
        // each no-op task makes 4 events (scheduled, ready, started, completed)
        int tasksPerBatch = 20;
        double batchesPerSecond = eventsPerSecond / 4.0 / tasksPerBatch;
        long intervalNanos = (long) (1e9 / batchesPerSecond);
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < tasksPerBatch; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"action\": \"system.noop\"}");
        }
        String body = batch.append("]").toString();
        long begin = System.nanoTime();
        long start = begin + TimeUnit.SECONDS.toNanos(warmup);
        long next = begin;
        int sent = 0;
        // each batch's answer comes once its tasks are committed: the commit part of the "scheduled" events' latency
        Queue<Long> acknowledged = new ConcurrentLinkedQueue<>();
        long runtimeCpu = 0;
        long clientsCpu = 0;
        double elapsed;
        try {
            while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(seconds)) {
                if (measureFrom.get() == Long.MAX_VALUE && System.nanoTime() >= start) {
                    Instant now = Instant.now();
                    measureFrom.set(now.getEpochSecond() * 1_000_000_000L + now.getNano());
                    System.out.println("event stream: warm-up from " + Instant.ofEpochSecond(0, begin - System.nanoTime()
                            + now.getEpochSecond() * 1_000_000_000L + now.getNano()) + ", measured from " + now);
                    sent = 0;
                    runtimeCpu = cpuNanos(runtime);
                    clientsCpu = cpuNanos(ProcessHandle.current());
                }
                long posted = System.nanoTime();
                boolean measuring = measureFrom.get() != Long.MAX_VALUE;
                submitter.POST(batchUri).headers(h -> h.put("Authorization", auth))
                        .body(new StringRequestContent("application/json", body)).send(result -> {
                            if (measuring && result.isSucceeded()) {
                                acknowledged.add(System.nanoTime() - posted);
                            }
                        });
                sent++;
                next += intervalNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            elapsed = (System.nanoTime() - start) / 1e9;
            Thread.sleep(2000); // let the last events arrive
        } finally {
            submitter.stop();
        }
        runtimeCpu = cpuNanos(runtime) - runtimeCpu;
        clientsCpu = cpuNanos(ProcessHandle.current()) - clientsCpu;
        List<long[]> warm = new ArrayList<>();
        List<long[]> measured = new ArrayList<>();
        for (Samples client : samples) {
            warm.add(client.warm());
            measured.add(client.measured());
        }
        if (warmup > 0) {
            long[] all = merged(warm);
            System.out.printf(Locale.ROOT, "event stream, the %d s warm-up (not measured): p50 %.1f ms, p99 %.1f ms, max %.1f ms,"
                    + " %d deliveries%n", warmup, percentile(all, 0.5), percentile(all, 0.99), percentile(all, 1), all.length);
            printLatencyOverTime("warm-up", warm, warmup);
        }
        printLatencyOverTime("measured", measured, seconds);
        StringBuilder byType = new StringBuilder("event stream latency by type (measured), p50/p99/max ms:");
        for (int t = 0; t <= TASK_EVENT_TYPES.size(); t++) {
            int type = t;
            long[] ofType = merged(samples.stream().map(client -> client.measured(type)).toList());
            if (ofType.length > 0) {
                byType.append(String.format(Locale.ROOT, " %s %.1f/%.1f/%.1f (%d)",
                        t < TASK_EVENT_TYPES.size() ? TASK_EVENT_TYPES.get(t) : "other", percentile(ofType, 0.5),
                        percentile(ofType, 0.99), percentile(ofType, 1), ofType.length));
            }
        }
        System.out.println(byType);
        printWorstMoments(samples, measureFrom.get());
        long[] all = merged(measured);
        long[] acks = merged(List.of(acknowledged.stream().mapToLong(Long::longValue).toArray()));
        System.out.printf(Locale.ROOT, "batch submits in the measured %d s, answered once committed (the commit wait in each"
                + " task_scheduled event's latency, with HTTP): p50 %.1f ms, p99 %.1f ms, max %.1f ms, %d batches%n", seconds,
                percentile(acks, 0.5), percentile(acks, 0.99), percentile(acks, 1), acks.length);
        double eventsPerSecondAchieved = sent * tasksPerBatch * 4 / elapsed;
        long events = (long) sent * tasksPerBatch * 4;
        System.out.printf(Locale.ROOT, "CPU per event in the measured %d s (and the 2 s after): runtime %.1f µs, the %d clients"
                + " (this JVM) %.1f µs; per delivery: runtime %s%n", seconds, runtimeCpu / 1e3 / events, clients,
                clientsCpu / 1e3 / events, all.length == 0 ? "(none delivered)"
                        : String.format(Locale.ROOT, "%.2f µs", runtimeCpu / 1e3 / all.length));
        System.out.printf(Locale.ROOT, "event stream: %d of %d clients were disconnected for falling behind (close 1013);"
                + " expected about %d deliveries measured%n", fellBehind.get(), clients,
                (long) (eventsPerSecondAchieved * elapsed * clients));
        return new double[] {percentile(all, 0.5), percentile(all, 0.99), percentile(all, 1), eventsPerSecondAchieved,
                all.length, fellBehind.get()};
    }

    /** The CPU time a process has used so far, in nanoseconds (0 where the system does not say). */
    private static long cpuNanos(ProcessHandle process) {
        return process.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
    }

    private static long[] merged(List<long[]> parts) {
        long[] all = new long[parts.stream().mapToInt(p -> p.length).sum()];
        int k = 0;
        for (long[] part : parts) {
            System.arraycopy(part, 0, all, k, part.length);
            k += part.length;
        }
        Arrays.sort(all);
        return all;
    }

    /**
     * The five 100 ms stretches of the measured phase whose events came slowest (by the p99 of
     * the events stamped in them), with their wall-clock time: to find them in a flight recording
     * or a GC log.
     */
    private static void printWorstMoments(List<Samples> samples, long measureFromNanos) {
        Map<Integer, List<Long>> byStretch = new java.util.TreeMap<>();
        for (Samples client : samples) {
            int n = (int) Math.min(client.measuredCount.get(), client.measured.length);
            for (int i = 0; i < n; i++) {
                byStretch.computeIfAbsent(client.measuredStamps[i] / 100_000, k -> new ArrayList<>()).add(client.measured[i]);
            }
        }
        List<double[]> stretches = new ArrayList<>();
        byStretch.forEach((stretch, latencies) -> {
            long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            stretches.add(new double[] {stretch, percentile(sorted, 0.5), percentile(sorted, 0.99), percentile(sorted, 1)});
        });
        stretches.sort((a, b) -> Double.compare(b[2], a[2]));
        StringBuilder line = new StringBuilder("event stream, the slowest 100 ms stretches (events stamped then, p50/p99/max ms):");
        for (double[] s : stretches.subList(0, Math.min(5, stretches.size()))) {
            line.append(String.format(Locale.ROOT, " %s %.1f/%.1f/%.1f", Instant.ofEpochSecond(0, measureFromNanos
                    + (long) s[0] * 100_000_000L).toString().substring(11, 22), s[1], s[2], s[3]));
        }
        System.out.println(line);
    }

    /** The {@code q} quantile (1: the maximum) of sorted nanoseconds, in milliseconds; NaN when empty. */
    private static double percentile(long[] sorted, double q) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) (sorted.length * q))] / 1e6;
    }

    /**
     * p50 and p99 of each tenth of a phase (a client's deliveries arrive in order, so the n-th tenth
     * of each client's samples is about the n-th tenth of the phase): a slow start of a fresh
     * runtime (its JIT still compiling) shows apart from the steady state.
     */
    private static void printLatencyOverTime(String phase, List<long[]> samples, int seconds) {
        StringBuilder line = new StringBuilder("event stream latency by tenth of the " + seconds + " s " + phase + ", p50/p99 ms:");
        for (int part = 0; part < 10; part++) {
            List<long[]> slice = new ArrayList<>();
            for (long[] client : samples) {
                slice.add(Arrays.copyOfRange(client, client.length * part / 10, client.length * (part + 1) / 10));
            }
            long[] sorted = merged(slice);
            if (sorted.length > 0) {
                line.append(String.format(Locale.ROOT, " %.1f/%.1f", percentile(sorted, 0.5), percentile(sorted, 0.99)));
            }
        }
        System.out.println(line);
    }

    /**
     * The instant written at {@code from} in ISO-8601 UTC ({@code 2026-12-05T16:03:19.123456Z}, as
     * {@link Instant#toString()} writes it; 0 to 9 fraction digits) in nanoseconds since the epoch,
     * read without a formatter: the 50 clients read about 100 000 timestamps a second on one thread.
     */
    static long epochNanos(CharSequence text, int from) {
        long days = java.time.LocalDate.of(digits(text, from, 4), digits(text, from + 5, 2), digits(text, from + 8, 2))
                .toEpochDay();
        long seconds = days * 86_400 + digits(text, from + 11, 2) * 3_600L + digits(text, from + 14, 2) * 60L
                + digits(text, from + 17, 2);
        long nanos = 0;
        int i = from + 19;
        if (text.charAt(i) == '.') {
            int scale = 100_000_000;
            for (i++; Character.isDigit(text.charAt(i)); i++) {
                nanos += (text.charAt(i) - '0') * (long) scale;
                scale /= 10;
            }
        }
        if (text.charAt(i) != 'Z') {
            throw new IllegalArgumentException("not an ISO-8601 UTC instant at " + from + ": " + text);
        }
        return seconds * 1_000_000_000L + nanos;
    }

    private static int digits(CharSequence text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("expected a digit at " + i + ", found '" + c + "': " + text);
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private EventStreamLoad() {
    }
}
