package org.orrery.web.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.orrery.task.Scheduler;

import jakarta.servlet.http.HttpServletRequest;

class SchedulerCommandTest {

    private final List<String> calls = new ArrayList<>();
    private final Scheduler scheduler = (Scheduler) Proxy.newProxyInstance(Scheduler.class.getClassLoader(),
            new Class<?>[] {Scheduler.class}, (p, m, a) -> {
                calls.add(m.getName() + (a == null ? "" : " " + a[0]));
                return null;
            });
    private final ConsoleOrigins origins = ConsoleOrigins.fromProperties(Map.of(
            ConsoleOrigins.HOST_PROPERTY, "127.0.0.1", ConsoleOrigins.PORT_PROPERTY, "8080")::get);

    @Test
    void pauseDeferredByDefaultImmediateOnRequestAndResume() {
        assertNull(SchedulerCommand.run(scheduler, "pause", null));
        assertNull(SchedulerCommand.run(scheduler, "pause", "Immediate"));
        assertNull(SchedulerCommand.run(scheduler, "resume", "ignored"));
        assertEquals(List.of("pauseAll DEFERRED", "pauseAll IMMEDIATE", "resumeAll"), calls);
    }

    @Test
    void badInputIsRefusedNamingTheFieldAndChangesNothing() {
        SchedulerCommand.Refusal action = SchedulerCommand.run(scheduler, "stop", null);
        assertEquals(400, action.status());
        assertEquals("field 'action': expected pause or resume, found 'stop'", action.detail());
        assertEquals("field 'action': expected pause or resume, found nothing",
                SchedulerCommand.run(scheduler, null, null).detail());
        SchedulerCommand.Refusal mode = SchedulerCommand.run(scheduler, "pause", "soon");
        assertEquals(400, mode.status());
        assertEquals("field 'mode': expected deferred or immediate, found 'soon'", mode.detail());
        assertEquals(503, SchedulerCommand.run(null, "pause", null).status());
        assertEquals(List.of(), calls);
    }

    @Test
    void aPostFromAnotherSiteIsRefusedBeforeAnythingChanges() {
        SchedulerCommand.Refusal refused = SchedulerCommand.post(origins, request("http://evil.example", null, "pause"), scheduler);
        assertEquals(403, refused.status());
        assertTrue(refused.detail().contains("http://evil.example"), refused.detail());
        assertEquals(403, SchedulerCommand.post(origins, request(null, "http://evil.example/x.html", "pause"), scheduler).status());
        assertEquals(List.of(), calls);

        assertNull(SchedulerCommand.post(origins, request("http://127.0.0.1:8080", null, "pause"), scheduler));
        assertNull(SchedulerCommand.post(origins, request(null, null, "resume"), scheduler), "curl sends neither header");
        assertEquals(List.of("pauseAll DEFERRED", "resumeAll"), calls);
    }

    @Test
    void problemsAreJsonWithTheDetailAsText() {
        assertEquals("{\"type\": \"about:blank\", \"title\": \"Unknown action\", \"status\": 400, \"detail\": "
                + "\"field 'action': found '\\u003cb\\u003e\\\"\\\\\\u000a'\"}",
                ProblemJson.text(400, "Unknown action", "field 'action': found '<b>\"\\\n'"));
    }

    private static HttpServletRequest request(String origin, String referer, String action) {
        return (HttpServletRequest) Proxy.newProxyInstance(HttpServletRequest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (p, m, a) -> switch (m.getName()) {
                    case "getMethod" -> "POST";
                    case "getHeader" -> "Origin".equals(a[0]) ? origin : "Referer".equals(a[0]) ? referer : null;
                    case "getParameter" -> "action".equals(a[0]) ? action : null;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }
}
