package org.orrery.web.api.internal;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.orrery.agent.AgentEvent;
import org.orrery.security.AuthenticatedUser;
import org.orrery.security.Authenticator;
import org.orrery.security.Role;
import org.orrery.sequence.SequenceEvent;
import org.orrery.task.SchedulerEvent;
import org.orrery.task.TaskEvent;
import org.orrery.task.TaskEventListener;
import org.orrery.web.api.ApiContext;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * The event stream at {@value #PATH}: task events straight from the scheduler
 * ({@link TaskEventListener}), as seed 001's JSON, and sequence, scheduler and agent events from
 * Event Admin, to every WebSocket client that asked for them
 * ({@code ?task_id=...&sequence=...&type=...}).
 *
 * <p>The upgrade is a request to this servlet in the API context, so it passes the context's
 * {@code handleSecurity} like every REST request: without valid credentials it is answered 401
 * and no connection opens. The servlet then checks the filter (400 naming a bad value) and the
 * {@code Origin} (403 for another site's page, {@link OriginPolicy}) and upgrades the request itself with
 * {@link ServerContainer#upgradeHttpToWebSocket}. No endpoint is added to the container's
 * mappings: those would take the upgrade before the context's security, and would outlive this
 * bundle. The credential of the upgrade is checked again while the connection is open: once it
 * is no longer valid (token revoked, user removed, password changed) the stream closes with 1008.
 * A browser, which cannot set headers on a WebSocket, comes with {@code ?ticket=…} instead
 * ({@link StreamTickets}); then the credential that asked for the ticket is the one rechecked.
 */
@Component(service = {Servlet.class, EventHandler.class, TaskEventListener.class}, property = {
        ApiContext.SELECT,
        "osgi.http.whiteboard.servlet.pattern=/ws",
        "osgi.http.whiteboard.servlet.name=orrery-event-stream",
        EventConstants.EVENT_TOPIC + "=" + SequenceEvent.TOPIC_ALL,
        EventConstants.EVENT_TOPIC + "=" + SchedulerEvent.TOPIC_ALL,
        EventConstants.EVENT_TOPIC + "=" + AgentEvent.TOPIC_ALL })
public final class EventStreamServlet extends HttpServlet implements EventHandler, TaskEventListener {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(EventStreamServlet.class);
    /** WebSocket paths are relative to the server's root, not to the servlet context. */
    static final String PATH = ApiContext.PATH + "/ws";

    private final transient RequestAuthenticator authenticator;
    private final transient EventStreamHub hub;
    private final transient OriginPolicy origins;
    private transient volatile ServerContainer container;

    @Activate
    public EventStreamServlet(BundleContext context, @Reference Authenticator authenticator) {
        this(new RequestAuthenticator(authenticator), new EventStreamHub(EventStreamSettings.DEFAULT),
                OriginPolicy.of(context));
    }

    EventStreamServlet(RequestAuthenticator authenticator, EventStreamHub hub, OriginPolicy origins) {
        this.authenticator = authenticator;
        this.hub = hub;
        this.origins = origins;
    }

    /** Closes every connection and stops the stream's threads. */
    @Deactivate
    void deactivate() {
        hub.close();
    }

    /**
     * A task event, straight from the scheduler's event thread (not through Event Admin, whose
     * asynchronous delivery cost one more thread hand-off per event): only enqueued.
     */
    @Override
    public void taskEvent(TaskEvent event) {
        hub.publish(event.type().id(), event.taskId(), null, null, () -> EventStreamJson.event(event));
    }

    /** A sequence, scheduler or agent event from Event Admin (or a task event, if one is posted to the handler). */
    @Override
    public void handleEvent(Event event) {
        hub.publish(EventStreamJson.type(event), EventStreamJson.taskId(event), EventStreamJson.sequenceId(event),
                EventStreamJson.agentId(event), () -> EventStreamJson.event(event));
    }

    @Override
    public void init() {
        if (container() == null) {
            LOG.info("Event stream: no Jakarta WebSocket container in the servlet context yet; looking again at the first request");
        }
    }

    /**
     * The context's WebSocket container. Looked up again while missing: when the API context is
     * (re)created, servlets may be initialised before the attribute is there.
     */
    private ServerContainer container() {
        ServerContainer found = container;
        if (found == null && getServletConfig() != null
                && getServletContext().getAttribute(ServerContainer.class.getName()) instanceof ServerContainer server) {
            container = found = server;
        }
        return found;
    }

    @Override
    public void destroy() {
        container = null;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String upgrade = request.getHeader("Upgrade");
        if (upgrade == null || !upgrade.toLowerCase(Locale.ROOT).contains("websocket")) {
            response.setHeader("Upgrade", "websocket");
            Problems.send(response, 426, "Upgrade Required", "the event stream is a WebSocket: connect to " + PATH
                    + " with a WebSocket client");
            return;
        }
        Optional<AuthenticatedUser> user = user(request, response);
        if (user.isEmpty()) {
            return;
        }
        if (!user.get().may(Role.VIEWER)) {
            Problems.send(response, HttpServletResponse.SC_FORBIDDEN, "Forbidden", "user '" + user.get().name()
                    + "' may not watch task events");
            return;
        }
        EventStreamFilter filter;
        try {
            filter = EventStreamFilter.parse(request.getParameterMap());
        } catch (EventStreamFilter.Invalid e) {
            Problems.send(response, HttpServletResponse.SC_BAD_REQUEST, "Bad Request", e.getMessage());
            return;
        }
        String origin = request.getHeader("Origin");
        if (!origins.allows(origin)) {
            Problems.send(response, HttpServletResponse.SC_FORBIDDEN, "Forbidden", origins.refusal(origin));
            return;
        }
        ServerContainer server = container();
        if (server == null) {
            LOG.warn("Event stream: no Jakarta WebSocket container in the servlet context; {} answers 503", PATH);
            Problems.send(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "Service Unavailable",
                    "the server has no Jakarta WebSocket container (framework property org.apache.felix.jakarta.websocket.enable)");
            return;
        }
        upgrade(server, request, response, filter, user.get());
    }

    private void upgrade(ServerContainer server, HttpServletRequest request, HttpServletResponse response,
            EventStreamFilter filter, AuthenticatedUser user) throws IOException {
        ServerEndpointConfig config = ServerEndpointConfig.Builder.create(EventStreamEndpoint.class, PATH)
                .configurator(new EventStreamEndpoint.Configurator(hub, filter, user.name(),
                        credential(authorization(request), request.getRemoteAddr(), user)))
                .build();
        // the container looks things up through the context class loader: make it the container's
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(server.getClass().getClassLoader());
        try {
            server.upgradeHttpToWebSocket(request, response, config, Map.of());
        } catch (DeploymentException | RuntimeException e) {
            LOG.warn("Event stream: the WebSocket upgrade failed", e);
            if (!response.isCommitted()) {
                Problems.send(response, HttpServletResponse.SC_BAD_REQUEST, "Bad Request",
                        "the WebSocket upgrade failed: " + e.getMessage());
            }
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * The user the API context authenticated, or (if the context let the request through) the
     * header's; when there is none, the refusal has been sent.
     */
    private Optional<AuthenticatedUser> user(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object user = request.getAttribute(ApiContext.USER_ATTRIBUTE);
        if (user instanceof AuthenticatedUser authenticated) {
            return Optional.of(authenticated);
        }
        return authenticator.authenticateOrRefuse(request, response);
    }

    /** The credential of the upgrade: its header, or the header that asked for the ticket it came with. */
    private static String authorization(HttpServletRequest request) {
        return request.getAttribute(ApiServletContext.TICKET_CREDENTIAL) instanceof String ticketed ? ticketed
                : request.getHeader("Authorization");
    }

    /**
     * The check of the upgrade's credential while the stream is open: the same header must still
     * authenticate, as the same user, with a role that may watch.
     */
    private StreamCredential credential(String authorization, String remoteAddress, AuthenticatedUser user) {
        if (authorization == null) {
            return StreamCredential.FOREVER; // let through by the context without a header: nothing to recheck
        }
        return () -> {
            Optional<AuthenticatedUser> now = authenticator.authenticate(authorization, remoteAddress);
            if (now.isEmpty() || !now.get().name().equals(user.name())) {
                return "the credential of user '" + user.name() + "' is no longer valid";
            }
            if (!now.get().may(Role.VIEWER)) {
                return "user '" + user.name() + "' may no longer watch task events";
            }
            return null;
        };
    }
}
