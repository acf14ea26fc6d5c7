package org.orrery.web.api.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import org.orrery.task.Scheduler;
import org.orrery.task.TaskPage;
import org.orrery.task.TaskQuery;
import org.orrery.task.TaskRecord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Seed 003's {@code wait_for_completion}: {@code POST /tasks/wait} with {@code {"ids": [...]}} or
 * {@code {"tag": "..."}} and a {@code timeout} in seconds answers once every one of those tasks has
 * ended (completed, failed or cancelled) or the timeout has passed, with each task's status. A long
 * poll: the request waits through the servlet's {@code AsyncContext} on the scheduler's
 * {@link Scheduler#whenFinished} stages ({@link LaterAnswer}), no thread waits.
 */
final class TaskWait {

    /** The most tasks one wait takes (ids given, or tasks of the tag). */
    static final int MAX_TASKS = TaskQuery.MAX_LIMIT;
    /** The longest timeout, seconds: a long poll, not a connection held for ever (ask again). */
    static final int MAX_TIMEOUT = 300;
    /** The timeout when none is given, seconds. */
    static final int DEFAULT_TIMEOUT = 30;
    static final Set<String> FIELDS = Set.of("ids", "tag", "timeout");

    /** What to wait for: the tasks and the time. */
    record Request(List<String> ids, Duration timeout) {
    }

    private TaskWait() {
    }

    /** Reads the body and finds the tasks: 400 for a bad body or too many tasks, 404 naming unknown ids. */
    static Request read(JsonNode body, Scheduler scheduler) throws ApiJson.BadRequest, ApiServlet.Refusal {
        if (body == null || !body.isObject()) {
            throw new ApiJson.BadRequest("the body must be a JSON object {\"ids\": [...]} or {\"tag\": \"...\"}, with"
                    + " \"timeout\" in seconds; found " + ApiJson.kind(body));
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new ApiJson.BadRequest("unknown field '" + name + "'; a wait has the fields ids or tag, and timeout");
            }
        }
        boolean byIds = body.hasNonNull("ids");
        boolean byTag = body.hasNonNull("tag");
        if (byIds == byTag) {
            throw new ApiJson.BadRequest("give exactly one of 'ids' (an array of task ids) and 'tag' (a string), found "
                    + (byIds ? "both" : "neither"));
        }
        Duration timeout = timeout(body.get("timeout"));
        List<String> ids = byIds ? ids(body, scheduler) : tagged(TaskApiJson.text(body, "tag", "", true), scheduler);
        return new Request(ids, timeout);
    }

    private static Duration timeout(JsonNode v) throws ApiJson.BadRequest {
        if (v == null || v.isNull()) {
            return Duration.ofSeconds(DEFAULT_TIMEOUT);
        }
        if (!v.isNumber() || !(v.doubleValue() >= 0 && v.doubleValue() <= MAX_TIMEOUT)) {
            throw new ApiJson.BadRequest("'timeout' must be a number of seconds from 0 to " + MAX_TIMEOUT + ", found " + v);
        }
        return Duration.ofMillis(Math.round(v.doubleValue() * 1000));
    }

    private static List<String> ids(JsonNode body, Scheduler scheduler) throws ApiJson.BadRequest, ApiServlet.Refusal {
        List<String> given = TaskApiJson.strings(body, "ids", "");
        if (given.isEmpty()) {
            throw new ApiJson.BadRequest("'ids' must name at least one task, found an empty array");
        }
        Set<String> ids = new LinkedHashSet<>(given);
        if (ids.size() > MAX_TASKS) {
            throw new ApiJson.BadRequest("'ids' may name at most " + MAX_TASKS + " tasks, found " + ids.size());
        }
        List<String> unknown = new ArrayList<>();
        for (String id : ids) {
            if (scheduler.get(id).isEmpty()) {
                unknown.add(id);
            }
        }
        if (!unknown.isEmpty()) {
            throw new ApiServlet.Refusal(HttpServletResponse.SC_NOT_FOUND, "Not Found", "no task has the id"
                    + (unknown.size() == 1 ? " " : "s ") + ApiJson.shorten(String.join(", ", unknown)) + " (in 'ids')");
        }
        return List.copyOf(ids);
    }

    private static List<String> tagged(String tag, Scheduler scheduler) throws ApiJson.BadRequest {
        TaskPage page = scheduler.list(new TaskQuery(Set.of(), null, tag, null, null, null, MAX_TASKS));
        if (page.nextCursor() != null) {
            throw new ApiJson.BadRequest("'tag' " + ApiJson.shorten(tag) + " has more than " + MAX_TASKS
                    + " tasks; a wait takes at most " + MAX_TASKS + ": wait for them by 'ids' in parts");
        }
        return page.tasks().stream().map(TaskRecord::id).toList();
    }

    /**
     * Answers at once if every task has ended (or the timeout is 0), else later: when the last one
     * ends, or with the states then when the timeout passes. The stages not needed any more are
     * cancelled, so that the scheduler forgets them.
     */
    static void answer(HttpServletRequest request, HttpServletResponse response, Scheduler scheduler, Request wait)
            throws org.orrery.task.TaskException, java.io.IOException {
        List<CompletableFuture<TaskRecord>> stages = new ArrayList<>();
        for (String id : wait.ids()) {
            stages.add(scheduler.whenFinished(id).toCompletableFuture());
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(stages.toArray(CompletableFuture[]::new));
        if (all.isDone() || wait.timeout().isZero()) {
            boolean failed = all.isCompletedExceptionally(); // before the cancels below, which would fail it too
            stages.forEach(f -> f.cancel(false));
            if (failed) {
                try {
                    all.join();
                } catch (java.util.concurrent.CompletionException e) {
                    // a task purged meanwhile, the scheduler stopped: answered as that problem
                    if (e.getCause() instanceof org.orrery.task.TaskException cause) {
                        throw cause;
                    }
                    throw e;
                }
            }
            ApiServlet.json(response, HttpServletResponse.SC_OK, states(scheduler, wait.ids()));
            return;
        }
        LaterAnswer.start(request, all, wait.timeout(), (r, done) -> {
            ApiServlet.json(r, HttpServletResponse.SC_OK, states(scheduler, wait.ids()));
        }, (r, none) -> {
            stages.forEach(f -> f.cancel(false));
            ApiServlet.json(r, HttpServletResponse.SC_OK, states(scheduler, wait.ids()));
        }, none -> stages.forEach(f -> f.cancel(false)));
    }

    /**
     * {@code completed}: every task has ended (seed 003's return value); {@code succeeded}: every one
     * completed; {@code tasks}: each one's id, name and status; {@code counts} by status.
     */
    static ObjectNode states(Scheduler scheduler, List<String> ids) {
        ObjectNode n = ApiJson.MAPPER.createObjectNode();
        ArrayNode tasks = ApiJson.MAPPER.createArrayNode();
        Map<String, Integer> counts = new TreeMap<>();
        boolean ended = true;
        boolean succeeded = true;
        for (String id : ids) {
            Optional<TaskRecord> task = scheduler.get(id);
            String status = task.map(t -> t.status().id()).orElse("purged");
            ended &= task.map(t -> t.status().isTerminal()).orElse(true);
            succeeded &= task.map(t -> t.status() == org.orrery.task.TaskStatus.COMPLETED).orElse(false);
            tasks.addObject().put("id", id).put("name", task.map(t -> t.spec().name()).orElse(null)).put("status", status);
            counts.merge(status, 1, Integer::sum);
        }
        n.put("completed", ended);
        n.put("succeeded", ended && succeeded);
        n.put("timed_out", !ended);
        n.put("total", ids.size());
        ObjectNode c = n.putObject("counts");
        counts.forEach(c::put);
        n.set("tasks", tasks);
        return n;
    }
}
