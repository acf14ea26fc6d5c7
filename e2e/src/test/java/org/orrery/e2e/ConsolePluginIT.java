package org.orrery.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Orrery page of the Felix Web Console on the real runtime: an admin finds the "Orrery"
 * category and sees the simulated devices, a remote agent, the scheduler's counts and the store; a device name
 * made of markup and console variables shows as its characters; viewers and operators get 403;
 * a GET changes nothing, and only the console's own pages pause and resume the scheduler.
 */
class ConsolePluginIT {

    static final String XSS = "<img src=x onerror=alert(1)> ${brand.name}";
    static final String PAGE = "/system/console/orrery";

    static InstrumentApi api;

    @BeforeAll
    static void start() throws Exception {
        Path home = RuntimeLifecycleIT.WORK.resolve("console-plugin-" + UUID.randomUUID());
        api = new InstrumentApi(RuntimeProcess.start(Path.of(System.getProperty("java.home")), home,
                RuntimeProcess.freePort()).awaitReady());
        api.runtime.await("the six simulated devices are registered", Duration.ofSeconds(30),
                () -> api.call("GET", "/devices", null).statusCode() == 200
                        && InstrumentApi.json(api.call("GET", "/devices", null)).size() >= 6);
        for (String role : List.of("viewer", "operator")) {
            api.ok(api.call("POST", "/users", "{\"name\": \"" + role + "\", \"role\": \"" + role + "\", \"password\": \""
                    + role + "-password\"}"));
        }
        // a camera named with markup and console variables, created as the console's configuration page does (a .cfg
        // file would not do: File Install resolves ${…} in it)
        String form = "apply=true&action=ajaxConfigManager&factoryPid=org.orrery.devices.simulator.camera"
                + "&propertylist=device.id,name&device.id=xss-camera&name=" + URLEncoder.encode(XSS, StandardCharsets.UTF_8);
        HttpResponse<String> saved = api.runtime.send(HttpRequest.newBuilder(api.runtime.uri(
                "/system/console/configMgr/%5BTemporary%20PID%20replaced%20by%20real%20PID%20upon%20save%5D"))
                .header("Authorization", RuntimeProcess.basic("admin", api.password))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
        assertTrue(saved.statusCode() < 400, saved.statusCode() + " " + saved.body());
        api.runtime.await("the camera from the Web Console is a device", Duration.ofSeconds(30),
                () -> api.call("GET", "/devices/xss-camera", null).statusCode() == 200);
        assertEquals(XSS, api.ok(api.call("GET", "/devices/xss-camera", null)).get("name").asText());
        api.awaitEnd(api.submit("{\"name\": \"console probe\", \"action\": \"system.noop\"}").get("id").asText(),
                Duration.ofSeconds(30));
        api.ok(api.call("POST", "/agents", "{\"agent_id\": \"console-gpu\", \"agent_type\": \"gpu\", \"capabilities\":"
                + " [\"testing\", \"code_review\"], \"concurrency\": 3}"));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (api != null) {
            api.runtime.close();
        }
    }

    @Test
    void anAdminSeesTheOrreryCategoryDevicesCountsAndStore() {
        HttpResponse<String> answer = api.runtime.get(PAGE, "admin", api.password);
        assertEquals(200, answer.statusCode(), answer.body());
        String page = answer.body();
        assertTrue(page.contains(">Orrery<"), "the console's menu has the Orrery category:\n" + page);
        assertTrue(page.contains("statline"), page);
        for (String device : List.of("sim-camera", "sim-filterwheel", "sim-focuser", "sim-microscope", "sim-mount", "sim-safety")) {
            assertTrue(Pattern.compile("<td>" + device + "</td>(<td>[^<]*</td>){3}<td>connected</td>").matcher(page).find(),
                    device + " is listed as connected:\n" + page);
        }
        Matcher completed = Pattern.compile("<td>Status completed</td><td>(\\d+)</td>").matcher(page);
        assertTrue(completed.find(), page);
        assertTrue(Long.parseLong(completed.group(1)) >= 1, "the probe task is counted: " + page);
        assertTrue(page.contains("<td>Database</td><td>sqlite</td>"), page);
        assertTrue(page.contains("tasks.db</td>"), page);
        assertTrue(page.contains("<a href=\"/orrery/\">"), page);
        assertTrue(Pattern.compile("<td>console-gpu</td><td>gpu</td><td>remote</td><td>online</td><td>code_review, testing</td>"
                + "<td>0 of 3</td><td>\\d{4}-[^<]+Z</td>").matcher(page).find(), "the remote agent:\n" + page);
    }

    @Test
    void aDeviceNamedWithMarkupAndConsoleVariablesShowsAsText() {
        String page = api.runtime.get(PAGE, "admin", api.password).body();
        assertFalse(page.contains("<img src=x"), page);
        assertTrue(page.contains("<td>xss-camera</td><td>&lt;img src=x onerror=alert(1)&gt; &#36;{brand.name}</td>"), page);
    }

    @Test
    void viewersAndOperatorsAreRefused() {
        for (String role : List.of("viewer", "operator")) {
            HttpResponse<String> answer = api.runtime.get(PAGE, role, role + "-password");
            assertEquals(403, answer.statusCode(), role + ": " + answer.body());
            assertFalse(answer.body().contains("sim-camera"), answer.body());
        }
        assertEquals(401, api.runtime.get(PAGE, null, null).statusCode());
    }

    @Test
    void getChangesNothingAndOnlyTheConsolesOwnPagesPauseAndResumeTheScheduler() throws Exception {
        assertEquals(200, api.runtime.get(PAGE + "?action=pause&mode=immediate", "admin", api.password).statusCode());
        assertFalse(paused(), "a GET paused the scheduler");

        assertEquals(403, post("action=pause", "http://evil.example").statusCode(), "another site's page");
        assertFalse(paused(), "a cross-site POST paused the scheduler");

        HttpResponse<String> bad = post("action=halt", null);
        assertEquals(400, bad.statusCode(), bad.body());
        assertEquals("application/problem+json", bad.headers().firstValue("Content-Type").orElse(""));
        assertTrue(bad.body().contains("field 'action': expected pause or resume, found 'halt'"), bad.body());
        assertFalse(paused());

        String own = "http://127.0.0.1:" + api.runtime.port;
        HttpResponse<String> pause = post("action=pause&mode=deferred", own);
        assertEquals(303, pause.statusCode(), pause.body());
        assertEquals(PAGE, pause.headers().firstValue("Location").orElse(""));
        assertTrue(paused());
        String page = api.runtime.get(PAGE, "admin", api.password).body();
        assertTrue(page.contains("<td>State</td><td>paused (nothing new starts)</td>"), page);
        assertTrue(page.contains("value=\"Resume the scheduler\""), page);

        assertEquals(303, post("action=resume", own).statusCode());
        assertFalse(paused());
        Path audit = api.runtime.home.resolve("logs/audit.log");
        api.runtime.await("the audit log has the console's pause", Duration.ofSeconds(20),
                () -> read(audit).lines().anyMatch(l -> l.contains("user=admin role=admin console POST action=pause")
                        && l.contains("status=303")));
    }

    private static HttpResponse<String> post(String form, String origin) {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.runtime.uri(PAGE)).timeout(Duration.ofSeconds(10))
                .header("Authorization", RuntimeProcess.basic("admin", api.password))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (origin != null) {
            request.header("Origin", origin);
        }
        return api.runtime.send(request.build());
    }

    private static boolean paused() {
        JsonNode scheduler = api.ok(api.call("GET", "/scheduler", null));
        assertTrue(scheduler.has("paused"), scheduler.toString());
        return scheduler.get("paused").asBoolean();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
