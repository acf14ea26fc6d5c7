package org.orrery.web.api.internal;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import jakarta.servlet.http.HttpServletResponse;

/**
 * Writes errors as RFC 9457 {@code application/problem+json}. Uses Jackson's streaming
 * generator: the health check and authentication errors must not wait for the (much slower
 * to initialise) object mapper.
 */
final class Problems {

    static final JsonFactory JSON = new JsonFactory();

    private Problems() {
    }

    /** Fields of a problem beyond the standard ones (RFC 9457 extension members). */
    @FunctionalInterface
    interface Extension {
        void write(JsonGenerator json) throws IOException;
    }

    /** The challenge of a 401 to a request that sent a Bearer token, or that no browser may answer with a dialog. */
    static final String BEARER_CHALLENGE = "Bearer realm=\"Orrery\"";

    /**
     * Makes a coming 401 challenge for a Bearer token instead of HTTP Basic, so a browser shows
     * no password dialog of its own (an expired dashboard token, a wrong dashboard sign-in).
     */
    static void challengeBearer(HttpServletResponse response) {
        response.setHeader("WWW-Authenticate", BEARER_CHALLENGE);
    }

    /** True when an {@code Authorization} header value is a Bearer token. */
    static boolean bearer(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
    }

    static void send(HttpServletResponse response, int status, String title, String detail) throws IOException {
        send(response, status, title, detail, null);
    }

    static void send(HttpServletResponse response, int status, String title, String detail, Extension extension)
            throws IOException {
        if (status == HttpServletResponse.SC_UNAUTHORIZED && !response.containsHeader("WWW-Authenticate")) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"Orrery\", charset=\"UTF-8\"");
        }
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        try (JsonGenerator json = JSON.createGenerator(response.getOutputStream())) {
            json.writeStartObject();
            json.writeStringField("type", "about:blank");
            json.writeStringField("title", title);
            json.writeNumberField("status", status);
            json.writeStringField("detail", detail);
            if (extension != null) {
                extension.write(json);
            }
            json.writeEndObject();
        }
    }
}
