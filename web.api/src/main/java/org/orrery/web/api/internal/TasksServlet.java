package org.orrery.web.api.internal;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.orrery.security.Role;
import org.orrery.task.Scheduler;
import org.orrery.task.TaskConflictException;
import org.orrery.task.TaskNotFoundException;
import org.orrery.task.TaskQuery;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskSpec;
import org.orrery.task.TaskStatus;
import org.orrery.task.TaskUpdate;
import org.orrery.web.api.ApiContext;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Seed 001's task API under {@code /api/v1/tasks}, with the rest of the task model: submit one
 * or a batch, list with filters and paging, get, cancel, retry, pause, resume; seed 004's update
 * ({@code PATCH}), purge ({@code DELETE ?purge=true}), executions and dependency graph; seed 003's
 * result object ({@code GET /tasks/{id}/result}) and {@code wait_for_completion}
 * ({@code POST /tasks/wait}, a long poll: {@link TaskWait}).
 */
@Component(service = Servlet.class, property = {
        ApiContext.SELECT,
        "osgi.http.whiteboard.servlet.pattern=/tasks",
        "osgi.http.whiteboard.servlet.pattern=/tasks/*",
        "osgi.http.whiteboard.servlet.asyncSupported=true",
        "osgi.http.whiteboard.servlet.name=orrery-tasks" })
public final class TasksServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;
    static final Set<String> QUERY_PARAMETERS = Set.of("status", "action", "tag", "created_after", "created_before",
            "limit", "cursor", "order", "assigned_to", "module");

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Scheduler scheduler;

    public TasksServlet() {
    }

    /** For tests: a servlet on this scheduler. */
    TasksServlet(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(request, response, () -> {
            require(request, Role.VIEWER);
            List<String> parts = path(request, 2);
            Scheduler s = available(scheduler);
            if (parts.isEmpty()) {
                TaskPages.Page page = TaskPages.collect(s, query(request), TaskPages.BYTE_BUDGET);
                TaskPages.next(request, response, page.nextCursor());
                page.writeTo(jsonStream(response, HttpServletResponse.SC_OK));
            } else if (parts.size() == 1 && parts.get(0).equals(TaskApiJson.GRAPH)) {
                json(response, HttpServletResponse.SC_OK, TaskGraph.answer(s, request));
            } else if (parts.size() == 1) {
                json(response, HttpServletResponse.SC_OK, TaskRecordJson.of(task(s, parts.get(0))));
            } else if (parts.get(1).equals("result")) {
                QueryParameters.only(request, Set.of(), "a task's result");
                json(response, HttpServletResponse.SC_OK, TaskResultJson.result(task(s, parts.get(0))));
            } else if (parts.get(1).equals("executions")) {
                QueryParameters.only(request, Set.of(), "a task's executions");
                json(response, HttpServletResponse.SC_OK, ExecutionApiJson.list(s.executions(task(s, parts.get(0)).id())));
            } else {
                throw new Refusal(HttpServletResponse.SC_METHOD_NOT_ALLOWED, "Method Not Allowed",
                        "GET is not defined on " + request.getRequestURI() + "; use POST");
            }
        });
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(request, response, () -> {
            String user = require(request, Role.OPERATOR).name();
            List<String> parts = path(request, 2);
            Scheduler s = available(scheduler);
            if (parts.isEmpty()) {
                TaskSpec spec = TaskApiJson.spec(body(request), "", user);
                TaskRecord accepted = s.submit(spec);
                response.setHeader("Location", uriWithoutTrailingSlashes(request) + "/" + accepted.id());
                json(response, HttpServletResponse.SC_CREATED, TaskRecordJson.of(accepted));
            } else if (parts.size() == 1 && parts.get(0).equals(TaskApiJson.WAIT)) {
                TaskWait.answer(request, response, s, TaskWait.read(body(request), s));
            } else if (parts.size() == 1 && parts.get(0).equals("batch")) {
                JsonNode body = body(request);
                JsonNode list = body.isObject() && body.has("tasks") && body.size() == 1 ? body.get("tasks") : body;
                if (!list.isArray() || list.isEmpty()) {
                    throw new ApiJson.BadRequest("a batch is a non-empty array of tasks, or {\"tasks\": [...]}");
                }
                if (list.size() > 10_000) {
                    throw new ApiJson.BadRequest("a batch holds at most 10000 tasks, found " + list.size());
                }
                List<TaskSpec> specs = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) {
                    specs.add(TaskApiJson.spec(list.get(i), "tasks[" + i + "]", user));
                }
                List<TaskRecordJson> out = new ArrayList<>();
                s.submitAll(specs).forEach(t -> out.add(TaskRecordJson.of(t)));
                json(response, HttpServletResponse.SC_CREATED, out);
            } else if (parts.size() == 2) {
                noBody(request);
                String id = parts.get(0);
                TaskRecord changed = switch (parts.get(1)) {
                    case "retry" -> s.retry(id);
                    case "pause" -> s.pause(id);
                    case "resume" -> s.resume(id);
                    case "cancel" -> s.cancel(id, request.getParameter("reason"));
                    default -> throw new Refusal(HttpServletResponse.SC_NOT_FOUND, "Not Found", "no such task operation '"
                            + parts.get(1) + "': use retry, pause, resume or cancel");
                };
                json(response, HttpServletResponse.SC_OK, TaskRecordJson.of(changed));
            } else {
                throw new Refusal(HttpServletResponse.SC_METHOD_NOT_ALLOWED, "Method Not Allowed",
                        "POST is not defined on " + request.getRequestURI());
            }
        });
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(request, response, () -> {
            require(request, Role.OPERATOR);
            List<String> parts = path(request, 2);
            if (parts.size() != 1) {
                throw new Refusal(HttpServletResponse.SC_METHOD_NOT_ALLOWED, "Method Not Allowed",
                        "DELETE is defined on /api/v1/tasks/{id} only");
            }
            noBody(request);
            QueryParameters.only(request, Set.of("reason", "purge"), "DELETE /tasks/{id}");
            Scheduler s = available(scheduler);
            if (!QueryParameters.flag(request, "purge")) {
                json(response, HttpServletResponse.SC_OK, TaskRecordJson.of(s.cancel(parts.get(0), request.getParameter("reason"))));
                return;
            }
            TaskRecord task = task(s, parts.get(0));
            if (!task.status().isTerminal()) {
                throw new TaskConflictException("task '" + task.id() + "' is " + task.status().id()
                        + ": only a finished task (completed, failed or cancelled) can be purged; cancel it first");
            }
            s.purge(task.id());
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
        });
    }

    /** {@code PATCH /tasks/{id}}: seed 004's update_task, of a task that has not started. */
    @Override
    protected void doPatch(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(request, response, () -> {
            require(request, Role.OPERATOR);
            List<String> parts = path(request, 2);
            if (parts.size() != 1 || parts.get(0).equals(TaskApiJson.GRAPH)) {
                throw new Refusal(HttpServletResponse.SC_METHOD_NOT_ALLOWED, "Method Not Allowed",
                        "PATCH is defined on /api/v1/tasks/{id} only");
            }
            QueryParameters.only(request, Set.of(), "PATCH /tasks/{id}");
            TaskUpdate update = TaskUpdateJson.read(body(request));
            Scheduler s = available(scheduler);
            json(response, HttpServletResponse.SC_OK, TaskRecordJson.of(s.update(task(s, parts.get(0)).id(), update)));
        });
    }

    private static TaskRecord task(Scheduler s, String id) throws TaskNotFoundException {
        return s.get(id).orElseThrow(() -> new TaskNotFoundException(id));
    }

    /** The listing query of the request's parameters, refusing unknown ones and bad values. */
    static TaskQuery query(HttpServletRequest request) throws ApiJson.BadRequest {
        QueryParameters.only(request, QUERY_PARAMETERS, "the task list");
        Set<TaskStatus> statuses = EnumSet.noneOf(TaskStatus.class);
        statuses.addAll(QueryParameters.list(request, "status", TaskStatus::parse));
        int limit = QueryParameters.limit(request, "limit", 100, TaskQuery.MAX_LIMIT);
        String cursor = request.getParameter("cursor");
        if (cursor != null) {
            cursor = TaskPages.decode(cursor);
        }
        boolean newestFirst = QueryParameters.choice(request, "order", "oldest", "oldest", "newest").equals("newest");
        return new TaskQuery(statuses, request.getParameter("action"), request.getParameter("tag"),
                time(request, "created_after"), time(request, "created_before"), cursor, limit, newestFirst,
                request.getParameter("assigned_to"), request.getParameter("module"));
    }

    private static Instant time(HttpServletRequest request, String name) throws ApiJson.BadRequest {
        String text = request.getParameter(name);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new ApiJson.BadRequest("query parameter '" + name + "' must be an ISO-8601 time such as"
                    + " 2026-11-23T21:30:00Z, found '" + text + "'");
        }
    }
}
