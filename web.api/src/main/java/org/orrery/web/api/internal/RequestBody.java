package org.orrery.web.api.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Set;

import org.orrery.sequence.DocumentFormat;
import org.orrery.web.api.internal.ApiServlet.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The rules for request bodies: exactly {@code application/json} (optionally with
 * {@code charset=utf-8}) on every body, so a form or a {@code text/plain} post of another site
 * is refused (415) before anything happens; no body where none is expected; and a body that
 * stalls answered 408 with one line in the log, not a stack trace. Records in the request
 * whether the body was read, so an error answer knows whether the rest can be drained.
 */
final class RequestBody {

    private static final Logger LOG = LoggerFactory.getLogger(RequestBody.class);
    static final String JSON = "application/json";
    /** The media types of a YAML sequence document (the first is the registered one, RFC 9512). */
    static final Set<String> YAML = Set.of("application/yaml", "application/x-yaml", "text/yaml");
    /** Request attribute: what became of the body ({@link State}). */
    static final String STATE_ATTRIBUTE = RequestBody.class.getName() + ".state";

    /** How far the body was read. */
    enum State {
        /** Reading began (or the body was refused on its size): the rest may be drained. */
        STARTED,
        /** Reading failed (the client stalled or went away): the connection is not reused. */
        FAILED
    }

    private RequestBody() {
    }

    /** The request's body state; null when no one read it. */
    static State state(HttpServletRequest request) {
        return request.getAttribute(STATE_ATTRIBUTE) instanceof State s ? s : null;
    }

    /** True when the request announces a body (a length above 0, or chunks). */
    static boolean announced(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }

    /**
     * Refuses (415) a {@code Content-Type} other than {@code application/json}, with no parameter
     * but {@code charset=utf-8}; a missing one too when {@code required}.
     */
    static void requireJson(HttpServletRequest request, boolean required) throws Refusal {
        String type = request.getContentType();
        if (type == null ? required : !isJson(type)) {
            throw new Refusal(HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, "Unsupported Media Type",
                    "Content-Type: expected application/json (optionally with charset=utf-8), found "
                            + (type == null ? "none" : "'" + shorten(type) + "'"));
        }
    }

    static boolean isJson(String contentType) {
        return JSON.equals(mediaType(contentType));
    }

    /**
     * The media type of a {@code Content-Type} in lower case, or null when it has a parameter
     * other than {@code charset=utf-8}.
     */
    static String mediaType(String contentType) {
        String[] parts = contentType.split(";", -1);
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim().toLowerCase(Locale.ROOT).replace(" ", "");
            if (!parameter.equals("charset=utf-8") && !parameter.equals("charset=\"utf-8\"")) {
                return null;
            }
        }
        return parts[0].trim().toLowerCase(Locale.ROOT);
    }

    /**
     * The spelling of a sequence document body by its {@code Content-Type}: JSON or YAML
     * ({@link #YAML}), UTF-8; 415 for anything else, none included.
     */
    static DocumentFormat documentFormat(HttpServletRequest request) throws Refusal {
        String type = request.getContentType();
        String media = type == null ? null : mediaType(type);
        if (JSON.equals(media)) {
            return DocumentFormat.JSON;
        }
        if (media != null && YAML.contains(media)) {
            return DocumentFormat.YAML;
        }
        throw new Refusal(HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, "Unsupported Media Type",
                "Content-Type: expected application/json or application/yaml (also application/x-yaml, text/yaml;"
                        + " optionally with charset=utf-8), found " + (type == null ? "none" : "'" + shorten(type) + "'"));
    }

    /**
     * Refuses a body on a route that takes none: a content type other than JSON (415), and any
     * announced body (400) without reading it.
     */
    static void requireNone(HttpServletRequest request) throws Refusal {
        requireJson(request, false);
        if (announced(request)) {
            throw new Refusal(HttpServletResponse.SC_BAD_REQUEST, "Bad Request",
                    request.getMethod() + " " + request.getRequestURI() + " takes no request body");
        }
    }

    /**
     * Reads the body, at most {@code limit} bytes (then one more, to see it is larger); the
     * caller has checked its content type.
     *
     * @throws Refusal 408 when the client stops sending
     */
    static byte[] read(HttpServletRequest request, int limit) throws Refusal, IOException {
        request.setAttribute(STATE_ATTRIBUTE, State.STARTED);
        long announced = request.getContentLengthLong();
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Math.max(announced, 256), limit + 1L));
        // as large as the announced body and one byte more (to see the end), within 8 KiB: a small
        // body (most: one task) costs no 8 KiB buffer per request
        byte[] buffer = new byte[(int) Math.min(8192, announced < 0 ? 8192 : announced + 1)];
        try {
            InputStream in = request.getInputStream();
            for (int n = in.read(buffer); n >= 0 && out.size() <= limit; n = in.read(buffer)) {
                out.write(buffer, 0, Math.min(n, limit + 1 - out.size()));
            }
        } catch (IOException e) {
            request.setAttribute(STATE_ATTRIBUTE, State.FAILED);
            LOG.warn("{} {} from {}: the request body stopped after {} of {} bytes ({}); answered 408", request.getMethod(),
                    request.getRequestURI(), request.getRemoteAddr(), out.size(), announced < 0 ? "?" : announced,
                    e.getClass().getSimpleName());
            throw new Refusal(HttpServletResponse.SC_REQUEST_TIMEOUT, "Request Timeout",
                    "the request body did not arrive in time: " + out.size() + " of "
                            + (announced < 0 ? "the" : announced) + " bytes were received");
        }
        return out.toByteArray();
    }

    private static String shorten(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "…" : text;
    }
}
