package org.orrery.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.orrery.devices.alpaca.internal.FakeAlpacaServer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The runtime's ASCOM Alpaca driver against the Alpaca device server of devices.alpaca's tests
 * (written from ASCOM's API description; no Alpaca simulator can be installed here): configured
 * from files in etc/, the camera and telescope appear in the REST API, a slew and an exposure run
 * as tasks, and the FITS written from the Alpaca image passes fitsverify.
 */
class AlpacaRuntimeIT {

    static InstrumentApi api;

    static FakeAlpacaServer alpaca;

    @BeforeAll
    static void start() throws Exception {
        alpaca = new FakeAlpacaServer();
        Path home = RuntimeLifecycleIT.WORK.resolve("alpaca-" + UUID.randomUUID());
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/org.orrery.devices.alpaca.device-camera.cfg"), "host=127.0.0.1\nport="
                + alpaca.port() + "\ndevice.type=camera\ndevice.number=0\ndevice.id=alpaca-camera\npoll.interval.ms=500\n");
        Files.writeString(home.resolve("etc/org.orrery.devices.alpaca.device-telescope.cfg"), "host=127.0.0.1\nport="
                + alpaca.port() + "\ndevice.type=telescope\ndevice.number=0\ndevice.id=alpaca-telescope\npoll.interval.ms=500\n");
        api = new InstrumentApi(RuntimeProcess.start(Path.of(System.getProperty("java.home")), home, RuntimeProcess.freePort())
                .awaitReady());
        api.runtime.await("the Alpaca camera and telescope are connected", Duration.ofSeconds(30), () -> {
            JsonNode devices = InstrumentApi.json(api.call("GET", "/devices?type=camera", null));
            JsonNode mounts = InstrumentApi.json(api.call("GET", "/devices?type=mount", null));
            return connected(devices, "alpaca-camera") && connected(mounts, "alpaca-telescope");
        });
    }

    private static boolean connected(JsonNode devices, String id) {
        for (JsonNode d : devices) {
            if (d.get("id").asText().equals(id)) {
                return d.get("connection").asText().equals("connected") && d.get("driver").asText().equals("alpaca");
            }
        }
        return false;
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (api != null) {
            api.runtime.close();
            api = null;
        }
        if (alpaca != null) {
            alpaca.close();
        }
    }

    @Test
    void slewAndExposeThroughAlpacaWriteAFitsThatFitsverifyAccepts() throws Exception {
        JsonNode slew = api.awaitEnd(api.submit("{\"action\": \"mount.slew\", \"parameters\": {\"ra\": 10.5,"
                + " \"dec\": 20, \"mount\": \"alpaca-telescope\"}}").get("id").asText(), Duration.ofSeconds(60));
        assertEquals("completed", slew.get("status").asText(), slew.toString());

        JsonNode expose = api.awaitEnd(api.submit("{\"action\": \"camera.expose\", \"parameters\": {\"exposure\": 0.2,"
                + " \"camera\": \"alpaca-camera\", \"mount\": \"alpaca-telescope\", \"count\": 2, \"object\": \"alpaca\"}}")
                .get("id").asText(), Duration.ofSeconds(60));
        assertEquals("completed", expose.get("status").asText(), expose.toString());
        int fits = 0;
        for (JsonNode file : expose.at("/result/files")) {
            if (file.asText().endsWith(".fits")) {
                Path path = api.runtime.home.resolve(file.asText());
                InstrumentApi.assertFitsVerifies(path);
                assertEquals("Light Frame", InstrumentApi.header(path, "IMAGETYP"));
                assertEquals(10.5 * 15, Double.parseDouble(InstrumentApi.header(path, "RA")), 0.1, "the telescope's RA in degrees");
                assertEquals(20, Double.parseDouble(InstrumentApi.header(path, "DEC")), 0.1);
                fits++;
            }
        }
        assertEquals(2, fits, expose.toString());
    }

    @Test
    void aGainTheAlpacaCameraRefusesFailsTheTaskWithItsRange() {
        JsonNode gain = api.awaitEnd(api.submit("{\"action\": \"camera.expose\", \"parameters\": {\"exposure\": 0.1,"
                + " \"camera\": \"alpaca-camera\", \"gain\": 5000}}").get("id").asText(), Duration.ofSeconds(60));
        assertEquals("failed", gain.get("status").asText(), gain.toString());
        String error = gain.get("error").asText();
        assertTrue(error.contains("5000") && error.contains("300"), error);
    }
}
