package org.orrery.web.api.internal;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import org.orrery.security.Role;
import org.orrery.security.UserAdmin;
import org.orrery.web.api.ApiContext;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Users and API tokens, for admins: {@code /api/v1/users} and {@code /api/v1/tokens}.
 * A token's secret is in the answer to its creation and never again.
 */
@Component(service = Servlet.class, property = {
        ApiContext.SELECT,
        "osgi.http.whiteboard.servlet.pattern=/users",
        "osgi.http.whiteboard.servlet.pattern=/users/*",
        "osgi.http.whiteboard.servlet.pattern=/tokens",
        "osgi.http.whiteboard.servlet.pattern=/tokens/*",
        "osgi.http.whiteboard.servlet.name=orrery-access" })
public final class AccessServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile UserAdmin admin;

    private UserAdmin admin() throws Refusal {
        UserAdmin a = admin;
        if (a == null) {
            throw new Refusal(503, "Service Unavailable", "user management is not running");
        }
        return a;
    }

    private static String[] route(HttpServletRequest request) {
        String info = request.getPathInfo();
        String rest = info == null ? "" : info.replaceAll("^/+|/+$", "");
        return new String[] {request.getServletPath(), rest};
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(request, response, () -> {
            require(request, Role.ADMIN);
            String[] r = route(request);
            if (!r[1].isEmpty()) {
                throw new Refusal(405, "Method Not Allowed", "GET is defined on " + r[0] + " only");
            }
            ArrayNode list = ApiJson.MAPPER.createArrayNode();
            if (r[0].equals("/users")) {
                admin().users().forEach(u -> list.addObject().put("name", u.name()).put("role", u.role().id()));
            } else {
                admin().tokens().forEach(t -> list.add(token(t)));
            }
            json(response, 200, list);
        });
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(request, response, () -> {
            require(request, Role.ADMIN);
            String[] r = route(request);
            JsonNode body = body(request);
            if (!body.isObject()) {
                throw new ApiJson.BadRequest("send a JSON object");
            }
            try {
                if (r[0].equals("/users") && r[1].isEmpty()) {
                    ApiJson.known(body, "name", "role", "password");
                    UserAdmin.User user = admin().createUser(ApiJson.text(body, "name", true), role(body),
                            ApiJson.text(body, "password", true).toCharArray());
                    json(response, 201, ApiJson.MAPPER.createObjectNode().put("name", user.name()).put("role", user.role().id()));
                } else if (r[0].equals("/users") && r[1].endsWith("/password")) {
                    ApiJson.known(body, "password");
                    admin().setPassword(r[1].substring(0, r[1].length() - "/password".length()),
                            ApiJson.text(body, "password", true).toCharArray());
                    response.setStatus(204);
                } else if (r[0].equals("/tokens") && r[1].isEmpty()) {
                    ApiJson.known(body, "user", "role", "description", "expires_at");
                    String expires = ApiJson.text(body, "expires_at", false);
                    Instant expiresAt;
                    try {
                        expiresAt = expires == null ? null : Instant.parse(expires);
                    } catch (DateTimeParseException e) {
                        throw new ApiJson.BadRequest("'expires_at' must be an ISO-8601 time such as 2027-01-01T00:00:00Z");
                    }
                    String user = ApiJson.text(body, "user", false);
                    UserAdmin.IssuedToken issued = admin().createToken(
                            user == null ? ((org.orrery.security.AuthenticatedUser) request.getAttribute(ApiContext.USER_ATTRIBUTE)).name() : user,
                            body.has("role") ? role(body) : null, ApiJson.text(body, "description", false), expiresAt);
                    ObjectNode out = token(issued.token());
                    out.put("token", issued.secret());
                    json(response, 201, out);
                } else {
                    throw new Refusal(404, "Not Found", "no such route: POST " + request.getRequestURI());
                }
            } catch (IllegalArgumentException e) {
                throw new ApiJson.BadRequest(e.getMessage());
            }
        });
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(request, response, () -> {
            require(request, Role.ADMIN);
            String[] r = route(request);
            if (r[1].isEmpty() || r[1].contains("/")) {
                throw new Refusal(405, "Method Not Allowed", "DELETE is defined on " + r[0] + "/{id} only");
            }
            if (r[0].equals("/tokens")) {
                if (!admin().revokeToken(r[1])) {
                    throw new Refusal(404, "Not Found", "no token has the id '" + r[1] + "'");
                }
            } else {
                try {
                    admin().deleteUser(r[1]);
                } catch (IllegalArgumentException e) {
                    throw new Refusal(e.getMessage().startsWith("no user") ? 404 : 409,
                            e.getMessage().startsWith("no user") ? "Not Found" : "Conflict", e.getMessage());
                }
            }
            response.setStatus(204);
        });
    }

    private static Role role(JsonNode body) throws ApiJson.BadRequest {
        String text = ApiJson.text(body, "role", false);
        try {
            return text == null ? Role.VIEWER : Role.fromId(text);
        } catch (IllegalArgumentException e) {
            throw new ApiJson.BadRequest("'role': " + e.getMessage());
        }
    }

    private static ObjectNode token(UserAdmin.Token t) {
        ObjectNode n = ApiJson.MAPPER.createObjectNode();
        n.put("id", t.id());
        n.put("user", t.user());
        n.put("role", t.role().id());
        n.put("description", t.description());
        n.put("created_at", t.createdAt().toString());
        n.put("expires_at", t.expiresAt() == null ? null : t.expiresAt().toString());
        return n;
    }
}
