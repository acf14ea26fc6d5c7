package org.orrery.itest.deployable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.orrery.task.Action;
import org.orrery.task.ActionContext;
import org.orrery.task.TaskExecutionException;

/**
 * Test actions for crash tests: each execution appends "task-id attempt" to a file outside the
 * database (and forces it to disk), then waits a little. {@code itest.record.safe} may run again
 * after a crash, {@code itest.record.once} may not.
 */
abstract class RecordingAction implements Action {

    private final String name;
    private final boolean safe;

    RecordingAction(String name, boolean safe) {
        this.name = name;
        this.safe = safe;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "Records each execution in a file, then waits (a test action; " + (safe ? "safe" : "not safe") + " to re-run)";
    }

    @Override
    public String parameterSchema() {
        return """
                {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
                 "properties": {"file": {"type": "string"}, "millis": {"type": "integer", "minimum": 0, "maximum": 60000}},
                 "required": ["file"], "additionalProperties": false}""";
    }

    @Override
    public boolean safeToRerun() {
        return safe;
    }

    @Override
    public CompletionStage<Map<String, Object>> execute(ActionContext context) {
        Path file = Path.of((String) context.parameters().get("file"));
        try {
            Files.writeString(file, context.taskId() + " " + context.attempt() + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new TaskExecutionException("cannot record to " + file, e));
        }
        long millis = ((Number) context.parameters().getOrDefault("millis", 0)).longValue();
        return context.delay(Duration.ofMillis(millis)).thenApply(v -> Map.of("recorded", true));
    }

    /** May run again after a crash. */
    @org.osgi.service.component.annotations.Component(service = Action.class)
    public static final class Safe extends RecordingAction {
        public Safe() {
            super("itest.record.safe", true);
        }
    }

    /** Must never run twice. */
    @org.osgi.service.component.annotations.Component(service = Action.class)
    public static final class Once extends RecordingAction {
        public Once() {
            super("itest.record.once", false);
        }
    }
}
