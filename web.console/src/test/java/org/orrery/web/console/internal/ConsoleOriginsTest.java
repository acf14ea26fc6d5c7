package org.orrery.web.console.internal;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ConsoleOriginsTest {

    private final ConsoleOrigins loopback = ConsoleOrigins.fromProperties(Map.of(
            ConsoleOrigins.HOST_PROPERTY, "127.0.0.1", ConsoleOrigins.PORT_PROPERTY, "8080")::get);

    @Test
    void readsAndClientsWithoutOriginOrRefererPass() {
        assertNull(loopback.refusal("GET", "http://evil.example", null));
        assertNull(loopback.refusal("POST", null, null), "curl sends neither header");
    }

    @Test
    void statefulRequestsFromTheConsolesOwnPagesPass() {
        assertNull(loopback.refusal("POST", "http://127.0.0.1:8080", null));
        assertNull(loopback.refusal("POST", "http://localhost:8080", null));
        assertNull(loopback.refusal("DELETE", "http://[::1]:8080", null));
        assertNull(loopback.refusal("POST", null, "http://127.0.0.1:8080/system/console/bundles"));
    }

    @Test
    void statefulRequestsFromOtherSitesRebindingNamesOrOtherPortsAreRefused() {
        assertNotNull(loopback.refusal("POST", "http://evil.example", null));
        assertNotNull(loopback.refusal("POST", "http://evil.example:8080", null), "a rebound DNS name carries the right port");
        assertNotNull(loopback.refusal("POST", "http://127.0.0.1:9090", null));
        assertNotNull(loopback.refusal("POST", "null", null));
        assertNotNull(loopback.refusal("POST", null, "http://evil.example/attack.html"));
        assertNotNull(loopback.refusal("POST", "http://evil.example", "http://127.0.0.1:8080/system/console"),
                "Origin wins over Referer");
        assertNotNull(loopback.refusal("PUT", "file:///tmp/x.html", null));
    }

    @Test
    void extraOriginsAndEveryInterfaceAreConfigurable() {
        ConsoleOrigins every = ConsoleOrigins.fromProperties(Map.of(ConsoleOrigins.HOST_PROPERTY, "0.0.0.0",
                ConsoleOrigins.PORT_PROPERTY, "8181", ConsoleOrigins.EXTRA_ORIGINS, "https://observatory.example.org")::get);
        assertNull(every.refusal("POST", "https://observatory.example.org", null));
        assertNull(every.refusal("POST", "http://127.0.0.1:8181", null));
        assertNotNull(every.refusal("POST", "http://rebound.example:8181", null));
        assertNotNull(every.refusal("POST", "http://8.8.8.8:8181", null), "not an address of this machine");
    }
}
