package org.orrery.devices.alpaca.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AlpacaClientTest {

    private FakeAlpacaServer server;
    private AlpacaClient client;

    @BeforeEach
    void start() throws Exception {
        server = new FakeAlpacaServer();
        client = new AlpacaClient("test", server.host(), server.port(), 4242, Duration.ofSeconds(1),
                Duration.ofSeconds(3));
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close();
    }

    @Test
    void everyCallCarriesTheClientIdAndAnIncreasingTransactionId() {
        client.put("camera/0/connected", Map.of("Connected", true));
        client.get("camera/0/cameraxsize");
        client.get("camera/0/ccdtemperature");
        List<FakeAlpacaServer.Request> requests = server.requests();
        assertEquals(3, requests.size());
        long previous = 0;
        for (FakeAlpacaServer.Request r : requests) {
            assertEquals("4242", r.params().get("ClientID"), r.toString());
            long tx = Long.parseLong(r.params().get("ClientTransactionID"));
            assertTrue(tx > previous, "transaction ids must increase: " + requests);
            previous = tx;
        }
        assertEquals("PUT", requests.get(0).method());
        assertEquals("true", requests.get(0).params().get("Connected"));
        assertEquals(previous, client.lastTransactionId());
    }

    @Test
    void valueIsReturnedWhenErrorNumberIsZero() {
        client.put("camera/0/connected", Map.of("Connected", true));
        assertEquals(FakeAlpacaServer.WIDTH, client.get("camera/0/cameraxsize").asInt());
        assertEquals(-10.0, client.get("camera/0/ccdtemperature").asDouble());
    }

    @Test
    void deviceErrorCarriesErrorNumberAndMessage() {
        AlpacaException e = assertThrows(AlpacaException.class, () -> client.get("camera/0/cameraxsize"));
        assertEquals(AlpacaException.Kind.DEVICE, e.kind());
        assertEquals(0x407, e.errorNumber());
        assertTrue(e.getMessage().contains("0x407 (not connected)"), e.getMessage());
        assertTrue(e.getMessage().contains("camera 0 is not connected"), e.getMessage());
        assertTrue(e.getMessage().contains("GET camera/0/cameraxsize"), e.getMessage());
        assertEquals("test", e.deviceId());
    }

    @Test
    void malformedParameterIsAnHttp400WithTheServersText() {
        client.put("camera/0/connected", Map.of("Connected", true));
        AlpacaException e = assertThrows(AlpacaException.class,
                () -> client.put("camera/0/startexposure", Map.of("Duration", "abc", "Light", true)));
        assertEquals(AlpacaException.Kind.BAD_REQUEST, e.kind());
        assertEquals(0, e.errorNumber());
        assertTrue(e.getMessage().contains("HTTP 400"), e.getMessage());
        assertTrue(e.getMessage().contains("Duration 'abc' is not a number"), e.getMessage());
        assertTrue(!e.connectionProblem());
    }

    @Test
    void unknownMemberIsAnHttp400() {
        AlpacaException e = assertThrows(AlpacaException.class, () -> client.get("camera/0/canslew"));
        assertEquals(AlpacaException.Kind.BAD_REQUEST, e.kind());
        assertTrue(e.getMessage().contains("'canslew' is not a camera member"), e.getMessage());
        AlpacaException number = assertThrows(AlpacaException.class, () -> client.get("camera/7/connected"));
        assertTrue(number.getMessage().contains("no camera number 7"), number.getMessage());
    }

    @Test
    void serverFaultIsAnHttp500() {
        server.fault = true;
        AlpacaException e = assertThrows(AlpacaException.class, () -> client.get("camera/0/connected"));
        assertEquals(AlpacaException.Kind.SERVER_FAULT, e.kind());
        assertTrue(e.getMessage().contains("HTTP 500") && e.getMessage().contains("simulated fault"), e.getMessage());
    }

    @Test
    void refusedConnectionNamesHostAndPort() throws Exception {
        int free;
        try (ServerSocket s = new ServerSocket(0)) {
            free = s.getLocalPort();
        }
        try (AlpacaClient nowhere = new AlpacaClient("test", "127.0.0.1", free, 1, Duration.ofSeconds(1),
                Duration.ofSeconds(2))) {
            AlpacaException e = assertThrows(AlpacaException.class, () -> nowhere.get("camera/0/connected"));
            assertEquals(AlpacaException.Kind.UNREACHABLE, e.kind());
            assertTrue(e.getMessage().contains("127.0.0.1:" + free), e.getMessage());
            assertTrue(e.getMessage().contains("connection refused"), e.getMessage());
        }
    }

    @Test
    void managementApiAnswers() {
        assertEquals(1, client.management("/management/apiversions").get(0).asInt());
        assertEquals("Fake Alpaca", client.management("/management/v1/description").get("ServerName").asText());
        assertEquals(3, client.management("/management/v1/configureddevices").size());
    }

    @Test
    void numbersAreSentCultureNeutralWithoutExponent() {
        assertEquals("0.0001", AlpacaClient.text(0.0001));
        assertEquals("12.5", AlpacaClient.text(12.5));
        assertEquals("3", AlpacaClient.text(3.0));
        assertEquals("-45.25", AlpacaClient.text(-45.25));
        assertEquals("true", AlpacaClient.text(true));
    }

    @Test
    void describeNamesTheReservedNumbers() {
        assertEquals("0x401 (invalid value)", AlpacaException.describe(0x401));
        assertEquals("0x40C (action not implemented)", AlpacaException.describe(0x40C));
        assertEquals("0x500 (driver error)", AlpacaException.describe(0x500));
    }
}
