package org.orrery.core.scheduler.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.orrery.agent.Agent;
import org.orrery.task.ActionContext;
import org.orrery.task.TaskParameterException;

/** A local agent for engine tests: its attempts wait until the test finishes them (or end at once). */
final class TestAgent implements Agent {
    final String id;
    volatile Set<String> capabilities;
    final int concurrency;
    volatile boolean safe;
    volatile boolean immediate;
    /** A parameter name whose presence it refuses at submission. */
    volatile String refuses;
    final Map<String, CompletableFuture<Map<String, Object>>> attempts = new ConcurrentHashMap<>();
    final List<String> started = new CopyOnWriteArrayList<>();
    final List<String> taskTypes = new CopyOnWriteArrayList<>();

    TestAgent(String id, int concurrency, String... capabilities) {
        this.id = id;
        this.concurrency = concurrency;
        this.capabilities = Set.of(capabilities);
    }

    TestAgent immediate() {
        immediate = true;
        return this;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String type() {
        return "test";
    }

    @Override
    public Set<String> capabilities() {
        return capabilities;
    }

    @Override
    public int concurrency() {
        return concurrency;
    }

    @Override
    public boolean safeToRerun(String taskType) {
        return safe;
    }

    @Override
    public void validate(String taskType, Map<String, Object> parameters) throws TaskParameterException {
        if (refuses != null && parameters.containsKey(refuses)) {
            throw new TaskParameterException("parameter '" + refuses + "': agent " + id + " refuses it for " + taskType);
        }
    }

    @Override
    public CompletionStage<Map<String, Object>> execute(ActionContext context) {
        started.add(context.taskId());
        taskTypes.add(context.task().action());
        if (immediate) {
            return CompletableFuture.completedFuture(Map.of("by", id));
        }
        CompletableFuture<Map<String, Object>> done = new CompletableFuture<>();
        attempts.put(context.taskId(), done);
        context.cancellation().thenAccept(done::completeExceptionally);
        return done;
    }

    void finish(String taskId) {
        attempts.get(taskId).complete(Map.of("by", id));
    }
}
