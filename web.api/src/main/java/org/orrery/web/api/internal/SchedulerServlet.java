package org.orrery.web.api.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.orrery.agent.Agents;
import org.orrery.security.Role;
import org.orrery.task.ActionInfo;
import org.orrery.task.PauseMode;
import org.orrery.task.Scheduler;
import org.orrery.web.api.ApiContext;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The scheduler as a whole ({@code /api/v1/scheduler}: state, pause, resume, statistics,
 * execution plan; seed 004's report, metrics and queue statistics) and the installed actions ({@code /api/v1/actions}).
 */
@Component(service = Servlet.class, property = {
        ApiContext.SELECT,
        "osgi.http.whiteboard.servlet.pattern=/scheduler",
        "osgi.http.whiteboard.servlet.pattern=/scheduler/*",
        "osgi.http.whiteboard.servlet.pattern=/actions",
        "osgi.http.whiteboard.servlet.pattern=/actions/*",
        "osgi.http.whiteboard.servlet.name=orrery-scheduler" })
public final class SchedulerServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Scheduler scheduler;

    /** The agents, for the report's agent metrics (none without it). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Agents agents;

    public SchedulerServlet() {
    }

    /** For tests: a servlet on this scheduler and these agents (null: none). */
    SchedulerServlet(Scheduler scheduler, Agents agents) {
        this.scheduler = scheduler;
        this.agents = agents;
    }

    private static String route(HttpServletRequest request) {
        String info = request.getPathInfo();
        return request.getServletPath() + (info == null ? "" : info.replaceAll("/+$", ""));
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(request, response, () -> {
            require(request, Role.VIEWER);
            Scheduler s = available(scheduler);
            String route = route(request);
            switch (route) {
                case "/scheduler" -> json(response, 200, state(s));
                case "/scheduler/statistics" -> json(response, 200, TaskApiJson.statistics(s.statistics()));
                case "/scheduler/metrics" -> json(response, 200, SchedulerReport.systemMetrics(s.statistics(), agents));
                case "/scheduler/queue" -> json(response, 200, SchedulerReport.queue(s.statistics()));
                case "/scheduler/report" -> json(response, 200, SchedulerReport.report(s, agents));
                case "/actions" -> {
                    ArrayNode list = ApiJson.MAPPER.createArrayNode();
                    for (ActionInfo a : s.actions()) {
                        list.add(action(a));
                    }
                    json(response, 200, list);
                }
                default -> {
                    if (route.startsWith("/actions/")) {
                        String name = route.substring("/actions/".length());
                        ActionInfo a = s.actions().stream().filter(x -> x.name().equals(name)).findFirst()
                                .orElseThrow(() -> new Refusal(404, "Not Found", "no installed action is named '" + name + "'"));
                        json(response, 200, action(a));
                    } else {
                        throw new Refusal(404, "Not Found", "no such route: " + request.getRequestURI());
                    }
                }
            }
        });
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(request, response, () -> {
            String route = route(request);
            require(request, route.equals("/scheduler/plan") ? Role.VIEWER : Role.OPERATOR); // a plan changes nothing
            Scheduler s = available(scheduler);
            switch (route) {
                case "/scheduler/pause" -> {
                    noBody(request);
                    String mode = request.getParameter("mode");
                    PauseMode pause;
                    try {
                        pause = mode == null ? PauseMode.DEFERRED : PauseMode.valueOf(mode.trim().toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw new ApiJson.BadRequest("query parameter 'mode' must be deferred or immediate, found '" + mode + "'");
                    }
                    s.pauseAll(pause);
                    json(response, 200, state(s));
                }
                case "/scheduler/resume" -> {
                    noBody(request);
                    s.resumeAll();
                    json(response, 200, state(s));
                }
                case "/scheduler/plan" -> {
                    JsonNode body = body(request);
                    JsonNode ids = body.isObject() ? body.get("task_ids") : body;
                    if (ids == null || !ids.isArray() || ids.isEmpty()) {
                        throw new ApiJson.BadRequest("send {\"task_ids\": [\"...\"]}: the tasks to plan");
                    }
                    List<String> list = new ArrayList<>();
                    for (JsonNode id : ids) {
                        if (!id.isTextual()) {
                            throw new ApiJson.BadRequest("'task_ids' must hold strings, found " + ApiJson.kind(id));
                        }
                        list.add(id.textValue());
                    }
                    ObjectNode out = ApiJson.MAPPER.createObjectNode();
                    ArrayNode waves = out.putArray("waves");
                    ArrayNode order = out.putArray("execution_order");
                    for (List<String> wave : s.executionPlan(list)) {
                        ArrayNode w = waves.addArray();
                        wave.forEach(w::add);
                        wave.forEach(order::add);
                    }
                    json(response, 200, out);
                }
                default -> throw new Refusal(404, "Not Found", "no such route: POST " + request.getRequestURI());
            }
        });
    }

    private static ObjectNode state(Scheduler s) {
        ObjectNode n = ApiJson.MAPPER.createObjectNode();
        n.put("paused", s.isPaused());
        return n;
    }

    private static ObjectNode action(ActionInfo a) {
        ObjectNode n = ApiJson.MAPPER.createObjectNode();
        n.put("name", a.name());
        n.put("description", a.description());
        try {
            n.set("parameter_schema", ApiJson.MAPPER.readTree(a.parameterSchema()));
        } catch (IOException e) {
            n.put("parameter_schema", a.parameterSchema());
        }
        n.put("safe_to_rerun", a.safeToRerun());
        n.put("bundle", a.bundle());
        return n;
    }
}
