package org.orrery.web.api.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.orrery.task.Scheduler;
import org.orrery.task.TaskNotFoundException;
import org.orrery.task.TaskPage;
import org.orrery.task.TaskQuery;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskStatus;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.servlet.http.HttpServletRequest;

/**
 * {@code GET /tasks/graph} (seed 004's {@code get_dependency_graph}): tasks as nodes and their
 * dependencies as edges {@code {from: dependency, to: dependent}} (the order they run in). Which
 * tasks: by default the unfinished ones and the tasks they depend on; {@code ?tag=} the tasks with
 * that tag and the tasks they depend on; {@code ?ids=} those tasks and everything they depend on,
 * transitively. At most {@link #MAX_NODES} nodes: past that {@code truncated} is true and the
 * edges to tasks left out are left out too.
 */
final class TaskGraph {

    static final int MAX_NODES = 5_000;
    static final Set<String> QUERY_PARAMETERS = Set.of("tag", "ids");
    static final Set<TaskStatus> UNFINISHED = EnumSet.of(TaskStatus.PENDING, TaskStatus.READY, TaskStatus.RUNNING,
            TaskStatus.PAUSED, TaskStatus.RETRYING);

    private final Scheduler scheduler;
    private final int maxNodes;
    private final Map<String, TaskRecord> nodes = new LinkedHashMap<>();
    private boolean truncated;

    TaskGraph(Scheduler scheduler, int maxNodes) {
        this.scheduler = scheduler;
        this.maxNodes = maxNodes;
    }

    /** The graph the request asks for, as JSON. */
    static ObjectNode answer(Scheduler scheduler, HttpServletRequest request) throws ApiJson.BadRequest, TaskNotFoundException {
        QueryParameters.only(request, QUERY_PARAMETERS, "the task graph");
        String tag = request.getParameter("tag");
        Set<String> ids = QueryParameters.list(request, "ids", id -> {
            if (id.isBlank()) {
                throw new IllegalArgumentException("a task id must not be empty");
            }
            return id.trim();
        });
        if (tag != null && !ids.isEmpty()) {
            throw new ApiJson.BadRequest("query parameters 'tag' and 'ids' choose the tasks two ways: give one of them");
        }
        TaskGraph graph = new TaskGraph(scheduler, MAX_NODES);
        if (!ids.isEmpty()) {
            graph.withDependencies(ids);
        } else {
            graph.selected(tag == null ? new TaskQuery(UNFINISHED, null, null, null, null, null, TaskQuery.MAX_LIMIT)
                    : new TaskQuery(Set.of(), null, tag, null, null, null, TaskQuery.MAX_LIMIT));
        }
        return graph.json();
    }

    /** The tasks {@code query} lists, then the tasks they depend on (one level). */
    void selected(TaskQuery query) {
        TaskQuery page = query;
        while (nodes.size() < maxNodes) {
            TaskPage found = scheduler.list(page);
            for (TaskRecord t : found.tasks()) {
                add(t);
            }
            if (found.nextCursor() == null) {
                break;
            }
            truncated |= nodes.size() >= maxNodes;
            page = page.after(found.nextCursor());
        }
        for (TaskRecord t : List.copyOf(nodes.values())) {
            for (String dependency : t.spec().dependsOn()) {
                if (!nodes.containsKey(dependency)) {
                    scheduler.get(dependency).ifPresent(this::add);
                }
            }
        }
    }

    /** The named tasks (each must exist) and everything they depend on, transitively. */
    void withDependencies(Set<String> ids) throws TaskNotFoundException {
        Deque<String> todo = new ArrayDeque<>();
        for (String id : ids) {
            add(scheduler.get(id).orElseThrow(() -> new TaskNotFoundException(id)));
            todo.add(id);
        }
        while (!todo.isEmpty()) {
            for (String dependency : nodes.get(todo.poll()).spec().dependsOn()) {
                if (!nodes.containsKey(dependency) && scheduler.get(dependency).map(this::add).orElse(false)) {
                    todo.add(dependency);
                }
            }
        }
    }

    /** Adds a node unless the graph is full (then it is truncated); true when added. */
    private boolean add(TaskRecord task) {
        if (nodes.containsKey(task.id())) {
            return false;
        }
        if (nodes.size() >= maxNodes) {
            truncated = true;
            return false;
        }
        nodes.put(task.id(), task);
        return true;
    }

    ObjectNode json() {
        ObjectNode out = ApiJson.MAPPER.createObjectNode();
        ArrayNode nodeList = out.putArray("nodes");
        ArrayNode edges = out.putArray("edges");
        for (TaskRecord t : nodes.values()) {
            ObjectNode n = nodeList.addObject();
            n.put("id", t.id());
            n.put("name", t.spec().name());
            n.put("action", t.spec().action());
            n.put("status", t.status().id());
            n.put("priority", t.spec().priority().id());
            n.put("assigned_to", t.assignedTo());
            n.put("waiting_for", t.waitingFor());
            ArrayNode tags = n.putArray("tags");
            t.spec().tags().stream().sorted().forEach(tags::add);
            for (String dependency : t.spec().dependsOn()) {
                if (nodes.containsKey(dependency)) {
                    edges.addObject().put("from", dependency).put("to", t.id());
                }
            }
        }
        out.put("truncated", truncated);
        out.put("max_nodes", maxNodes);
        return out;
    }
}
