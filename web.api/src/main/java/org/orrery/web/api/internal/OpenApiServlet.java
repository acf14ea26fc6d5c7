package org.orrery.web.api.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.orrery.security.Role;
import org.orrery.web.api.ApiContext;
import org.osgi.service.component.annotations.Component;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /api/v1/openapi.json}: the OpenAPI 3.1 description of the API, a hand-written
 * resource of this bundle ({@value #RESOURCE}), for any authenticated user (viewer). The
 * end-to-end test {@code ApiDocumentIT} checks that it and the real routes agree.
 */
@Component(service = Servlet.class, property = {
        ApiContext.SELECT,
        "osgi.http.whiteboard.servlet.pattern=/openapi.json",
        "osgi.http.whiteboard.servlet.name=orrery-openapi" })
public final class OpenApiServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;

    /** The document, beside this class. */
    static final String RESOURCE = "openapi.json";

    /** The document and its entity tag. */
    private record Served(byte[] document, String etag) {
    }

    /** Read and hashed on the first request, not when the HTTP whiteboard initialises the servlet at start. */
    private transient volatile Served served;

    private Served served() {
        Served s = served;
        if (s == null) {
            byte[] document = document();
            s = new Served(document, "\"" + sha256(document).substring(0, 32) + "\"");
            served = s;
        }
        return s;
    }

    /** The document's bytes. */
    static byte[] document() {
        try (InputStream in = OpenApiServlet.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the bundle lacks its OpenAPI document " + RESOURCE);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the OpenAPI document " + RESOURCE, e);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(request, response, () -> {
            require(request, Role.VIEWER);
            byte[] document = served().document();
            String etag = served().etag();
            response.setHeader("ETag", etag);
            response.setHeader("Cache-Control", "no-cache");
            if (etag.equals(request.getHeader("If-None-Match"))) {
                response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
                return;
            }
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentType("application/json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.setContentLength(document.length);
            response.getOutputStream().write(document);
        });
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
