package org.orrery.agents.process.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.orrery.task.TaskSpec;
import org.orrery.testsupport.FakeActionContext;

/** A process agent over a temporary folder, with /bin/sh scripts the test writes as its allowed programs. */
final class Programs implements AutoCloseable {

    final Path bin;
    final Path root;
    final ProcessAgent agent;
    private final List<FakeActionContext> contexts = new ArrayList<>();

    Programs(Path dir, ProcessSettings settings, AllowedProgram... programs) {
        this.bin = dir.resolve("bin");
        this.root = settings.workRoot();
        this.agent = new ProcessAgent("process-test", List.of("process"), 2, settings, List.of("safe"));
        for (AllowedProgram p : programs) {
            agent.addProgram(p);
        }
    }

    static ProcessSettings settings(Path dir) {
        return new ProcessSettings(dir.resolve("work"), Duration.ofSeconds(60), Duration.ofSeconds(120), 1 << 20,
                ProcessSettings.DEFAULT_ENV_DENY, ProcessSettings.DEFAULT_ENV_INHERIT, Set.of(), Duration.ofMillis(300),
                Duration.ofMillis(10));
    }

    /** Writes an executable /bin/sh script and allows it under {@code name}. */
    AllowedProgram script(String name, String body, String... workingDirs) throws IOException {
        Files.createDirectories(bin);
        Path file = bin.resolve(name + ".sh");
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        AllowedProgram program = AllowedProgram.of(name, file, workingDirs);
        agent.addProgram(program);
        return program;
    }

    void allow(String name, String executable) {
        agent.addProgram(AllowedProgram.of(name, Path.of(executable)));
    }

    FakeActionContext context(String taskType, Map<String, Object> parameters) {
        FakeActionContext context = new FakeActionContext(parameters)
                .forTask(TaskSpec.builder(taskType).parameters(parameters).capability("process").build());
        contexts.add(context);
        return context;
    }

    CompletableFuture<Map<String, Object>> run(FakeActionContext context) throws Exception {
        return agent.execute(context).toCompletableFuture();
    }

    Map<String, Object> runToEnd(String program, Map<String, Object> parameters) throws Exception {
        return run(context(program, parameters)).get(30, TimeUnit.SECONDS);
    }

    /** A pid a script wrote to a file of its working folder, once it is there. */
    long pid(String file) throws IOException {
        Path path = root.resolve(file);
        await("the script wrote " + file, () -> {
            try {
                return Files.exists(path) && !Files.readString(path).isBlank();
            } catch (IOException e) {
                return false;
            }
        });
        return Long.parseLong(Files.readString(path).trim());
    }

    /** Whether the process ended: no such process, or a zombie its (foreign) parent did not reap yet. */
    static boolean gone(long pid) {
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return true;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return true;
        }
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Override
    public void close() {
        agent.deactivate();
        contexts.forEach(FakeActionContext::close);
    }
}
