package org.orrery.web.api.internal;

import java.io.IOException;

import org.orrery.web.api.ApiContext;
import org.osgi.service.component.annotations.Component;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * What answers under {@value ApiContext#PATH} when no route does: a path that is no route gets
 * 404, and an error that a servlet or the container raised with {@code sendError} (a method a
 * servlet does not have, an exception) is answered as problem+json too, never as the server's
 * HTML page.
 */
@Component(service = Servlet.class, property = {
        ApiContext.SELECT,
        "osgi.http.whiteboard.servlet.pattern=/",
        "osgi.http.whiteboard.servlet.errorPage=4xx",
        "osgi.http.whiteboard.servlet.errorPage=5xx",
        "osgi.http.whiteboard.servlet.name=orrery-api-fallback" })
public final class ApiFallbackServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (RequestBody.state(request) == null && RequestBody.announced(request)) {
            // the body is not read: the client must not send its next request on this connection
            response.setHeader("Connection", "close");
        }
        if (request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer status) {
            Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
            Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
            Problems.send(response, status, title(status), (status >= 500 ? "the server failed to answer " : "")
                    + (message instanceof String m && !m.isBlank() && status < 500 ? m + ": " : "")
                    + request.getMethod() + " " + (uri == null ? request.getRequestURI() : uri));
            return;
        }
        Problems.send(response, HttpServletResponse.SC_NOT_FOUND, "Not Found", "no such route: " + request.getMethod() + " "
                + request.getRequestURI() + "; the routes are listed in " + ApiContext.PATH + "/openapi.json");
    }

    static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 413 -> "Payload Too Large";
            case 415 -> "Unsupported Media Type";
            case 429 -> "Too Many Requests";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Internal Server Error" : "Error";
        };
    }
}
