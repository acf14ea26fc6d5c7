package org.orrery.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A driver author's path (samples/driver-example/README.md): the sample is built with Maven as a
 * separate process against core.api's jar alone, dropped into a running runtime's deploy/ folder,
 * shows up as a device with its Web Console form, runs its action through REST, and leaves
 * nothing behind when the jar is removed.
 */
class DriverExampleIT {

    static final String BUNDLE = "org.example.dewmonitor";
    static final String FACTORY_PID = "org.example.dewmonitor";

    @Test
    void theSampleDriverBuildsOnItsOwnAndHotSwapsIntoARunningRuntime() throws Exception {
        DriverExampleBuild.assertSampleInStep();
        Path work = RuntimeLifecycleIT.WORK.resolve("driver-example-" + UUID.randomUUID());
        Path home = work.resolve("home");
        // the runtime starts while Maven builds the sample: neither waits for the other
        try (RuntimeProcess runtime = RuntimeProcess.start(Path.of(System.getProperty("java.home")), home,
                RuntimeProcess.freePort())) {
            Path jar = DriverExampleBuild.build(work);
            runtime.awaitReady();
            InstrumentApi api = new InstrumentApi(runtime);
            assertEquals(404, api.call("GET", "/devices/dew-monitor", null).statusCode());

            Path dropped = home.resolve("deploy/driver-example-1.0.0.jar");
            RuntimeLifecycleIT.copyAtomically(jar, dropped);
            runtime.await("the dropped driver's device is listed", Duration.ofSeconds(30),
                    () -> api.call("GET", "/devices/dew-monitor", null).statusCode() == 200);
            JsonNode device = api.ok(api.call("GET", "/devices/dew-monitor", null));
            assertEquals("safety_monitor", device.get("type").asText(), device.toString());
            assertEquals("dew-simulator", device.get("driver").asText(), device.toString());
            assertEquals("connected", device.get("connection").asText(), device.toString());
            assertTrue(device.at("/values/safe").asBoolean(), device.toString());
            assertTrue(api.ok(api.call("GET", "/devices?type=safety_monitor", null)).toString().contains("\"dew-monitor\""));
            assertTrue(api.ok(api.call("GET", "/actions", null)).toString().contains("\"dewmonitor.simulate\""));

            // the Web Console's Configuration page lists the driver and draws its form from the metatype
            assertTrue(runtime.get("/system/console/configMgr", "admin", api.password).body()
                    .contains("{\"id\":\"" + FACTORY_PID + "\",\"name\":\"Dew monitor (simulated)\"}"));
            String form = consoleForm(runtime, api.password);
            assertTrue(form.contains("\"device.id\"") && form.contains("\"margin\"") && form.contains("\"humidity\""), form);

            // its action through REST: a damp night makes the monitor unsafe
            JsonNode task = api.awaitEnd(api.submit("{\"action\": \"dewmonitor.simulate\", \"parameters\":"
                    + " {\"temperature_celsius\": 4, \"humidity_percent\": 92}}").get("id").asText(), Duration.ofSeconds(30));
            assertEquals("completed", task.get("status").asText(), task.toString());
            assertEquals("dew-monitor", task.at("/result/device").asText(), task.toString());
            assertFalse(task.at("/result/safe").asBoolean(), task.toString());
            JsonNode values = api.ok(api.call("GET", "/devices/dew-monitor", null)).get("values");
            assertFalse(values.get("safe").asBoolean(), values.toString());
            assertTrue(values.get("reason").asText().startsWith("dew: the air (4.0 °C)"), values.toString());
            HttpResponse<String> refused = api.call("POST", "/tasks", "{\"action\": \"dewmonitor.simulate\", \"parameters\":"
                    + " {\"temperature_celsius\": 4, \"humidity_percent\": 150}}");
            assertEquals(400, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("humidity_percent") && refused.body().contains("100"), refused.body());

            // removing the jar removes the bundle, its device and its actions
            Files.delete(dropped);
            runtime.await("the removed driver's device is gone", Duration.ofSeconds(30),
                    () -> api.call("GET", "/devices/dew-monitor", null).statusCode() == 404);
            runtime.await("the removed driver's bundle is uninstalled", Duration.ofSeconds(10),
                    () -> !runtime.get("/system/console/bundles.json", "admin", api.password).body().contains(BUNDLE));
            assertFalse(api.ok(api.call("GET", "/actions", null)).toString().contains("dewmonitor."));
            assertFalse(api.ok(api.call("GET", "/devices", null)).toString().contains("dew-simulator"));
        }
    }

    /** What the Web Console's Configuration page asks for when a user adds a new "Dew monitor (simulated)". */
    private static String consoleForm(RuntimeProcess runtime, String password) {
        return runtime.send(HttpRequest.newBuilder(runtime.uri("/system/console/configMgr/" + FACTORY_PID + "?create=true"))
                .header("Authorization", RuntimeProcess.basic("admin", password))
                .POST(HttpRequest.BodyPublishers.noBody()).build()).body();
    }
}
