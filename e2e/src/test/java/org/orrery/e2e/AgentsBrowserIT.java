package org.orrery.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Agents page in a real browser against the real runtime jar, with a remote agent that this
 * test plays over HTTP (register, claim, complete: the protocol of samples/agents): the agent
 * appears, turns busy when it claims a task and online when it completes it, and an admin drains
 * it, all without a reload; a viewer has no drain button. (The page in every theme and size, with
 * an agent running a task, is LookBrowserIT's.)
 */
@Tag("browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentsBrowserIT {

    DashboardRig rig;

    @BeforeAll
    void start() throws Exception {
        rig = DashboardRig.start("agents-browser");
    }

    @AfterAll
    void stop() throws Exception {
        if (rig != null) {
            rig.close();
        }
    }

    private void open(String hash) {
        rig.browser.script("location.hash = arguments[0];", hash);
    }

    /** An attribute of the element with this test id now (the page redraws it, so no element is kept). */
    private String attribute(String testId, String name) {
        return String.valueOf(rig.browser.script("const e = document.querySelector(\"[data-testid='\" + arguments[0] + \"']\");"
                + " return e ? e.getAttribute(arguments[1]) : null;", testId, name));
    }

    private String text(String testId) {
        return String.valueOf(rig.browser.script("const e = document.querySelector(\"[data-testid='\" + arguments[0] + \"']\");"
                + " return e ? e.textContent : '';", testId));
    }

    private void register(String id, String capability) {
        JsonNode agent = rig.api.ok(rig.api.call("POST", "/agents", "{\"agent_id\": \"" + id + "\", \"agent_type\": \"render\","
                + " \"capabilities\": [\"" + capability + "\", \"custom\"], \"concurrency\": 1, \"lease_seconds\": 60}"));
        assertEquals(id, agent.path("agent_id").asText(), agent.toString());
    }

    @Test
    void aRemoteAgentAppearsTurnsBusyAndOnlineWithItsTaskAndIsDrainedWithoutAReload() throws Exception {
        rig.signInAs("admin");
        open("#/agents");
        rig.browser.byTestId("agents-summary");
        rig.browser.script("window.__sameDocument = true;");

        register("render-1", "render_frames");
        rig.browser.await(10, d -> "online".equals(attribute("agent-render-1", "data-state")));
        assertTrue(text("agent-render-1-capabilities").contains("render_frames"), text("agent-render-1-capabilities"));
        assertTrue(text("agent-render-1-meta").contains("remote"), text("agent-render-1-meta"));
        assertEquals("0", attribute("agent-render-1-load", "data-running"));
        assertEquals("1", attribute("agent-render-1-load", "data-concurrency"));

        String task = rig.api.submit("{\"name\": \"render M42\", \"action\": \"render_frames\", \"capability\": \"render_frames\"}")
                .get("id").asText();
        JsonNode claimed = rig.api.ok(rig.api.call("POST", "/agents/render-1/claim", "{\"max\": 1, \"wait_seconds\": 20}"));
        assertEquals(1, claimed.path("tasks").size(), claimed.toString());
        JsonNode lease = claimed.path("tasks").get(0);
        assertEquals(task, lease.path("task").path("id").asText(), claimed.toString());

        rig.browser.await(10, d -> "busy".equals(attribute("agent-render-1", "data-state"))
                && "1".equals(attribute("agent-render-1-load", "data-running")));
        assertTrue(text("agent-render-1-state").contains("▶ busy"), "the state is a word and an icon, not a colour alone");
        WebElement link = rig.browser.await(10, d -> d.findElements(By.cssSelector("[data-testid='agent-render-1-tasks']"
                + " [data-testid='agent-task']")).stream().findFirst().orElse(null));
        assertEquals("#/tasks/" + task, link.getAttribute("href").replaceFirst("^[^#]*", ""));

        rig.api.ok(rig.api.call("POST", "/agents/render-1/tasks/" + task + "/complete",
                "{\"lease_id\": \"" + lease.path("lease_id").asText() + "\", \"result\": {\"frames\": 3}}"));
        rig.browser.await(10, d -> "online".equals(attribute("agent-render-1", "data-state"))
                && "0".equals(attribute("agent-render-1-load", "data-running"))
                && "1".equals(text("agent-render-1-completed")));
        assertEquals("100 %", text("agent-render-1-success"));
        rig.browser.byTestId("agent-render-1-idle");

        // a second task, then the drain while it runs: the agent finishes it and goes
        String second = rig.api.submit("{\"name\": \"render M45\", \"action\": \"render_frames\", \"capability\":"
                + " \"render_frames\"}").get("id").asText();
        JsonNode next = rig.api.ok(rig.api.call("POST", "/agents/render-1/claim", "{\"max\": 1, \"wait_seconds\": 20}"))
                .path("tasks").get(0);
        assertEquals(second, next.path("task").path("id").asText());
        rig.browser.await(10, d -> "busy".equals(attribute("agent-render-1", "data-state")));
        rig.browser.click("agent-render-1-drain");
        rig.browser.click("confirm-no");
        assertEquals("busy", rig.api.ok(rig.api.call("GET", "/agents/render-1", null)).path("state").asText(),
                "no drain without a yes");
        rig.browser.click("agent-render-1-drain");
        rig.browser.click("confirm-yes");
        rig.browser.await(10, d -> "draining".equals(attribute("agent-render-1", "data-state")));
        assertTrue(text("agent-render-1-state").contains("⇣ draining"), text("agent-render-1-state"));
        assertTrue(rig.browser.allByTestId("agent-render-1-drain").isEmpty(), "drained once");
        assertTrue(text("agent-render-1-tasks").contains(second), "it finishes what it runs: " + text("agent-render-1-tasks"));

        rig.api.ok(rig.api.call("POST", "/agents/render-1/tasks/" + second + "/complete",
                "{\"lease_id\": \"" + next.path("lease_id").asText() + "\", \"result\": {}}"));
        rig.browser.await(15, d -> d.findElements(Browser.testId("agent-render-1")).isEmpty());
        assertEquals(404, rig.api.call("GET", "/agents/render-1", null).statusCode(), "drained and removed");
        assertEquals(Boolean.TRUE, rig.browser.script("return window.__sameDocument === true"), "the page was not reloaded");

        open("#/tasks");
        WebElement row = rig.browser.await(15, d -> d.findElements(By.cssSelector("[data-testid='task-row'][data-task-id='"
                + task + "']")).stream().findFirst().orElse(null));
        assertEquals("render-1", row.findElement(By.cssSelector("[data-testid='task-agent']")).getText(), "the Agent column");
    }

    @Test
    void aViewerSeesTheAgentsButNoDrainButtonAndLiveCountsThem() {
        register("render-2", "stack_frames");
        rig.signInAs("viewer");
        open("#/agents");
        rig.browser.await(10, d -> "online".equals(attribute("agent-render-2", "data-state")));
        assertTrue(rig.browser.allByTestId("agent-render-2-drain").stream().noneMatch(WebElement::isDisplayed),
                "a viewer may not drain");

        // the runtime's own local agents (codegen, process) are online too: count what the API says
        JsonNode agents = rig.api.ok(rig.api.call("GET", "/agents", null));
        long online = java.util.stream.StreamSupport.stream(agents.spliterator(), false)
                .filter(a -> "online".equals(a.path("state").asText())).count();
        assertTrue(online >= 1, "render-2 is online: " + agents);
        open("#/live");
        rig.browser.await(10, d -> String.valueOf(online).equals(attribute("agents-online", "data-count")));
        assertTrue(text("agents-online").contains("● online"), text("agents-online"));
    }
}
