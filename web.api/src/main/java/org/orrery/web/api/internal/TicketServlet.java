package org.orrery.web.api.internal;

import java.io.IOException;

import org.orrery.security.AuthenticatedUser;
import org.orrery.security.Role;
import org.orrery.web.api.ApiContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code POST /api/v1/ws/ticket} (viewer, no body): a ticket that opens the event stream once,
 * within 30 s, as {@code GET /api/v1/ws?ticket=…} without an {@code Authorization} header — for
 * browsers, which cannot set headers on a WebSocket ({@link StreamTickets}).
 */
@Component(service = Servlet.class, property = {
        ApiContext.SELECT,
        "osgi.http.whiteboard.servlet.pattern=/ws/ticket",
        "osgi.http.whiteboard.servlet.name=orrery-stream-ticket" })
public final class TicketServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;

    private final transient StreamTickets tickets;

    @Activate
    public TicketServlet(@Reference StreamTickets tickets) {
        this.tickets = tickets;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(request, response, () -> {
            AuthenticatedUser user = require(request, Role.VIEWER);
            noBody(request);
            String authorization = request.getHeader("Authorization");
            if (authorization == null) {
                throw new Refusal(HttpServletResponse.SC_BAD_REQUEST, "Bad Request",
                        "a ticket is asked for with an Authorization header, which it stands for");
            }
            ObjectNode out = ApiJson.MAPPER.createObjectNode();
            out.put("ticket", tickets.issue(user, authorization));
            out.put("expires_in", StreamTickets.LIFETIME.toSeconds());
            json(response, 201, out);
        });
    }
}
