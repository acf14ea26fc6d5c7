package org.orrery.web.api.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.orrery.security.AuthenticatedUser;
import org.orrery.security.Authentication;
import org.orrery.security.Authenticator;
import org.orrery.security.Role;
import org.orrery.security.UserAdmin;
import org.orrery.web.api.ApiContext;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The dashboard's session at {@code /api/v1/session}: {@code POST} signs in with a user name and
 * password in the body (no {@code Authorization} header: the API context lets it through, after
 * its Origin check) and answers an API token valid for {@link #LIFETIME}; {@code GET} says who
 * the request's credential is; {@code DELETE} signs out, revoking the Bearer token it was sent
 * with. A wrong sign-in is a 401 that challenges for a Bearer token, never for HTTP Basic, so a
 * browser shows no password dialog of its own.
 */
@Component(service = Servlet.class, property = {
        ApiContext.SELECT,
        "osgi.http.whiteboard.servlet.pattern=" + ApiServletContext.SIGN_IN_PATH,
        "osgi.http.whiteboard.servlet.name=orrery-session" })
public final class SessionServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;
    /** How long a session token is valid. */
    static final Duration LIFETIME = Duration.ofHours(12);

    @Reference
    private volatile Authenticator authenticator;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile UserAdmin admin;

    private final transient Clock clock;

    public SessionServlet() {
        this(Clock.systemUTC());
    }

    SessionServlet(Clock clock) {
        this.clock = clock;
    }

    /** For tests: the services DS would inject. */
    SessionServlet(Clock clock, Authenticator authenticator, UserAdmin admin) {
        this(clock);
        this.authenticator = authenticator;
        this.admin = admin;
    }

    private UserAdmin admin() throws Refusal {
        UserAdmin a = admin;
        if (a == null) {
            throw new Refusal(503, "Service Unavailable", "user management is not running");
        }
        return a;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(request, response, () -> {
            JsonNode body = body(request);
            if (!body.isObject()) {
                throw new ApiJson.BadRequest("send a JSON object {\"user\": \"…\", \"password\": \"…\"}, found "
                        + ApiJson.kind(body));
            }
            ApiJson.known(body, "user", "password");
            String user = filled(body, "user");
            String password = filled(body, "password");
            String address = request.getRemoteAddr();
            Authentication login = authenticator.authenticateHttp("Basic " + Base64.getEncoder().encodeToString(
                    (user + ":" + password).getBytes(StandardCharsets.UTF_8)), address);
            if (login.outcome() == Authentication.Outcome.THROTTLED) {
                response.setHeader("Retry-After", Long.toString(login.retryAfterSeconds()));
                throw new Refusal(429, "Too Many Requests", "too many failed logins for this user or from this address: "
                        + "try again in " + login.retryAfterSeconds() + " s");
            }
            AuthenticatedUser signedIn = login.accepted().orElse(null);
            if (signedIn == null) {
                Problems.challengeBearer(response);
                throw new Refusal(HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized", "wrong user name or password");
            }
            request.setAttribute(ApiContext.USER_ATTRIBUTE, signedIn); // for the audit log
            UserAdmin.IssuedToken issued = admin().createToken(signedIn.name(), null,
                    "dashboard sign-in from " + address, clock.instant().plus(LIFETIME));
            ObjectNode out = ApiJson.MAPPER.createObjectNode();
            out.put("token", issued.secret());
            out.put("user", issued.token().user());
            out.put("role", issued.token().role().id());
            out.put("expires_at", issued.token().expiresAt().toString());
            json(response, 201, out);
        });
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(request, response, () -> {
            AuthenticatedUser user = require(request, Role.VIEWER);
            noBody(request);
            Optional<UserAdmin.Token> token = token(request, user);
            ObjectNode out = ApiJson.MAPPER.createObjectNode();
            out.put("user", user.name());
            out.put("role", user.role().id());
            out.put("expires_at", token.map(UserAdmin.Token::expiresAt).map(Instant::toString).orElse(null));
            out.put("token_id", token.map(UserAdmin.Token::id).orElse(null));
            json(response, 200, out);
        });
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(request, response, () -> {
            AuthenticatedUser user = require(request, Role.VIEWER);
            noBody(request);
            UserAdmin.Token token = token(request, user).orElseThrow(() -> new Refusal(HttpServletResponse.SC_BAD_REQUEST,
                    "Bad Request", "there is no session token to end: this request signed in with HTTP Basic, "
                            + "not with 'Authorization: Bearer <token>'"));
            admin().revokeToken(token.id());
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
        });
    }

    /**
     * The API token the request was sent with, when it was a Bearer token of {@code user}: the one
     * whose id is part of the token (between underscores, as {@code UserAdmin.IssuedToken} makes it).
     */
    private Optional<UserAdmin.Token> token(HttpServletRequest request, AuthenticatedUser user) throws Refusal {
        String authorization = request.getHeader("Authorization");
        if (!Problems.bearer(authorization)) {
            return Optional.empty();
        }
        List<String> parts = List.of(authorization.substring("Bearer ".length()).trim().split("_"));
        return admin().tokens().stream()
                .filter(t -> t.user().equals(user.name()) && parts.contains(t.id()))
                .findFirst();
    }

    /** A string field that must be there and not blank, else a 400 naming it. */
    private static String filled(JsonNode body, String field) throws ApiJson.BadRequest {
        String value = ApiJson.text(body, field, true);
        if (value.isBlank()) {
            throw new ApiJson.BadRequest("'" + field + "' is blank: give the " + ("user".equals(field) ? "user name" : field));
        }
        return value;
    }
}
