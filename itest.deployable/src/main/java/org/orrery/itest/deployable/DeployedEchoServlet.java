package org.orrery.itest.deployable;

import java.io.IOException;

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
 * Shows that a bundle can add a Jakarta WebSocket endpoint at run time: when its servlet is
 * initialised it registers {@value #PATH}, which echoes every text message back.
 */
@Component(service = Servlet.class, property = {
        ApiContext.SELECT,
        "osgi.http.whiteboard.servlet.pattern=/itest/echo",
        "osgi.http.whiteboard.servlet.name=itest-echo" })
public final class DeployedEchoServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    /** WebSocket paths are relative to the server's root, not to the servlet context. */
    static final String PATH = ApiContext.PATH + "/itest/echo";

    @Override
    public void init() throws ServletException {
        Object container = getServletContext().getAttribute(ServerContainer.class.getName());
        if (!(container instanceof ServerContainer server)) {
            throw new ServletException("no Jakarta WebSocket container in the servlet context (found " + container + ")");
        }
        // The WebSocket API finds its default configurator with ServiceLoader through the
        // context class loader: point that at the container's bundle, which declares it.
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(server.getClass().getClassLoader());
        try {
            server.addEndpoint(ServerEndpointConfig.Builder.create(Echo.class, PATH).build());
        } catch (DeploymentException e) {
            throw new ServletException("cannot add the WebSocket endpoint " + PATH, e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.sendError(HttpServletResponse.SC_BAD_REQUEST, "connect with a WebSocket client");
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
