package org.orrery.agents.process.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.orrery.task.ActionContext;
import org.orrery.task.Severity;
import org.orrery.task.TaskException;
import org.orrery.task.TaskExecution.ResourceUsage;
import org.orrery.task.TaskParameterException;

/**
 * One run of an allowed program: started directly (no shell), its output read by two reader
 * threads into {@link BoundedOutput}s, its end observed through {@link Process#onExit()}, its
 * usage sampled on the agent's timer. A cancel, the time limit or the agent's deactivation ends
 * the whole {@link ProcessTree} (SIGTERM, then SIGKILL after the grace period); processes the
 * program leaves behind when it exits are ended too.
 */
final class ProcessRun {

    /** How many characters of stderr's end a failure's message carries. */
    static final int ERROR_TAIL = 1000;

    private final RunRequest request;
    private final ActionContext context;
    private final ProcessSettings settings;
    private final Executor io;
    private final ScheduledExecutorService timer;
    private final CompletableFuture<Map<String, Object>> done = new CompletableFuture<>();
    private final AtomicReference<TaskException> stopped = new AtomicReference<>();
    private final BoundedOutput stdout;
    private final BoundedOutput stderr;
    private final UsageSampler usage = new UsageSampler();
    private final List<Future<?>> timers = new ArrayList<>();
    private final Set<Long> killedPids = ConcurrentHashMap.newKeySet();
    private Process process;
    private ProcessTree tree;
    private long startNanos;

    ProcessRun(RunRequest request, ActionContext context, ProcessSettings settings, Executor io,
            ScheduledExecutorService timer) {
        this.request = request;
        this.context = context;
        this.settings = settings;
        this.io = io;
        this.timer = timer;
        this.stdout = new BoundedOutput(settings.outputLimit());
        this.stderr = new BoundedOutput(settings.outputLimit());
    }

    /** The stage of the run's result; completes after the process tree ended. */
    CompletableFuture<Map<String, Object>> result() {
        return done;
    }

    Process process() {
        return process;
    }

    /**
     * Starts the program.
     *
     * @throws TaskException it cannot start: its working folder escapes the root through a link,
     *         the executable is missing, the operating system refused
     */
    synchronized void start() throws TaskException {
        AllowedProgram program = request.program();
        String unusable = program.unusable();
        if (unusable != null) {
            throw new TaskException(unusable + ": check the allow list (" + AllowedProgram.PID + ")",
                    Severity.HIGH, false);
        }
        Path dir = workingDir();
        List<String> command = new ArrayList<>(request.args().size() + 1);
        command.add(program.executable().toString());
        command.addAll(request.args());
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        Map<String, String> own = System.getenv();
        for (String name : settings.envInherit()) {
            if (own.containsKey(name)) {
                env.put(name, own.get(name));
            }
        }
        env.putAll(request.env());
        String mark = UUID.randomUUID().toString();
        env.put(ProcessTree.MARK, mark);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new TaskException("could not start program '" + program.name() + "' (" + program.executable()
                    + "): " + e.getMessage(), Severity.HIGH, false, e);
        }
        startNanos = System.nanoTime();
        tree = new ProcessTree(process.toHandle(), mark);
        context.log().info("started program '" + program.name() + "' (pid " + process.pid() + ") in " + dir + " with "
                + request.args().size() + " argument(s), time limit " + RunRequest.seconds(request.timeLimit()));
        CompletableFuture<Void> out = read(process.getInputStream(), stdout);
        CompletableFuture<Void> err = read(process.getErrorStream(), stderr);
        writeStdin();
        if (!settings.sampleInterval().isZero()) {
            timers.add(timer.scheduleWithFixedDelay(this::sample, 0, settings.sampleInterval().toNanos(),
                    TimeUnit.NANOSECONDS));
        }
        timers.add(timer.schedule(() -> stop(new TaskException("program '" + program.name() + "' reached its time limit of "
                + RunRequest.seconds(request.timeLimit()) + "; its process tree was ended", Severity.MEDIUM, false)),
                request.timeLimit().toNanos(), TimeUnit.NANOSECONDS));
        context.cancellation().thenAccept(this::stop);
        process.onExit().thenRun(() -> exited(CompletableFuture.allOf(out, err)));
    }

    private Path workingDir() throws TaskException {
        try {
            Files.createDirectories(settings.workRoot());
            Path dir = Files.createDirectories(request.workingDir()).toRealPath();
            Path root = settings.workRoot().toRealPath();
            if (!dir.startsWith(root)) {
                throw new TaskParameterException(RunRequest.RUN + ": parameter '" + RunRequest.WORKING_DIR
                        + "' must be a folder under the working root " + root + ", found " + request.workingDir()
                        + " which leads to " + dir);
            }
            return dir;
        } catch (IOException e) {
            throw new TaskException("cannot make the working folder " + request.workingDir() + ": " + e,
                    Severity.HIGH, false, e);
        }
    }

    private CompletableFuture<Void> read(InputStream in, BoundedOutput into) {
        return CompletableFuture.runAsync(() -> {
            try (in) {
                into.drain(in);
            } catch (IOException e) {
                // the stream was closed under the reader: what was read is kept
            }
        }, io);
    }

    private void writeStdin() {
        OutputStream in = process.getOutputStream();
        if (request.stdin() == null) {
            close(in);
            return;
        }
        CompletableFuture.runAsync(() -> {
            try (in) {
                in.write(request.stdin().getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // the program ended or closed its input before reading all of it
            }
        }, io);
    }

    private static void close(OutputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // nothing to flush
        }
    }

    private void sample() {
        Set<ProcessHandle> alive = tree.alive(false);
        if (alive.contains(tree.root())) {
            usage.sample(alive);
        }
    }

    /** Ends the process tree for this reason (the first reason wins). */
    void stop(TaskException why) {
        if (!stopped.compareAndSet(null, why)) {
            return;
        }
        Set<ProcessHandle> asked = tree.terminate();
        context.log().warn("ending program '" + request.program().name() + "' (" + asked.size() + " process(es)): "
                + why.getMessage());
        later(settings.killGrace(), this::killRemaining);
    }

    /** SIGKILL to whatever of the tree is still alive. */
    void killRemaining() {
        // said once per process: the deactivation and the run's own grace timer may both get here
        List<Long> killed = tree.kill().stream().map(ProcessHandle::pid).filter(killedPids::add).toList();
        if (!killed.isEmpty()) {
            context.log().warn("killed " + killed.size() + " process(es) of program '" + request.program().name()
                    + "' that did not end within " + RunRequest.seconds(settings.killGrace()) + ": pids " + killed);
        }
    }

    private void exited(CompletableFuture<Void> readers) {
        Duration duration = Duration.ofNanos(System.nanoTime() - startNanos);
        synchronized (this) {
            timers.forEach(f -> f.cancel(false));
        }
        Set<ProcessHandle> left = tree.terminate();
        if (!left.isEmpty()) {
            context.log().warn("program '" + request.program().name() + "' left " + left.size()
                    + " process(es) behind; they are ended: pids " + left.stream().map(ProcessHandle::pid).toList());
            later(settings.killGrace(), this::killRemaining);
        }
        // a process that escaped the tree may hold the output open: do not wait for it for ever
        CompletableFuture<Void> read = new CompletableFuture<>();
        readers.whenComplete((v, e) -> read.complete(null));
        later(settings.killGrace().plusSeconds(1), () -> read.complete(null));
        read.thenRun(() -> finish(duration));
    }

    private void later(Duration delay, Runnable action) {
        try {
            timer.schedule(action, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            action.run(); // the agent is stopping: at once
        }
    }

    private void finish(Duration duration) {
        int code = process.exitValue();
        ResourceUsage used = usage.usage();
        context.reportUsage(used);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("program", request.program().name());
        result.put("exit_code", code);
        result.put("stdout", stdout.text());
        result.put("stderr", stderr.text());
        result.put("truncated", stdout.truncated() || stderr.truncated());
        result.put("stdout_bytes", stdout.total());
        result.put("stderr_bytes", stderr.total());
        result.put("duration", seconds(duration));
        // a task's result holds no null (TaskRecord copies it with Map.copyOf): what was not measured is left out
        if (used.cpuTime() != null) {
            result.put("cpu_seconds", seconds(used.cpuTime()));
        }
        if (used.peakMemoryBytes() != null) {
            result.put("peak_memory_bytes", used.peakMemoryBytes());
        }
        context.log().info("program '" + request.program().name() + "' ended with exit code " + code + " after "
                + seconds(duration) + " s (cpu " + result.get("cpu_seconds") + " s, peak memory "
                + used.peakMemoryBytes() + " bytes, output " + stdout.total() + " + " + stderr.total() + " bytes)");
        TaskException why = stopped.get();
        if (why != null) {
            done.completeExceptionally(why);
        } else if (code != 0) {
            boolean retry = settings.retryOnExitCodes().contains(code);
            done.completeExceptionally(new TaskException("program '" + request.program().name() + "' exited with code "
                    + code + (retry ? " (retryable)" : "") + "; stderr: " + stderr.lastChars(ERROR_TAIL).strip(),
                    Severity.MEDIUM, retry));
        } else {
            done.complete(result);
        }
    }

    private static BigDecimal seconds(Duration d) {
        return BigDecimal.valueOf(d.toNanos()).movePointLeft(9).setScale(3, java.math.RoundingMode.HALF_UP);
    }
}
