package org.orrery.web.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.orrery.agent.AgentState;
import org.orrery.security.AuthenticatedUser;
import org.orrery.security.Role;
import org.orrery.web.api.ApiContext;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The agents' API against a fake {@link org.orrery.agent.Agents}: who may call what, the JSON in
 * and out, the claim long poll through the async context (answered later, on timeout, or given
 * back when the answer cannot be delivered).
 */
class AgentsServletTest {

    private final FakeAgents agents = new FakeAgents();
    private final AgentsServlet servlet = new AgentsServlet(agents);
    private final FakeHttp http = new FakeHttp();
    private HttpServletRequest lastRequest;
    private HttpServletResponse lastResponse;
    /** The headers of the next calls' requests. */
    private Map<String, String> requestHeaders = Map.of();
    private FakeAsync async;
    private boolean writeFails;

    /** The async context of a request: the test fires its timeout and error; start runs at once. */
    final class FakeAsync {
        final List<AsyncListener> listeners = new ArrayList<>();
        long timeout;
        boolean completed;
        AsyncContext context;

        void fire(String event) throws Exception {
            for (AsyncListener l : listeners) {
                AsyncEvent e = new AsyncEvent(context);
                if (event.equals("timeout")) {
                    l.onTimeout(e);
                } else {
                    l.onError(e);
                }
            }
        }
    }

    private HttpServletResponse response() {
        HttpServletResponse plain = http.response();
        if (!writeFails) {
            return plain;
        }
        ServletOutputStream broken = new ServletOutputStream() {
            @Override
            public void write(int b) throws java.io.IOException {
                throw new java.io.IOException("Broken pipe");
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
                throw new UnsupportedOperationException();
            }
        };
        return (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {HttpServletResponse.class},
                (p, m, args) -> m.getName().equals("getOutputStream") ? broken : invoke(m, plain, args));
    }

    private static Object invoke(java.lang.reflect.Method m, Object target, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private JsonNode call(String method, String pathInfo, String user, Role role, String body, Map<String, String[]> query)
            throws Exception {
        HttpServletRequest plain = FakeHttp.request(method, "/agents", pathInfo, role, query,
                body == null ? null : "application/json", body, requestHeaders);
        plain.setAttribute(ApiContext.USER_ATTRIBUTE, new AuthenticatedUser(user, role));
        HttpServletResponse response = response();
        HttpServletRequest[] self = new HttpServletRequest[1];
        self[0] = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {HttpServletRequest.class},
                (p, m, args) -> {
                    if (!m.getName().equals("startAsync")) {
                        return invoke(m, plain, args);
                    }
                    async = new FakeAsync();
                    async.context = (AsyncContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                            new Class<?>[] {AsyncContext.class}, (q, am, aargs) -> switch (am.getName()) {
                                case "setTimeout" -> {
                                    async.timeout = (Long) aargs[0];
                                    yield null;
                                }
                                case "addListener" -> async.listeners.add((AsyncListener) aargs[0]);
                                case "start" -> {
                                    ((Runnable) aargs[0]).run();
                                    yield null;
                                }
                                case "complete" -> {
                                    async.completed = true;
                                    yield null;
                                }
                                case "getResponse" -> response;
                                case "getRequest" -> self[0];
                                default -> null;
                            });
                    return async.context;
                });
        lastRequest = self[0];
        lastResponse = response;
        servlet.service(self[0], response);
        return http.body().isEmpty() ? null : ApiJson.MAPPER.readTree(http.body());
    }

    private JsonNode call(String method, String pathInfo, String user, Role role, String body) throws Exception {
        return call(method, pathInfo, user, role, body, Map.of());
    }

    @Test
    void anAgentRegistersItselfOnceAndAgainWithItsToken() throws Exception {
        JsonNode created = call("POST", null, "gpu-1", Role.AGENT, """
                {"agent_id": "gpu-1", "agent_type": "gpu", "capabilities": ["render"], "concurrency": 4, "lease_seconds": 10}""");
        assertEquals(201, http.status, http.body());
        assertEquals("/api/v1/agents/gpu-1", http.headers.get("Location"));
        assertEquals("gpu-1", created.get("agent_id").asText());
        assertEquals("online", created.get("state").asText());
        assertEquals(10, created.get("lease_seconds").asInt());
        assertEquals(List.of("register gpu-1 4 PT10S"), agents.calls);
        http.body.reset();
        call("POST", "/", "admin", Role.ADMIN, """
                {"agent_id": "gpu-1", "agent_type": "gpu", "capabilities": ["render"]}""");
        assertEquals(200, http.status, "an admin may register it too; again is 200");
    }

    @Test
    void anAgentTokenActsForItsOwnIdOnlyAndNobodyElseActsAsAnAgent() throws Exception {
        agents.register(new org.orrery.agent.AgentRegistration("gpu-2", "gpu", java.util.Set.of("x"), 1, null));
        JsonNode refused = call("POST", null, "gpu-1", Role.AGENT, """
                {"agent_id": "gpu-2", "agent_type": "gpu", "capabilities": ["render"]}""");
        assertEquals(403, http.status);
        assertEquals("user 'gpu-1' has the role agent and may act only as the agent 'gpu-1', not as 'gpu-2'",
                refused.get("detail").asText());
        http.body.reset();
        call("POST", "/gpu-2/claim", "gpu-1", Role.AGENT, "{}");
        assertEquals(403, http.status);
        http.body.reset();
        JsonNode operator = call("POST", "/gpu-2/tasks/t1/heartbeat", "obs", Role.OPERATOR, "{\"lease_id\": \"x\"}");
        assertEquals(403, http.status);
        assertEquals("user 'obs' has the role operator; this needs the agent 'gpu-2' (role agent, user gpu-2) or admin",
                operator.get("detail").asText());
        http.body.reset();
        JsonNode watching = call("GET", null, "gpu-1", Role.AGENT, null);
        assertEquals(403, http.status, "an agent token may not even watch");
        assertEquals("user 'gpu-1' has the role agent; this needs viewer", watching.get("detail").asText());
        assertEquals(List.of("register gpu-2 1 null"), agents.calls, "nothing was done");
    }

    @Test
    void badRegistrationsAreRefusedNamingTheField() throws Exception {
        assertEquals("'capabilities' must be an array of capability names such as [\"code_review\"], found the string \"render\"",
                call("POST", null, "a", Role.AGENT, """
                        {"agent_id": "a", "agent_type": "gpu", "capabilities": "render"}""").get("detail").asText());
        assertEquals(400, http.status);
        http.body.reset();
        assertEquals("'lease_seconds' must be a whole number from 5 to 3600, found the number 2",
                call("POST", null, "a", Role.AGENT, """
                        {"agent_id": "a", "agent_type": "gpu", "capabilities": ["x"], "lease_seconds": 2}""")
                        .get("detail").asText());
        http.body.reset();
        assertTrue(call("POST", null, "a", Role.AGENT, """
                {"agent_id": "a", "agent_type": "gpu", "capabilities": ["x"], "colour": 2}""")
                .get("detail").asText().startsWith("unknown field 'colour'"));
        http.body.reset();
        assertEquals("agent_id must be 1 to 64 of A-Z a-z 0-9 . _ -, was 'a b'", call("POST", null, "admin", Role.ADMIN, """
                {"agent_id": "a b", "agent_type": "gpu", "capabilities": ["x"]}""").get("detail").asText());
        assertTrue(agents.calls.isEmpty());
    }

    @Test
    void viewersListAndGetAgentsWithTheirMetrics() throws Exception {
        agents.agents.put("b", FakeAgents.info("b", AgentState.BUSY));
        agents.agents.put("a", FakeAgents.info("a", AgentState.ONLINE));
        JsonNode list = call("GET", null, "v", Role.VIEWER, null);
        assertEquals("a", list.get(0).get("agent_id").asText(), "sorted by id");
        assertEquals("busy", list.get(1).get("state").asText());
        http.body.reset();
        JsonNode one = call("GET", "/a", "v", Role.VIEWER, null);
        assertEquals("[\"code_review\",\"render\"]", one.get("capabilities").toString());
        assertEquals(3, one.get("metrics").get("completed").asInt());
        assertEquals(0.75, one.get("metrics").get("success_rate").asDouble());
        assertEquals(2.0, one.get("metrics").get("average_execution_seconds").asDouble());
        http.body.reset();
        JsonNode missing = call("GET", "/nope", "v", Role.VIEWER, null);
        assertEquals(404, http.status);
        assertEquals("no agent has the id 'nope'", missing.get("detail").asText());
    }

    @Test
    void withoutTheAgentsServiceTheAnswerSaysSo() throws Exception {
        AgentsServlet none = new AgentsServlet(null);
        HttpServletRequest request = FakeHttp.request("GET", "/agents", null, Role.VIEWER, Map.of(), null, null, Map.of());
        none.service(request, http.response());
        assertEquals(503, http.status);
        assertTrue(http.body().contains("agents are not available"), http.body());
    }

    @Test
    void aClaimIsAnsweredWhenTheSchedulerGivesWorkWithoutHoldingTheRequestThread() throws Exception {
        agents.agents.put("gpu-1", FakeAgents.info("gpu-1", AgentState.ONLINE));
        assertNull(call("POST", "/gpu-1/claim", "gpu-1", Role.AGENT, "{\"max\": 3, \"wait_seconds\": 2.5}"),
                "nothing written yet: the request went async");
        assertEquals(Duration.ofMillis(2500), agents.claimedWait);
        assertEquals(2500 + AgentsServlet.CLAIM_MARGIN.toMillis(), async.timeout, "the async timeout lies above the wait");
        assertEquals(List.of("claim gpu-1 3"), agents.calls);
        agents.claim.complete(List.of(FakeAgents.lease("t1")));
        assertTrue(async.completed);
        JsonNode answer = ApiJson.MAPPER.readTree(http.body());
        assertEquals(200, http.status);
        JsonNode first = answer.get("tasks").get(0);
        assertEquals("lease-t1", first.get("lease_id").asText());
        assertEquals("2026-12-05T21:00:30Z", first.get("expires_at").asText());
        assertEquals("t1", first.get("task").get("id").asText());
        assertEquals("render", first.get("task").get("action").asText());
    }

    @Test
    void aClaimWhoseClientWentAwayGivesItsTasksBack() throws Exception {
        agents.agents.put("gpu-1", FakeAgents.info("gpu-1", AgentState.ONLINE));
        call("POST", "/gpu-1/claim", "gpu-1", Role.AGENT, null);
        assertEquals(Duration.ofSeconds(AgentApiJson.DEFAULT_WAIT_SECONDS), agents.claimedWait, "no body: the defaults");
        async.fire("error");
        assertTrue(async.completed);
        agents.claim.complete(List.of(FakeAgents.lease("t1")));
        assertEquals("t1", agents.unclaimed.get(0).task().id());
    }

    @Test
    void aClaimWhoseAnswerCannotBeWrittenGivesItsTasksBack() throws Exception {
        agents.agents.put("gpu-1", FakeAgents.info("gpu-1", AgentState.ONLINE));
        writeFails = true;
        call("POST", "/gpu-1/claim", "gpu-1", Role.AGENT, "{}");
        agents.claim.complete(List.of(FakeAgents.lease("t2")));
        assertEquals("t2", agents.unclaimed.get(0).task().id());
        assertTrue(async.completed);
    }

    @Test
    void aClaimTheSchedulerNeverAnswersEndsEmptyAtTheTimeoutAndLateTasksGoBack() throws Exception {
        agents.agents.put("gpu-1", FakeAgents.info("gpu-1", AgentState.ONLINE));
        call("POST", "/gpu-1/claim", "gpu-1", Role.AGENT, "{\"wait_seconds\": 0}");
        async.fire("timeout");
        assertEquals("{\"tasks\":[]}", http.body());
        agents.claim.complete(List.of(FakeAgents.lease("t3")));
        assertEquals("t3", agents.unclaimed.get(0).task().id());
    }

    @Test
    void claimsOfUnknownAgentsAndBadClaimsAreRefused() throws Exception {
        JsonNode unknown = call("POST", "/ghost/claim", "admin", Role.ADMIN, "{}");
        assertEquals(404, http.status);
        assertEquals("no agent has the id 'ghost'", unknown.get("detail").asText());
        http.body.reset();
        agents.agents.put("gpu-1", FakeAgents.info("gpu-1", AgentState.ONLINE));
        assertEquals("'wait_seconds' must be a number from 0 to 120, found the number 121",
                call("POST", "/gpu-1/claim", "gpu-1", Role.AGENT, "{\"wait_seconds\": 121}").get("detail").asText());
        http.body.reset();
        assertEquals("'max' must be a whole number from 1 to 1000, found the number 0",
                call("POST", "/gpu-1/claim", "gpu-1", Role.AGENT, "{\"max\": 0}").get("detail").asText());
        assertNull(async, "never went async");
    }

    @Test
    void aHeartbeatRenewsTheLeaseAndSaysWhenToStop() throws Exception {
        agents.agents.put("gpu-1", FakeAgents.info("gpu-1", AgentState.ONLINE));
        JsonNode beat = call("POST", "/gpu-1/tasks/t1/heartbeat", "gpu-1", Role.AGENT, """
                {"lease_id": "lease-t1", "progress": 0.5, "message": "half"}""");
        assertEquals(200, http.status);
        assertEquals("{\"lease_id\":\"lease-t1\",\"expires_at\":\"2026-12-05T21:01:00Z\",\"cancelled\":false}", beat.toString());
        assertEquals(List.of("heartbeat t1 0.5 half"), agents.calls);
        http.body.reset();
        assertTrue(call("POST", "/gpu-1/tasks/cancelled/heartbeat", "gpu-1", Role.AGENT, "{\"lease_id\": \"lease-cancelled\"}")
                .get("cancelled").asBoolean());
        http.body.reset();
        JsonNode lost = call("POST", "/gpu-1/tasks/t1/heartbeat", "gpu-1", Role.AGENT, "{\"lease_id\": \"old\"}");
        assertEquals(409, http.status);
        assertTrue(lost.get("detail").asText().contains("expired"), lost.toString());
        http.body.reset();
        assertEquals("'progress' must be a number from 0 to 1, found the number 1.5",
                call("POST", "/gpu-1/tasks/t1/heartbeat", "gpu-1", Role.AGENT, "{\"lease_id\": \"lease-t1\", \"progress\": 1.5}")
                        .get("detail").asText());
        http.body.reset();
        assertEquals("'lease_id' is required", call("POST", "/gpu-1/tasks/t1/heartbeat", "gpu-1", Role.AGENT, "{}")
                .get("detail").asText());
    }

    @Test
    void aReportWithNextAlsoClaimsWithoutWaitingAndAnswersTheTaskWithItsLeases() throws Exception {
        agents.agents.put("gpu-1", FakeAgents.info("gpu-1", AgentState.ONLINE));
        agents.claim.complete(List.of(FakeAgents.lease("t2")));
        JsonNode answer = call("POST", "/gpu-1/tasks/t1/complete", "gpu-1", Role.AGENT,
                "{\"lease_id\": \"lease-t1\", \"result\": {}, \"next\": {\"max\": 2}}");
        assertEquals(List.of("complete t1", "claim gpu-1 2"), agents.calls, "completed first, then claimed");
        assertEquals(Duration.ZERO, agents.claimedWait, "never waits: the wait stays the claim's");
        assertNull(async, "answered on the request thread");
        assertEquals(200, http.status);
        assertEquals("t1", answer.get("id").asText(), "the task record, as without next");
        assertEquals("lease-t2", answer.get("tasks").get(0).get("lease_id").asText());
        assertEquals("t2", answer.get("tasks").get(0).get("task").get("id").asText());
    }

    @Test
    void aReportPreferringAMinimalAnswerGetsTheTaskIdAndStatusOnly() throws Exception {
        agents.agents.put("gpu-1", FakeAgents.info("gpu-1", AgentState.ONLINE));
        agents.claim.complete(List.of(FakeAgents.lease("t2")));
        requestHeaders = Map.of("Prefer", "respond-async, return=minimal");
        JsonNode answer = call("POST", "/gpu-1/tasks/t1/complete", "gpu-1", Role.AGENT,
                "{\"lease_id\": \"lease-t1\", \"result\": {}, \"next\": {\"max\": 1}}");
        assertEquals(200, http.status);
        assertEquals("return=minimal", http.headers.get("Preference-Applied"));
        assertEquals(List.of("id", "status", "tasks"), fields(answer));
        assertEquals("t1", answer.get("id").asText());
        assertEquals("t2", answer.get("tasks").get(0).get("task").get("id").asText(), "the leases' tasks stay whole");
        http.body.reset();
        http.headers.clear();
        JsonNode failed = call("POST", "/gpu-1/tasks/t1/fail", "gpu-1", Role.AGENT,
                "{\"lease_id\": \"lease-t1\", \"error\": {\"message\": \"x\", \"retryable\": true}}");
        assertEquals(List.of("id", "status"), fields(failed), "without next: no tasks either");
        requestHeaders = Map.of("Prefer", "return=representation");
        http.body.reset();
        http.headers.clear();
        JsonNode whole = call("POST", "/gpu-1/tasks/t1/complete", "gpu-1", Role.AGENT,
                "{\"lease_id\": \"lease-t1\", \"result\": {}}");
        assertNull(http.headers.get("Preference-Applied"));
        assertTrue(whole.has("action"), "the whole record, as without Prefer: " + whole);
    }

    @Test
    void severalReportsAtOnceEachGetTheirOutcomeAndTheNextTasksComeWithThem() throws Exception {
        agents.agents.put("gpu-1", FakeAgents.info("gpu-1", AgentState.ONLINE));
        agents.claim.complete(List.of(FakeAgents.lease("t4")));
        JsonNode answer = call("POST", "/gpu-1/reports", "gpu-1", Role.AGENT, """
                {"reports": [
                  {"task_id": "t1", "lease_id": "lease-t1", "result": {"n": 1}},
                  {"task_id": "t2", "lease_id": "old", "result": {}},
                  {"task_id": "t3", "lease_id": "lease-t3", "error": {"message": "x", "retryable": false}}],
                 "next": {"max": 3}}""");
        assertEquals(200, http.status, String.valueOf(answer));
        assertEquals(List.of("complete t1", "fail t3", "claim gpu-1 3"), agents.calls, "in order; the refused one took nothing");
        assertEquals(Duration.ZERO, agents.claimedWait);
        assertEquals("t1", answer.at("/reports/0/id").asText());
        assertEquals(List.of("id", "status"), fields(answer.at("/reports/0")));
        assertEquals("t2", answer.at("/reports/1/id").asText());
        assertEquals("lease_lost", answer.at("/reports/1/refused/reason").asText());
        assertTrue(answer.at("/reports/1/refused/detail").asText().contains("old"), answer.toString());
        assertEquals("t3", answer.at("/reports/2/id").asText());
        assertEquals(false, agents.failedWith.retryable());
        assertEquals("t4", answer.at("/tasks/0/task/id").asText());
        assertEquals("tasks t1,t2,t3", lastRequest.getAttribute(AuditListener.TARGETS_ATTRIBUTE), "for the audit line");
        java.util.List<org.orrery.security.AuditEntry> audited = new java.util.ArrayList<>();
        lastRequest.setAttribute(org.orrery.web.audit.AuditingRequestListener.RESPONSE_ATTRIBUTE, lastResponse);
        new AuditListener(audited::add).requestDestroyed(new jakarta.servlet.ServletRequestEvent(
                (jakarta.servlet.ServletContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                        new Class<?>[] {jakarta.servlet.ServletContext.class}, (p, m, args) -> null), lastRequest));
        assertEquals("/api/v1/agents/gpu-1/reports tasks t1,t2,t3", audited.get(0).target());
    }

    @Test
    void badBatchesOfReportsAreRefusedNamingTheReportAndNothingIsDone() throws Exception {
        agents.agents.put("gpu-1", FakeAgents.info("gpu-1", AgentState.ONLINE));
        assertTrue(call("POST", "/gpu-1/reports", "gpu-1", Role.AGENT, "{\"reports\": []}").get("detail").asText()
                .startsWith("'reports' must be an array of 1 to 1000 reports"), http.body());
        assertEquals(400, http.status);
        http.body.reset();
        assertEquals("'reports'[1]: 'task_id' is required", call("POST", "/gpu-1/reports", "gpu-1", Role.AGENT,
                "{\"reports\": [{\"task_id\": \"t1\", \"lease_id\": \"lease-t1\"}, {\"lease_id\": \"lease-t2\"}]}")
                .get("detail").asText());
        http.body.reset();
        assertTrue(call("POST", "/gpu-1/reports", "gpu-1", Role.AGENT, "{\"reports\": [{\"task_id\": \"t1\", "
                + "\"lease_id\": \"lease-t1\", \"result\": {}, \"error\": {\"message\": \"x\", \"retryable\": true}}]}")
                .get("detail").asText().startsWith("'reports'[0]: "), http.body());
        http.body.reset();
        assertEquals(403, statusOf(() -> call("POST", "/gpu-1/reports", "gpu-2", Role.AGENT,
                "{\"reports\": [{\"task_id\": \"t1\", \"lease_id\": \"lease-t1\"}]}")));
        assertEquals(List.of(), agents.calls, "refused before anything was done");
    }

    private int statusOf(Callable call) throws Exception {
        call.run();
        return http.status;
    }

    @FunctionalInterface
    private interface Callable {
        void run() throws Exception;
    }

    private static List<String> fields(JsonNode n) {
        List<String> names = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void aReportWithNextWhenNothingIsReadyAnswersWithNoTasks() throws Exception {
        agents.agents.put("gpu-1", FakeAgents.info("gpu-1", AgentState.ONLINE));
        agents.claim.complete(List.of());
        JsonNode answer = call("POST", "/gpu-1/tasks/t1/fail", "gpu-1", Role.AGENT,
                "{\"lease_id\": \"lease-t1\", \"error\": {\"message\": \"x\", \"retryable\": true}, \"next\": {}}");
        assertEquals(List.of("fail t1", "claim gpu-1 1"), agents.calls, "next without max: one task");
        assertEquals("t1", answer.get("id").asText());
        assertEquals("[]", answer.get("tasks").toString());
    }

    @Test
    void aReportWithNextWhoseClientWentAwayGivesTheNextTasksBack() throws Exception {
        agents.agents.put("gpu-1", FakeAgents.info("gpu-1", AgentState.ONLINE));
        servlet.settle = Duration.ZERO; // its tasks are still beginning: the answer goes asynchronous
        assertNull(call("POST", "/gpu-1/tasks/t1/complete", "gpu-1", Role.AGENT,
                "{\"lease_id\": \"lease-t1\", \"next\": {\"max\": 1}}"), "async: waits for the leases");
        async.fire("error");
        agents.claim.complete(List.of(FakeAgents.lease("t2")));
        assertEquals("t2", agents.unclaimed.get(0).task().id());
    }

    @Test
    void aReportWithNextThatIsRefusedClaimsNothing() throws Exception {
        agents.agents.put("gpu-1", FakeAgents.info("gpu-1", AgentState.ONLINE));
        JsonNode lost = call("POST", "/gpu-1/tasks/t1/complete", "gpu-1", Role.AGENT,
                "{\"lease_id\": \"old\", \"next\": {\"max\": 1}}");
        assertEquals(409, http.status, lost.toString());
        assertEquals(List.of(), agents.calls);
    }

    @Test
    void aBadNextIsRefusedAndNothingIsReported() throws Exception {
        agents.agents.put("gpu-1", FakeAgents.info("gpu-1", AgentState.ONLINE));
        assertEquals("'next': 'max' must be a whole number from 1 to 1000, found the number 0",
                call("POST", "/gpu-1/tasks/t1/complete", "gpu-1", Role.AGENT,
                        "{\"lease_id\": \"lease-t1\", \"next\": {\"max\": 0}}").get("detail").asText());
        assertEquals(400, http.status);
        http.body.reset();
        assertTrue(call("POST", "/gpu-1/tasks/t1/fail", "gpu-1", Role.AGENT,
                "{\"lease_id\": \"lease-t1\", \"error\": {\"message\": \"x\", \"retryable\": true}, \"next\": 3}")
                .get("detail").asText().startsWith("'next' must be an object {\"max\": 1}"), http.body());
        assertEquals(List.of(), agents.calls, "refused before anything was done");
        assertNull(async, "never went async");
    }

    @Test
    void completeCarriesTheResultUsageAndLogs() throws Exception {
        agents.agents.put("gpu-1", FakeAgents.info("gpu-1", AgentState.ONLINE));
        JsonNode task = call("POST", "/gpu-1/tasks/t1/complete", "gpu-1", Role.AGENT, """
                {"lease_id": "lease-t1", "result": {"frames": 3}, "usage": {"cpu_seconds": 1.5, "peak_memory_bytes": 1048576},
                 "logs": [{"time": "2026-12-05T21:00:01Z", "level": "warn", "message": "hot"}]}""");
        assertEquals(200, http.status, http.body());
        assertEquals("t1", task.get("id").asText());
        assertEquals(Map.of("frames", 3), agents.result);
        assertEquals(Duration.ofMillis(1500), agents.usage.cpuTime());
        assertEquals(1048576L, agents.usage.peakMemoryBytes());
        assertEquals("WARN", agents.logs.get(0).level());
        http.body.reset();
        assertEquals("'logs[0]': 'level' must be info, warn or error, found 'LOUD'",
                call("POST", "/gpu-1/tasks/t1/complete", "gpu-1", Role.AGENT, """
                        {"lease_id": "lease-t1", "result": {}, "logs": [{"time": "2026-12-05T21:00:01Z", "level": "loud",
                         "message": "x"}]}""").get("detail").asText());
        http.body.reset();
        assertEquals("'result' must be a JSON object, found the number 3",
                call("POST", "/gpu-1/tasks/t1/complete", "gpu-1", Role.AGENT, "{\"lease_id\": \"lease-t1\", \"result\": 3}")
                        .get("detail").asText());
    }

    @Test
    void failSaysWhetherToRetry() throws Exception {
        agents.agents.put("gpu-1", FakeAgents.info("gpu-1", AgentState.ONLINE));
        call("POST", "/gpu-1/tasks/t1/fail", "gpu-1", Role.AGENT, """
                {"lease_id": "lease-t1", "error": {"message": "out of memory", "retryable": false}}""");
        assertEquals(200, http.status, http.body());
        assertEquals("out of memory", agents.failedWith.message());
        assertFalse(agents.failedWith.retryable());
        assertEquals("AgentError", agents.failedWith.type());
        http.body.reset();
        assertEquals("'error': 'retryable' must be true or false, found null",
                call("POST", "/gpu-1/tasks/t1/fail", "gpu-1", Role.AGENT, """
                        {"lease_id": "lease-t1", "error": {"message": "x"}}""").get("detail").asText());
    }

    @Test
    void anAdminDrainsAnAgentAndMayWaitForItsRemoval() throws Exception {
        agents.agents.put("gpu-1", FakeAgents.info("gpu-1", AgentState.BUSY));
        JsonNode refused = call("DELETE", "/gpu-1", "obs", Role.OPERATOR, null);
        assertEquals(403, http.status, refused.toString());
        http.body.reset();
        JsonNode draining = call("DELETE", "/gpu-1", "admin", Role.ADMIN, null);
        assertEquals(202, http.status);
        assertEquals("draining", draining.get("state").asText());
        assertFalse(draining.get("removed").asBoolean());
        http.body.reset();
        assertNull(call("DELETE", "/gpu-1", "admin", Role.ADMIN, null, Map.of("wait", new String[] {"10"})));
        assertEquals(10_000, async.timeout);
        agents.removal.complete(FakeAgents.info("gpu-1", AgentState.DRAINING));
        assertEquals(200, http.status);
        assertTrue(ApiJson.MAPPER.readTree(http.body()).get("removed").asBoolean());
        http.body.reset();
        assertEquals("query parameter 'wait' must be a whole number of seconds from 0 to 600, found 'soon'",
                call("DELETE", "/gpu-1", "admin", Role.ADMIN, null, Map.of("wait", new String[] {"soon"})).get("detail").asText());
    }
}
