package org.orrery.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The process agent in the runtime: its allow list configured in etc/, tasks submitted through
 * the REST API with a task type and the capability {@code process} run the listed programs (shell
 * scripts written here, outside the home, whose files the launcher makes 0600); a program not on
 * the list is refused at submission; cancelling a task, or stopping the bundle, ends the program's
 * whole process tree.
 */
class ProcessAgentIT {

    static final String SECRET = "process-agent-" + UUID.randomUUID();

    static InstrumentApi api;
    static Path work;

    @BeforeAll
    static void start() throws Exception {
        Path base = RuntimeLifecycleIT.WORK.resolve("process-" + UUID.randomUUID());
        Path home = base.resolve("home");
        Path bin = base.resolve("bin");
        Files.createDirectories(home.resolve("etc"));
        Files.createDirectories(bin);
        allow(home, "echo-args", script(bin, "echo-args", "for a in \"$@\"; do printf '[%s]\\n' \"$a\"; done"));
        allow(home, "tree", script(bin, "tree", "echo $$ > parent.pid; sleep 300 & echo $! > child.pid; wait"));
        allow(home, "env", Path.of("/usr/bin/env"));
        Files.writeString(home.resolve("etc/org.orrery.agents.process.cfg"), "kill.grace.seconds=1\n");
        work = home.resolve("data/work");
        api = new InstrumentApi(RuntimeProcess.start(Path.of(System.getProperty("java.home")), home,
                RuntimeProcess.freePort(), Map.of("ORRERY_ADMIN_PASSWORD", SECRET)).awaitReady());
    }

    private static Path script(Path bin, String name, String body) throws IOException {
        Path file = bin.resolve(name + ".sh");
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }

    private static void allow(Path home, String name, Path executable) throws IOException {
        Files.writeString(home.resolve("etc/org.orrery.agents.process.program-" + name + ".cfg"),
                "name=" + name + "\npath=" + executable + "\n");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (api != null) {
            api.runtime.close();
            api = null;
        }
    }

    /** Submits, retrying while the agent's allow list is still being read from etc/ (File Install). */
    private static JsonNode submit(String body) {
        JsonNode[] task = new JsonNode[1];
        api.runtime.await("the process agent takes the task", Duration.ofSeconds(30), () -> {
            HttpResponse<String> answer = api.call("POST", "/tasks", body);
            task[0] = answer.statusCode() < 300 ? InstrumentApi.json(answer) : null;
            return task[0] != null;
        });
        return task[0];
    }

    @Test
    void aListedProgramRunsWithItsArgumentsVerbatimAndTheResultHasItsOutput() {
        JsonNode task = submit("{\"action\": \"process.run\", \"capability\": \"process\", \"parameters\":"
                + " {\"program\": \"echo-args\", \"args\": [\"two words\", \"it's \\\"quoted\\\"\", \"$HOME\", \"*\"]}}");
        JsonNode done = api.awaitEnd(task.get("id").asText(), Duration.ofSeconds(60));
        assertEquals("completed", done.get("status").asText(), done.toString());
        assertEquals("[two words]\n[it's \"quoted\"]\n[$HOME]\n[*]\n", done.at("/result/stdout").asText(), done.toString());
        assertEquals(0, done.at("/result/exit_code").asInt());
    }

    @Test
    void theRuntimesSecretsDoNotReachAProgram() {
        JsonNode task = submit("{\"action\": \"env\", \"capability\": \"process\", \"parameters\":"
                + " {\"env\": {\"GREETING\": \"hello\"}}}");
        JsonNode done = api.awaitEnd(task.get("id").asText(), Duration.ofSeconds(60));
        String env = done.at("/result/stdout").asText();
        assertTrue(env.contains("GREETING=hello\n"), done.toString());
        assertTrue(!env.contains("ORRERY_ADMIN_PASSWORD") && !env.contains(SECRET), env);
    }

    @Test
    void aProgramNotOnTheListIsRefusedAtSubmission() {
        submit("{\"action\": \"echo-args\", \"capability\": \"process\"}"); // the list is read
        HttpResponse<String> answer = api.call("POST", "/tasks",
                "{\"action\": \"process.run\", \"capability\": \"process\", \"parameters\": {\"program\": \"rm\"}}");
        assertEquals(400, answer.statusCode(), answer.body());
        assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        String detail = InstrumentApi.json(answer).get("detail").asText();
        assertTrue(detail.contains("'program'") && detail.contains("echo-args, env, tree") && detail.contains("'rm'"), detail);
    }

    @Test
    void cancellingALongProgramEndsItsWholeProcessTree() throws Exception {
        JsonNode task = submit("{\"action\": \"tree\", \"capability\": \"process\", \"parameters\":"
                + " {\"working_dir\": \"cancel\"}}");
        long parent = pid(work.resolve("cancel/parent.pid"));
        long child = pid(work.resolve("cancel/child.pid"));
        assertTrue(alive(parent) && alive(child), "the program and its child run");
        api.ok(api.call("DELETE", "/tasks/" + task.get("id").asText(), null));
        JsonNode done = api.awaitEnd(task.get("id").asText(), Duration.ofSeconds(60));
        assertEquals("cancelled", done.get("status").asText(), done.toString());
        api.runtime.await("the program and its child are gone", Duration.ofSeconds(30), () -> !alive(parent) && !alive(child));
    }

    @Test
    void stoppingTheBundleEndsTheRunningProgramsAndRestartingItRunsAgain() throws Exception {
        JsonNode task = submit("{\"action\": \"tree\", \"capability\": \"process\", \"parameters\":"
                + " {\"working_dir\": \"stop\"}}");
        long parent = pid(work.resolve("stop/parent.pid"));
        long child = pid(work.resolve("stop/child.pid"));
        long bundle = api.bundleId("org.orrery.agents.process");
        api.bundleAction(bundle, "stop");
        try {
            api.runtime.await("the program and its child are gone", Duration.ofSeconds(30),
                    () -> !alive(parent) && !alive(child));
        } finally {
            api.bundleAction(bundle, "start");
        }
        JsonNode ended = api.awaitEnd(task.get("id").asText(), Duration.ofSeconds(60));
        assertEquals("failed", ended.get("status").asText(), "process.run is not safe to re-run: " + ended);
        JsonNode again = submit("{\"action\": \"echo-args\", \"capability\": \"process\", \"parameters\": {\"args\": [\"back\"]}}");
        JsonNode done = api.awaitEnd(again.get("id").asText(), Duration.ofSeconds(60));
        assertEquals("[back]\n", done.at("/result/stdout").asText(), done.toString());
    }

    private static long pid(Path file) throws IOException {
        api.runtime.await(file + " is written", Duration.ofSeconds(30), () -> {
            try {
                return Files.exists(file) && !Files.readString(file).isBlank();
            } catch (IOException e) {
                return false;
            }
        });
        return Long.parseLong(Files.readString(file).trim());
    }

    /** Alive and not a zombie its parent (outside the runtime) did not reap. */
    private static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return false;
        }
    }
}
