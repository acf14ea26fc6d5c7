package org.orrery.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The store issue's crash test: 500 tasks of a test action that records each execution (task
 * id, attempt) in a file outside the database, half of them safe to re-run and half not; the
 * runtime is killed (SIGKILL) at random moments 20 times and started again each time. At the
 * end every task is in a terminal state, none is missing, a task not safe to re-run ran at most
 * once, and the records and the store agree.
 *
 * <p>Longer: {@code ./mvnw -B verify -pl e2e -Dit.test=CrashTestIT -Dorrery.crash.tasks=5000
 * -Dorrery.crash.kills=100} (after an install).
 */
class CrashTestIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void killedTwentyTimesNothingIsLostAndNothingUnsafeRunsTwice() throws Exception {
        int taskCount = Integer.getInteger("orrery.crash.tasks", 500);
        int kills = Integer.getInteger("orrery.crash.kills", 20);
        Random random = new Random(Long.getLong("orrery.crash.seed", 7));
        Path java = Path.of(System.getProperty("java.home"));
        Path home = RuntimeLifecycleIT.WORK.resolve("crash-test-" + UUID.randomUUID());
        Path records = home.resolveSibling(home.getFileName() + "-executions.txt");
        int port = RuntimeProcess.freePort();

        String password;
        try (RuntimeProcess runtime = RuntimeProcess.start(java, home, port).awaitReady()) {
            password = runtime.adminPassword();
            String auth = RuntimeProcess.basic("admin", password);
            RuntimeLifecycleIT.copyAtomically(RuntimeLifecycleIT.DEPLOYABLE, home.resolve("deploy/deployable.jar"));
            runtime.await("the recording actions are installed", Duration.ofSeconds(30),
                    () -> get(runtime, auth, "/api/v1/actions").contains("itest.record.once"));
            StringBuilder batch = new StringBuilder("[");
            for (int i = 0; i < taskCount; i++) {
                batch.append(i == 0 ? "" : ",").append("{\"id\": \"t").append(i).append("\", \"action\": \"")
                        .append(i % 2 == 0 ? "itest.record.safe" : "itest.record.once")
                        .append("\", \"parameters\": {\"file\": \"").append(records.toString().replace("\\", "\\\\"))
                        .append("\", \"millis\": ").append(20 + random.nextInt(300)).append("}}");
            }
            HttpResponse<String> accepted = runtime.send(HttpRequest.newBuilder(runtime.uri("/api/v1/tasks/batch"))
                    .header("Authorization", auth).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(batch.append("]").toString())).build());
            assertEquals(201, accepted.statusCode(), accepted.body());
            Thread.sleep(100 + random.nextInt(400));
            runtime.kill();
        }
        for (int k = 1; k < kills; k++) {
            try (RuntimeProcess runtime = RuntimeProcess.start(java, home, port).awaitReady()) {
                Thread.sleep(100 + random.nextInt(600));
                runtime.kill();
            }
        }
        try (RuntimeProcess last = RuntimeProcess.start(java, home, port).awaitReady()) {
            String auth = RuntimeProcess.basic("admin", password);
            last.await("every task is in a terminal state", Duration.ofSeconds(120), () -> unfinished(last, auth) == 0);
            Map<String, JsonNode> tasks = all(last, auth);
            assertEquals(taskCount, tasks.size(), "no task is missing");

            Map<String, Integer> executions = new HashMap<>();
            Map<String, Set<Integer>> attemptsSeen = new HashMap<>();
            for (String line : Files.readAllLines(records)) {
                String[] parts = line.trim().split(" ");
                if (parts.length != 2) {
                    continue; // a line torn by a kill
                }
                executions.merge(parts[0], 1, Integer::sum);
                attemptsSeen.computeIfAbsent(parts[0], x -> new HashSet<>()).add(Integer.parseInt(parts[1]));
            }
            int interrupted = 0;
            for (Map.Entry<String, JsonNode> entry : tasks.entrySet()) {
                String id = entry.getKey();
                JsonNode task = entry.getValue();
                String status = task.get("status").asText();
                assertTrue(List.of("completed", "failed", "cancelled").contains(status), id + " is " + status);
                int ran = executions.getOrDefault(id, 0);
                int attempts = task.get("attempts").asInt();
                assertTrue(ran <= attempts, id + " ran " + ran + " times but the store counts " + attempts + " attempts");
                if (task.get("action").asText().equals("itest.record.once")) {
                    assertTrue(ran <= 1, id + " is not safe to re-run but ran " + ran + " times");
                    if (status.equals("failed")) {
                        assertTrue(task.get("error").asText().contains("interrupted by restart"), id + ": " + task);
                        interrupted++;
                    }
                }
                if (status.equals("completed")) {
                    assertTrue(ran >= 1, id + " is completed but never recorded an execution");
                }
                if (status.equals("failed") && task.get("action").asText().equals("itest.record.safe")) {
                    throw new AssertionError(id + " is safe to re-run and should not fail: " + task);
                }
            }
            System.out.printf("crash test: %d tasks, %d kills, %d recorded executions, %d unsafe tasks failed as"
                    + " interrupted%n", taskCount, kills, executions.values().stream().mapToInt(Integer::intValue).sum(),
                    interrupted);
        }
    }

    private static String get(RuntimeProcess runtime, String auth, String path) {
        return runtime.send(HttpRequest.newBuilder(runtime.uri(path)).header("Authorization", auth).build()).body();
    }

    private static long unfinished(RuntimeProcess runtime, String auth) {
        try {
            JsonNode stats = JSON.readTree(get(runtime, auth, "/api/v1/scheduler/statistics"));
            return stats.get("total_tasks").asLong() - stats.get("completed").asLong() - stats.get("failed").asLong()
                    - stats.get("cancelled").asLong();
        } catch (Exception e) {
            return -1;
        }
    }

    private static Map<String, JsonNode> all(RuntimeProcess runtime, String auth) throws Exception {
        Map<String, JsonNode> tasks = new HashMap<>();
        String cursor = null;
        do {
            HttpResponse<String> page = runtime.send(HttpRequest.newBuilder(runtime.uri("/api/v1/tasks?limit=1000"
                    + (cursor == null ? "" : "&cursor=" + cursor))).header("Authorization", auth).build());
            for (JsonNode task : JSON.readTree(page.body())) {
                tasks.put(task.get("id").asText(), task);
            }
            cursor = page.headers().firstValue("X-Next-Cursor").orElse(null);
        } while (cursor != null);
        return tasks;
    }
}
