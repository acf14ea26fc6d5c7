package org.orrery.web.api.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import org.orrery.agent.AgentException;
import org.orrery.agent.AgentInfo;
import org.orrery.agent.AgentRegistration;
import org.orrery.agent.Agents;
import org.orrery.agent.Lease;
import org.orrery.security.AuthenticatedUser;
import org.orrery.security.Role;
import org.orrery.task.TaskRecord;
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
 * The agents under {@code /api/v1/agents} (seed 004's register_agent and the remote agents'
 * protocol): register ({@code POST /agents}), list, get, drain and remove; and for a remote agent
 * claim (a long poll through the servlet's {@link jakarta.servlet.AsyncContext}: no thread waits),
 * heartbeat, complete and fail. Watching takes a viewer; the protocol calls take the agent's own
 * token (role agent, user named like the agent) or an admin; removing takes an admin.
 */
@Component(service = Servlet.class, property = {
        ApiContext.SELECT,
        "osgi.http.whiteboard.servlet.pattern=/agents",
        "osgi.http.whiteboard.servlet.pattern=/agents/*",
        "osgi.http.whiteboard.servlet.asyncSupported=true",
        "osgi.http.whiteboard.servlet.name=orrery-agents" })
public final class AgentsServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;
    /** How much longer than its wait a claim's request may stay open before the container answers it. */
    static final Duration CLAIM_MARGIN = Duration.ofSeconds(30);
    /** The longest {@code DELETE /agents/{id}?wait=} may wait, in seconds. */
    static final int MAX_DRAIN_WAIT = 600;
    /** How long a report with {@code next} waits on its request thread for the claim to settle before going asynchronous. */
    static final Duration SETTLE = Duration.ofSeconds(1);
    private static final Set<String> VERBS = Set.of("heartbeat", "complete", "fail");

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Agents agents;
    /** {@link #SETTLE}; tests shorten it. */
    transient Duration settle = SETTLE;

    public AgentsServlet() {
    }

    /** For tests: a servlet on this agents service. */
    AgentsServlet(Agents agents) {
        this.agents = agents;
    }

    private Agents available() throws Refusal {
        Agents a = agents;
        if (a == null) {
            throw new Refusal(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "Service Unavailable",
                    "agents are not available: the scheduler is not running or offers no agent service; nothing was done");
        }
        return a;
    }

    /**
     * Refuses the request unless its user is the agent {@code agentId} (a token of role agent whose
     * user has that name) or an admin; with {@code agentId} null, any agent.
     */
    static AuthenticatedUser requireAgent(HttpServletRequest request, String agentId) throws Refusal {
        Object user = request.getAttribute(ApiContext.USER_ATTRIBUTE);
        if (!(user instanceof AuthenticatedUser u)) {
            throw new Refusal(HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized", "valid credentials are required");
        }
        if (u.role() == Role.AGENT && agentId != null && !u.name().equals(agentId)) {
            throw new Refusal(HttpServletResponse.SC_FORBIDDEN, "Forbidden", "user '" + u.name()
                    + "' has the role agent and may act only as the agent '" + u.name() + "', not as '" + agentId + "'");
        }
        if (!u.may(Role.AGENT)) {
            throw new Refusal(HttpServletResponse.SC_FORBIDDEN, "Forbidden", "user '" + u.name() + "' has the role "
                    + u.role().id() + "; this needs " + (agentId == null ? "an agent's token (role agent)"
                    : "the agent '" + agentId + "' (role agent, user " + agentId + ")") + " or admin");
        }
        return u;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(request, response, () -> {
            require(request, Role.VIEWER);
            List<String> parts = path(request, 1);
            QueryParameters.only(request, Set.of(), "GET " + request.getRequestURI());
            Agents a = available();
            if (parts.isEmpty()) {
                ArrayNode list = ApiJson.MAPPER.createArrayNode();
                a.list().stream().sorted(java.util.Comparator.comparing(AgentInfo::id))
                        .forEach(info -> list.add(AgentApiJson.agent(info)));
                json(response, HttpServletResponse.SC_OK, list);
            } else {
                json(response, HttpServletResponse.SC_OK, AgentApiJson.agent(known(a, parts.get(0))));
            }
        });
    }

    private static AgentInfo known(Agents a, String id) throws AgentException {
        return a.get(id).orElseThrow(() -> new AgentException(AgentException.Reason.UNKNOWN_AGENT,
                "no agent has the id '" + ApiJson.shorten(id) + "'"));
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(request, response, () -> {
            List<String> parts = path(request, 4);
            if (parts.isEmpty()) {
                register(request, response);
            } else if (parts.size() == 2 && parts.get(1).equals("claim")) {
                claim(request, response, parts.get(0));
            } else if (parts.size() == 2 && parts.get(1).equals("reports")) {
                reports(request, response, parts.get(0));
            } else if (parts.size() == 4 && parts.get(1).equals("tasks") && VERBS.contains(parts.get(3))) {
                report(request, response, parts.get(0), parts.get(2), parts.get(3));
            } else {
                throw new Refusal(HttpServletResponse.SC_NOT_FOUND, "Not Found", "no such route: POST " + request.getRequestURI()
                        + "; agents take POST /agents, /agents/{id}/claim, /agents/{id}/reports and"
                        + " /agents/{id}/tasks/{task_id}/heartbeat, complete or fail");
            }
        });
    }

    private void register(HttpServletRequest request, HttpServletResponse response) throws Refusal, org.orrery.task.TaskException, ApiJson.BadRequest, IOException {
        requireAgent(request, null);
        JsonNode body = body(request);
        AgentRegistration registration = AgentApiJson.registration(body);
        requireAgent(request, registration.id());
        Agents a = available();
        boolean known = a.get(registration.id()).isPresent();
        AgentInfo info = a.register(registration);
        if (!known) {
            response.setHeader("Location", uriWithoutTrailingSlashes(request) + "/" + info.id());
        }
        json(response, known ? HttpServletResponse.SC_OK : HttpServletResponse.SC_CREATED, AgentApiJson.agent(info));
    }

    private void claim(HttpServletRequest request, HttpServletResponse response, String agentId) throws Refusal, org.orrery.task.TaskException, ApiJson.BadRequest, IOException {
        requireAgent(request, agentId);
        AgentApiJson.Claim claim = AgentApiJson.claim(RequestBody.announced(request) ? body(request) : null);
        Agents a = available();
        answerLeases(request, a, agentId, a.claim(agentId, claim.max(), claim.waitFor()), claim.waitFor(),
                AgentApiJson::leases);
    }

    private void report(HttpServletRequest request, HttpServletResponse response, String agentId, String taskId, String verb)
            throws Refusal, org.orrery.task.TaskException, ApiJson.BadRequest, IOException {
        requireAgent(request, agentId);
        JsonNode body = body(request);
        Agents a = available();
        if (verb.equals("heartbeat")) {
            AgentApiJson.Heartbeat beat = AgentApiJson.heartbeat(body);
            json(response, HttpServletResponse.SC_OK,
                    AgentApiJson.lease(a.heartbeat(agentId, taskId, beat.leaseId(), beat.progress(), beat.message())));
            return;
        }
        AgentApiJson.Report report = verb.equals("complete") ? AgentApiJson.complete(body) : AgentApiJson.fail(body);
        boolean minimal = minimal(request, response);
        if (report.next() == 0) {
            TaskRecord task = verb.equals("complete")
                    ? a.complete(agentId, taskId, report.leaseId(), report.result(), report.usage(), report.logs())
                    : a.fail(agentId, taskId, report.leaseId(), report.error(), report.usage(), report.logs());
            json(response, HttpServletResponse.SC_OK, reported(task, minimal));
            return;
        }
        // "next": the report and a claim that never waits, in one operation of the engine (one commit): a ready
        // task that matches gets the slot the report freed, else the claim ends empty at once
        Agents.Handover handover = verb.equals("complete")
                ? a.complete(agentId, taskId, report.leaseId(), report.result(), report.usage(), report.logs(), report.next())
                : a.fail(agentId, taskId, report.leaseId(), report.error(), report.usage(), report.logs(), report.next());
        answerSettled(request, response, a, agentId, handover.next(),
                leases -> AgentApiJson.withLeases(reported(handover.task(), minimal), leases));
    }

    /**
     * Several reports at once, then (with {@code next}) a claim that never waits, all in one operation of the engine:
     * one request and one commit for a worker pool's finished tasks.
     */
    private void reports(HttpServletRequest request, HttpServletResponse response, String agentId)
            throws Refusal, org.orrery.task.TaskException, ApiJson.BadRequest, IOException {
        requireAgent(request, agentId);
        AgentApiJson.Reports batch = AgentApiJson.reports(body(request));
        // the audit line names every reported task, as one report per request did in its path
        request.setAttribute(AuditListener.TARGETS_ATTRIBUTE, "tasks " + String.join(",",
                batch.reports().stream().map(Agents.Report::taskId).toList()));
        Agents a = available();
        Agents.Reported reported = a.report(agentId, batch.reports(), batch.next());
        answerSettled(request, response, a, agentId, reported.next(), leases -> AgentApiJson.reported(reported.outcomes(), leases));
    }

    /**
     * Answers with the leases of a claim that never waits: on the request thread once it settled (the usual case),
     * else asynchronously.
     */
    private void answerSettled(HttpServletRequest request, HttpServletResponse response, Agents a, String agentId,
            CompletionStage<List<Lease>> stage, Function<List<Lease>, ObjectNode> answer) throws IOException {
        CompletableFuture<List<Lease>> next = stage.toCompletableFuture();
        List<Lease> ready = settled(next);
        if (ready != null) {
            json(response, HttpServletResponse.SC_OK, answer.apply(ready));
            return;
        }
        answerLeases(request, a, agentId, next, Duration.ZERO, answer);
    }

    /**
     * Whether the report asked for a minimal answer ({@code Prefer: return=minimal}, RFC 7240): then
     * it says so ({@code Preference-Applied}) and the answer names the task and its status only.
     */
    static boolean minimal(HttpServletRequest request, HttpServletResponse response) {
        for (java.util.Enumeration<String> e = request.getHeaders("Prefer"); e != null && e.hasMoreElements();) {
            for (String preference : e.nextElement().split(",")) {
                if (preference.trim().replace(" ", "").equalsIgnoreCase("return=minimal")) {
                    response.setHeader("Preference-Applied", "return=minimal");
                    return true;
                }
            }
        }
        return false;
    }

    /** The reported task: its whole record, or (minimal) {@code {id, status}}. */
    private static ObjectNode reported(TaskRecord task, boolean minimal) {
        return minimal ? AgentApiJson.reported(task) : TaskApiJson.record(task);
    }

    /**
     * The claim's leases once it settled (its tasks began, right after their commit; or it ended
     * empty, its wait of 0 passed); null if that takes longer than {@link #settle} (the answer then
     * goes asynchronous).
     */
    private List<Lease> settled(CompletableFuture<List<Lease>> next) {
        try {
            return next.get(settle.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Answers once {@code stage} has the leases; leases the client hung up on are given back at once. */
    private static void answerLeases(HttpServletRequest request, Agents a, String agentId, CompletionStage<List<Lease>> stage,
            Duration wait, Function<List<Lease>, ObjectNode> answer) {
        LaterAnswer.start(request, stage, wait.plus(CLAIM_MARGIN),
                (r, leases) -> json(r, HttpServletResponse.SC_OK, answer.apply(leases)),
                (r, none) -> json(r, HttpServletResponse.SC_OK, answer.apply(List.of())),
                leases -> {
                    if (!leases.isEmpty()) {
                        a.unclaimed(agentId, leases);
                    }
                });
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(request, response, () -> {
            require(request, Role.ADMIN);
            List<String> parts = path(request, 1);
            if (parts.isEmpty()) {
                throw new Refusal(HttpServletResponse.SC_METHOD_NOT_ALLOWED, "Method Not Allowed",
                        "DELETE is defined on /agents/{id} only");
            }
            noBody(request);
            QueryParameters.only(request, Set.of("wait"), "DELETE /agents/{id}");
            int wait = waitSeconds(request);
            Agents a = available();
            String id = parts.get(0);
            CompletionStage<AgentInfo> removed = a.remove(id);
            ObjectNode draining = removing(a.get(id).orElse(null), false);
            if (wait == 0 || removed.toCompletableFuture().isDone()) {
                AgentInfo done = removed.toCompletableFuture().getNow(null);
                json(response, done == null ? HttpServletResponse.SC_ACCEPTED : HttpServletResponse.SC_OK,
                        done == null ? draining : removing(done, true));
                return;
            }
            LaterAnswer.start(request, removed, Duration.ofSeconds(wait),
                    (r, last) -> json(r, HttpServletResponse.SC_OK, removing(last, true)),
                    (r, none) -> json(r, HttpServletResponse.SC_ACCEPTED, removing(a.get(id).orElse(null), false)),
                    last -> {
                    });
        });
    }

    /** The agent being removed, with {@code "removed"}: true once it is gone. */
    private static ObjectNode removing(AgentInfo info, boolean removed) {
        ObjectNode n = info == null ? ApiJson.MAPPER.createObjectNode() : AgentApiJson.agent(info);
        n.put("removed", removed || info == null);
        return n;
    }

    private static int waitSeconds(HttpServletRequest request) throws ApiJson.BadRequest {
        String text = request.getParameter("wait");
        if (text == null) {
            return 0;
        }
        try {
            int wait = Integer.parseInt(text.trim());
            if (wait >= 0 && wait <= MAX_DRAIN_WAIT) {
                return wait;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new ApiJson.BadRequest("query parameter 'wait' must be a whole number of seconds from 0 to " + MAX_DRAIN_WAIT
                + ", found '" + ApiJson.shorten(text) + "'");
    }
}
