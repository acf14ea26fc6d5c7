package org.orrery.core.scheduler.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.orrery.task.Action;
import org.orrery.task.ActionContext;
import org.orrery.task.ResourceClaim;
import org.orrery.task.TaskExecutionException;

/** Actions for engine tests, each a real implementation of the SPI. */
final class TestActions {

    private TestActions() {
    }

    /** An action whose attempts the test finishes by hand. */
    static final class Gate implements Action {
        final String name;
        final Map<String, CompletableFuture<Map<String, Object>>> attempts = new ConcurrentHashMap<>();
        final List<String> started = new CopyOnWriteArrayList<>();
        final Map<String, ActionContext> contexts = new ConcurrentHashMap<>();
        volatile boolean honoursCancel = true;
        volatile List<ResourceClaim> claims = List.of();

        Gate(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public List<ResourceClaim> resources(Map<String, Object> parameters) {
            return claims;
        }

        @Override
        public CompletionStage<Map<String, Object>> execute(ActionContext context) {
            CompletableFuture<Map<String, Object>> done = new CompletableFuture<>();
            attempts.put(context.taskId() + "#" + context.attempt(), done);
            contexts.put(context.taskId(), context);
            started.add(context.taskId());
            if (honoursCancel) {
                context.cancellation().thenAccept(done::completeExceptionally);
            }
            return done;
        }

        void finish(String taskId, int attempt, Map<String, Object> result) {
            attempts.get(taskId + "#" + attempt).complete(result);
        }

        void fail(String taskId, int attempt, Exception error) {
            attempts.get(taskId + "#" + attempt).completeExceptionally(error);
        }
    }

    /** Completes at once with what {@code body} returns, or fails the first {@code failures} attempts. */
    static final class Quick implements Action {
        final String name;
        final AtomicInteger calls = new AtomicInteger();
        volatile int failures;
        final Function<ActionContext, Map<String, Object>> body;

        Quick(String name, Function<ActionContext, Map<String, Object>> body) {
            this.name = name;
            this.body = body;
        }

        Quick(String name) {
            this(name, context -> Map.of("ok", true));
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public CompletionStage<Map<String, Object>> execute(ActionContext context) throws Exception {
            if (calls.incrementAndGet() <= failures) {
                throw new TaskExecutionException("planned failure " + calls.get());
            }
            return CompletableFuture.completedFuture(body.apply(context));
        }
    }

    /** Fails every attempt with an error no retry can mend. */
    static final class Refusing implements Action {
        final String name;

        Refusing(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public CompletionStage<Map<String, Object>> execute(ActionContext context) throws Exception {
            throw new org.orrery.task.TaskParameterException("exposure must be positive");
        }
    }

    /** Waits with the context's timer (no thread), as long as its parameter says. */
    static final class Sleep implements Action {
        @Override
        public String name() {
            return "test.sleep";
        }

        @Override
        public CompletionStage<Map<String, Object>> execute(ActionContext context) {
            long millis = ((Number) context.parameters().getOrDefault("millis", 10)).longValue();
            return context.delay(Duration.ofMillis(millis)).thenApply(v -> Map.of("slept", millis));
        }
    }
}
