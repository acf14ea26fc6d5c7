package org.orrery.web.api.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EventStreamServletTest {

    @Test
    void clientsWithoutOriginMayConnect() {
        assertTrue(EventStreamServlet.sameOrigin(null, "127.0.0.1:8080"));
    }

    @Test
    void pagesServedByOrreryMayConnect() {
        assertTrue(EventStreamServlet.sameOrigin("http://127.0.0.1:8080", "127.0.0.1:8080"));
        assertTrue(EventStreamServlet.sameOrigin("http://Observatory.local:8080", "observatory.local:8080"));
        assertTrue(EventStreamServlet.sameOrigin("https://orrery.example.org", "orrery.example.org"));
        assertTrue(EventStreamServlet.sameOrigin("http://orrery.example.org", "orrery.example.org"));
        assertTrue(EventStreamServlet.sameOrigin("https://orrery.example.org:443", "orrery.example.org"));
        assertTrue(EventStreamServlet.sameOrigin("http://[::1]:8080", "[::1]:8080"));
    }

    @Test
    void pagesOfOtherSitesMayNot() {
        assertFalse(EventStreamServlet.sameOrigin("https://evil.example", "127.0.0.1:8080"));
        assertFalse(EventStreamServlet.sameOrigin("http://127.0.0.1:9999", "127.0.0.1:8080"));
        assertFalse(EventStreamServlet.sameOrigin("http://orrery.example.org:8080", "orrery.example.org"));
        assertFalse(EventStreamServlet.sameOrigin("null", "127.0.0.1:8080"));
        assertFalse(EventStreamServlet.sameOrigin("http://127.0.0.1:8080", null));
        assertFalse(EventStreamServlet.sameOrigin("not a uri", "127.0.0.1:8080"));
    }
}
