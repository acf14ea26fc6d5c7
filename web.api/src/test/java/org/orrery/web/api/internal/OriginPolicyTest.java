package org.orrery.web.api.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OriginPolicyTest {

    private final OriginPolicy loopback = OriginPolicy.of("127.0.0.1", 8080, null);

    @Test
    void clientsWithoutOriginPass() {
        assertTrue(loopback.allows(null));
    }

    @Test
    void pagesServedAtTheConfiguredLoopbackAddressPass() {
        assertTrue(loopback.allows("http://127.0.0.1:8080"));
        assertTrue(loopback.allows("http://localhost:8080"));
        assertTrue(loopback.allows("http://LocalHost:8080/"));
        assertTrue(loopback.allows("http://[::1]:8080"));
    }

    @Test
    void aRebindingPageIsRefusedWhateverItsHostHeaderSays() {
        // a DNS-rebinding page at evil.example resolves to 127.0.0.1: its Origin names its own site
        assertFalse(loopback.allows("http://evil.example:8080"));
        assertFalse(loopback.allows("https://evil.example"));
    }

    @Test
    void otherPortsSchemesAndMalformedOriginsAreRefused() {
        assertFalse(loopback.allows("http://127.0.0.1:9999"));
        assertFalse(loopback.allows("http://127.0.0.1"));
        assertFalse(loopback.allows("https://127.0.0.1:8080"));
        assertFalse(loopback.allows("null"));
        assertFalse(loopback.allows("not a uri"));
        assertFalse(loopback.allows("file:///etc/passwd"));
        assertFalse(loopback.allows("http://127.0.0.1:8080/page?x=1"));
    }

    @Test
    void aSpecificAddressAllowsThatAddressOnly() {
        OriginPolicy lan = OriginPolicy.of("192.168.7.20", 8181, null);
        assertTrue(lan.allows("http://192.168.7.20:8181"));
        assertFalse(lan.allows("http://127.0.0.1:8181"));
        assertFalse(lan.allows("http://localhost:8181"));
    }

    @Test
    void configuredOriginsOfAProxyPass() {
        OriginPolicy proxied = OriginPolicy.of("127.0.0.1", 8080, "https://orrery.example.org, http://dome.local:80");
        assertTrue(proxied.allows("https://orrery.example.org"));
        assertTrue(proxied.allows("https://orrery.example.org:443"));
        assertTrue(proxied.allows("http://dome.local"));
        assertFalse(proxied.allows("http://orrery.example.org"));
    }

    @Test
    void aWildcardAddressAllowsLoopbackAndTheMachinesAddresses() {
        OriginPolicy any = OriginPolicy.of("0.0.0.0", 8080, null);
        assertTrue(any.allows("http://localhost:8080"));
        assertTrue(any.allows("http://127.0.0.1:8080"));
        assertFalse(any.allows("http://evil.example:8080"));
    }
}
