package org.orrery.itest.deployable;

import java.io.IOException;
import java.util.Map;

import org.orrery.web.api.ApiContext;
import org.osgi.service.component.annotations.Component;

import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * Shows how a bundle adds a Jakarta WebSocket endpoint at run time, protected like every API
 * route: the servlet at {@value #PATH} upgrades the request itself, after the API context has
 * authenticated it. (An endpoint added to the container's mappings would take the upgrade
 * before the context's security, and would outlive the bundle.) It echoes every text message.
 */
@Component(service = Servlet.class, property = {
        ApiContext.SELECT,
        "osgi.http.whiteboard.servlet.pattern=/itest/echo",
        "osgi.http.whiteboard.servlet.name=itest-echo" })
public final class DeployedEchoServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final String PATH = ApiContext.PATH + "/itest/echo";

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
        if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            response.sendError(426, "connect with a WebSocket client");
            return;
        }
        Object container = getServletContext().getAttribute(ServerContainer.class.getName());
        if (!(container instanceof ServerContainer server)) {
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "no Jakarta WebSocket container");
            return;
        }
        // The WebSocket API finds its default configurator with ServiceLoader through the
        // context class loader: point that at the container's bundle, which declares it.
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(server.getClass().getClassLoader());
        try {
            server.upgradeHttpToWebSocket(request, response, ServerEndpointConfig.Builder.create(Echo.class, PATH).build(),
                    Map.of());
        } catch (DeploymentException e) {
            throw new ServletException("cannot upgrade to the WebSocket endpoint " + PATH, e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Echoes text messages. */
    public static final class Echo extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                try {
                    session.getBasicRemote().sendText("echo: " + text);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }
}
